// The invoice draft form (new and edit), shared by server and component: field names, the Zod
// schemas, the values sent back with the errors. Lines are repeated fields (lineDescription,
// lineQuantity, linePrice, lineVat); a row left blank is ignored. Without JavaScript the form has
// `rows` blank rows and the "Ajouter une ligne" intent re-renders it with one more.
import { isCalendarDay } from "~/lib/calendar-day";
import { z } from "zod";
import { MAX_QUANTITY, MAX_UNIT_PRICE_CENTS, parseEuros, parseQuantity, QUANTITY_TOO_HIGH, UNIT_PRICE_TOO_HIGH } from "./money";

export const BLANK_ROWS = 3;
export const MAX_ROWS = 50;
export const VAT_RATE_CHOICES = [
  { bps: 2000, label: "20 %" },
  { bps: 1000, label: "10 %" },
  { bps: 550, label: "5,5 %" },
  { bps: 0, label: "0 %" },
] as const;

export type LineValues = { description: string; quantity: string; price: string; vat: string };
export type InvoiceFormValues = {
  clientId: string;
  sessionIds: string[];
  lines: LineValues[];
  title: string;
  serviceDate: string;
  serviceEndDate: string;
  dueDate: string;
  notes: string;
};
export type LineErrors = Partial<Record<keyof LineValues, string>>;
export type InvoiceFormErrors = {
  form?: string[];
  fields?: Partial<Record<"clientId" | "title" | "serviceDate" | "serviceEndDate" | "dueDate" | "notes", string>>;
  lines?: Record<number, LineErrors>;
};

/** A real calendar day `YYYY-MM-DD` (2026-02-30 is not one: Date would roll it to 2 March). */
export const realDay = isCalendarDay;
const optionalDay = (label: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === "" || realDay(v), `${label} : une date valide (AAAA-MM-JJ).`)
    .transform((v) => v || null);
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} : ${max} caractères au plus.`)
    .transform((v) => v || null);

export const InvoiceFieldsSchema = z
  .object({
    clientId: z.coerce.number({ invalid_type_error: "Choisissez un client." }).int().positive("Choisissez un client."),
    title: optionalText(120, "Objet"),
    serviceDate: optionalDay("Date de prestation"),
    serviceEndDate: optionalDay("Fin de prestation"),
    dueDate: optionalDay("Échéance"),
    notes: optionalText(2000, "Notes"),
  })
  .refine((v) => !v.serviceEndDate || (v.serviceDate !== null && v.serviceEndDate >= v.serviceDate), {
    message: "La fin de prestation suit la date de prestation (renseignez les deux).",
    path: ["serviceEndDate"],
  });

export const InvoiceLineSchema = z.object({
  description: z.string().trim().min(1, "Décrivez la prestation.").max(300, "300 caractères au plus."),
  quantity: z.string().transform((v, ctx) => {
    const q = parseQuantity(v);
    if (q === null) ctx.addIssue({ code: "custom", message: "Une quantité positive, 2 décimales au plus (ex. 1,5)." });
    else if (q > MAX_QUANTITY) ctx.addIssue({ code: "custom", message: QUANTITY_TOO_HIGH });
    return q ?? 0;
  }),
  price: z.string().transform((v, ctx) => {
    const cents = parseEuros(v);
    if (cents === null) ctx.addIssue({ code: "custom", message: "Un prix en euros, ex. 80 ou 79,90." });
    else if (Math.abs(cents) > MAX_UNIT_PRICE_CENTS) ctx.addIssue({ code: "custom", message: UNIT_PRICE_TOO_HIGH });
    return cents ?? 0;
  }),
  vat: z.coerce
    .number()
    .refine((v) => VAT_RATE_CHOICES.some((c) => c.bps === v), "Choisissez un taux de TVA.")
    .catch(-1),
});

/** The form's values exactly as typed (for sending them back with the errors). */
export function formValues(form: FormData): InvoiceFormValues {
  const all = (name: string) => form.getAll(name).map((v) => (typeof v === "string" ? v : ""));
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const descriptions = all("lineDescription");
  const quantities = all("lineQuantity");
  const prices = all("linePrice");
  const vats = all("lineVat");
  const lines = descriptions.slice(0, MAX_ROWS).map((description, i) => ({ description, quantity: quantities[i] ?? "", price: prices[i] ?? "", vat: vats[i] ?? "" }));
  return {
    clientId: text("clientId"),
    sessionIds: all("sessionId"),
    lines,
    title: text("title"),
    serviceDate: text("serviceDate"),
    serviceEndDate: text("serviceEndDate"),
    dueDate: text("dueDate"),
    notes: text("notes"),
  };
}

/** A row with neither description nor price (its quantity defaults to 1) is left out. */
export const isBlankLine = (l: LineValues) => !l.description.trim() && !l.price.trim();

/** `n` rows for the form: the typed lines, then blank ones. */
export function withRows(lines: LineValues[], n: number, defaultVat: string): LineValues[] {
  const rows = lines.slice(0, MAX_ROWS);
  while (rows.length < Math.min(n, MAX_ROWS)) rows.push({ description: "", quantity: "1", price: "", vat: defaultVat });
  return rows;
}

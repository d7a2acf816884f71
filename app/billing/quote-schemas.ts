// The quote form (new and edit), one Zod schema. Without JavaScript the line editor is a fixed
// number of rows named `lines[i].field`; a row left entirely blank is ignored, and errors are
// keyed by path ("lines.2.price") so that each shows under its own input. No server imports.
import { z } from "zod";
import { LINE_KINDS, VAT_RATES_BPS } from "../../db/tenant.schema";
import { isCalendarDay } from "~/lib/calendar-day";
import { lineCapError, parseEuros, parseQuantity } from "./money";

export const LINE_FIELDS = ["kind", "description", "quantity", "price", "sessionCount", "vatRate"] as const;
export type LineRow = Record<(typeof LINE_FIELDS)[number], string>;
export const LINE_KIND_LABELS: Record<(typeof LINE_KINDS)[number], string> = { free: "Ligne libre", session: "Séance individuelle", package: "Forfait de N séances" };
export const MAX_ROWS = 100;
export const BLANK_ROWS = 3;

export const blankRow = (vatRate: number): LineRow => ({ kind: "free", description: "", quantity: "1", price: "", sessionCount: "", vatRate: String(vatRate) });
const isBlank = (r: LineRow) => !r.description.trim() && !r.price.trim();

const day = (message: string) => z.string().trim().refine((v) => v === "" || isCalendarDay(v), message);
const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`);

const LineRowSchema = z.object({
  kind: z.enum(LINE_KINDS, { errorMap: () => ({ message: "Choisissez le type de ligne." }) }),
  description: text(300),
  quantity: z.string().trim(),
  price: z.string().trim(),
  sessionCount: z.string().trim(),
  vatRate: z.string().trim(),
});

export const QuoteFormSchema = z
  .object({
    title: text(200),
    validUntil: day("Une date, par exemple 2026-12-31."),
    depositPercent: z.string().trim(),
    depositDueDate: day("Une date, par exemple 2026-12-31."),
    balanceDueDate: day("Une date, par exemple 2026-12-31."),
    notes: text(2000),
    lines: z.array(LineRowSchema).max(MAX_ROWS, `${MAX_ROWS} lignes au plus.`),
  })
  .superRefine((v, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const deposit = v.depositPercent === "" ? 0 : Number(v.depositPercent);
    // 100 % would leave a balance of 0 € (no invoice can be issued for it): that is a single invoice.
    if (!Number.isInteger(deposit) || deposit < 0 || deposit > 99) issue(["depositPercent"], "Un pourcentage entier entre 0 et 99 (0 : une seule facture).");
    if (deposit > 0 && v.depositDueDate && v.balanceDueDate && v.balanceDueDate < v.depositDueDate) issue(["balanceDueDate"], "Le solde ne peut pas être dû avant l'acompte.");
    let filled = 0;
    v.lines.forEach((row, i) => {
      if (isBlank(row)) return;
      filled++;
      if (row.kind === "free" && !row.description) issue(["lines", i, "description"], "Décrivez la prestation.");
      const price = parseEuros(row.price);
      if (price === null) issue(["lines", i, "price"], "Un prix en euros, par exemple 80 ou 80,50.");
      else if (price < 0) issue(["lines", i, "price"], "Le prix ne peut pas être négatif.");
      const quantity = row.kind === "free" ? parseQuantity(row.quantity || "1") : 100;
      const capped = price !== null && quantity !== null ? lineCapError({ quantity, unitPriceCents: price }) : null;
      if (capped) issue(["lines", i, /quantit/i.test(capped) ? "quantity" : "price"], capped);
      if (row.kind === "free" && parseQuantity(row.quantity || "1") === null) issue(["lines", i, "quantity"], "Une quantité positive, par exemple 1 ou 1,5.");
      if (row.kind === "package") {
        const n = Number(row.sessionCount);
        if (!/^\d{1,3}$/.test(row.sessionCount) || n < 1) issue(["lines", i, "sessionCount"], "Le nombre de séances du forfait (1 à 999).");
      }
      if (row.vatRate && !(VAT_RATES_BPS as readonly number[]).includes(Number(row.vatRate))) issue(["lines", i, "vatRate"], "Choisissez un taux de TVA.");
    });
    if (filled === 0) issue(["lines"], "Ajoutez au moins une ligne (une description et un prix).");
  });

/** What the form holds as typed (any string: a tampered select is caught by the schema). */
export type QuoteFormValues = Omit<z.input<typeof QuoteFormSchema>, "lines"> & { lines: LineRow[]; clientId?: string };
export type QuoteFormErrors = Record<string, string>;

/** The parsed form as the model's input (blank rows dropped). */
export function quoteFormInput(v: z.output<typeof QuoteFormSchema>, defaultVatRate: number) {
  return {
    title: v.title || null,
    validUntil: v.validUntil || null,
    depositPercent: v.depositPercent === "" ? 0 : Number(v.depositPercent),
    depositDueDate: v.depositDueDate || null,
    balanceDueDate: v.balanceDueDate || null,
    notes: v.notes || null,
    lines: v.lines
      .filter((r) => !isBlank(r))
      .map((r) => ({
        kind: r.kind,
        description: r.description,
        quantity: r.kind === "free" ? parseQuantity(r.quantity || "1")! : 100,
        unitPriceCents: parseEuros(r.price)!,
        vatRateBps: r.vatRate ? Number(r.vatRate) : defaultVatRate,
        sessionCount: r.kind === "package" ? Number(r.sessionCount) : null,
      })),
  };
}

// One CSV row → the lead fields it carries, or the reasons it is rejected (per cell, in French).
// Empty cells carry nothing: they never erase what a lead already has.
import { STATUS_LABELS } from "../lead-status";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import { LEAD_STATUSES, type LeadStatus } from "../../../db/tenant.schema";
import { parseFrenchDate, parseFrenchNumber } from "./french";
import { FIELD_LABELS, normalizeHeader, type ColumnMapping, type ImportField } from "./mapping";

export type ImportedLead = {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  company?: string;
  jobTitle?: string;
  city?: string;
  source?: string;
  status?: LeadStatus;
  instagramId?: string;
  tags?: string[];
  score?: number;
  dealValueCents?: number;
  createdAt?: Date;
  /** Oui/non: stored with source "import" and the import's date (a lead's consent record). */
  consent?: boolean;
};

export type RowCheck = { ok: true; lead: ImportedLead } | { ok: false; errors: Partial<Record<ImportField | "row", string>> };

/** French labels (and the stored English values) of the statuses, accent- and case-insensitive. */
const STATUS_WORDS: Record<string, LeadStatus> = {
  nouveau: "new",
  nouvelle: "new",
  engage: "engaged",
  engagee: "engaged",
  qualifie: "qualified",
  qualifiee: "qualified",
  "appel propose": "call_proposed",
  "appel reserve": "call_booked",
  "appel planifie": "call_booked",
  "appel booke": "call_booked",
  "rdv pris": "call_booked",
  gagne: "won",
  gagnee: "won",
  client: "won",
  perdu: "lost",
  perdue: "lost",
  "a relancer": "follow_up",
  relance: "follow_up",
  relancer: "follow_up",
};
for (const s of LEAD_STATUSES) STATUS_WORDS[normalizeHeader(s)] = s;


export function parseStatus(raw: string): LeadStatus | null {
  return STATUS_WORDS[normalizeHeader(raw)] ?? null;
}

/** The CRM export prefixes text cells starting with = + - @ tab CR with `'` (formula injection): undo it. */
export function unneutralize(cell: string) {
  return cell.length > 1 && cell[0] === "'" && "=+-@\t\r".includes(cell[1]) ? cell.slice(1) : cell;
}

export function splitTags(raw: string) {
  return [...new Set(raw.split(/[,;|]/).map((t) => t.trim()).filter(Boolean))];
}

const CONSENT_YES = new Set(["oui", "o", "yes", "y", "true", "vrai", "1", "x"]);
const CONSENT_NO = new Set(["non", "n", "no", "false", "faux", "0"]);

const text = (max: number) => z.string().max(max, `${max} caractères au plus`);
const EARLIEST = Date.UTC(2015, 0, 1);

const FIELD_SCHEMAS: Record<ImportField, z.ZodType<unknown, z.ZodTypeDef, string>> = {
  firstName: text(100),
  lastName: text(100),
  email: z
    .string()
    .max(254, "254 caractères au plus")
    .email("adresse email invalide")
    .transform((e) => e.toLowerCase()),
  phone: z.string().transform((raw, ctx) => {
    const parsed = parsePhoneNumberFromString(raw, "FR");
    if (!parsed?.isValid()) {
      ctx.addIssue({ code: "custom", message: "numéro de téléphone invalide" });
      return z.NEVER;
    }
    return parsed.number as string;
  }),
  company: text(200),
  jobTitle: text(200),
  city: text(120),
  source: text(100),
  status: z.string().transform((raw, ctx) => {
    const status = parseStatus(raw);
    if (!status) {
      ctx.addIssue({ code: "custom", message: `statut inconnu (attendu : ${Object.values(STATUS_LABELS).join(", ")})` });
      return z.NEVER;
    }
    return status;
  }),
  instagramId: z
    .string()
    .transform((s) => s.replace(/^@/, ""))
    .pipe(text(100).regex(/^[\w.]+$/, "identifiant Instagram invalide (lettres, chiffres, points, tirets bas)")),
  tags: z
    .string()
    .transform(splitTags)
    .pipe(z.array(text(40).min(1)).max(20, "20 étiquettes au plus")),
  score: z.string().transform((raw, ctx) => {
    const n = parseFrenchNumber(raw);
    if (n === null || !Number.isInteger(n) || n < 0 || n > 100) {
      ctx.addIssue({ code: "custom", message: "score attendu entre 0 et 100" });
      return z.NEVER;
    }
    return n;
  }),
  dealValue: z.string().transform((raw, ctx) => {
    const n = parseFrenchNumber(raw);
    if (n === null || n < 0 || n > 100_000_000) {
      ctx.addIssue({ code: "custom", message: "montant invalide (ex. 1 250,50)" });
      return z.NEVER;
    }
    return Math.round(n * 100);
  }),
  consent: z.string().transform((raw, ctx) => {
    const word = normalizeHeader(raw);
    if (CONSENT_YES.has(word)) return true;
    if (CONSENT_NO.has(word)) return false;
    ctx.addIssue({ code: "custom", message: "attendu oui ou non" });
    return z.NEVER;
  }),
  createdAt: z.string().transform((raw, ctx) => {
    const d = parseFrenchDate(raw);
    if (!d) {
      ctx.addIssue({ code: "custom", message: "date invalide (attendu jj/mm/aaaa)" });
      return z.NEVER;
    }
    if (d.getTime() < EARLIEST || d.getTime() > Date.now() + 86_400_000) {
      ctx.addIssue({ code: "custom", message: "date hors de la période acceptée (2015 à aujourd'hui)" });
      return z.NEVER;
    }
    return d;
  }),
};

export const NO_KEY_REASON = "ni email, ni téléphone, ni identifiant Instagram : impossible de reconnaître ce contact";
export const SUPPRESSED_REASON = "contact supprimé/blacklisté";

/** Validates the mapped cells of one row. */
export function validateRow(cells: string[], mapping: ColumnMapping): RowCheck {
  const lead: Record<string, unknown> = {};
  const errors: Partial<Record<ImportField | "row", string>> = {};
  for (const [index, field] of Object.entries(mapping)) {
    const raw = unneutralize((cells[Number(index)] ?? "").trim()).trim();
    if (raw === "") continue;
    const result = FIELD_SCHEMAS[field].safeParse(raw);
    if (result.success) lead[field === "dealValue" ? "dealValueCents" : field] = result.data;
    else errors[field] = `${FIELD_LABELS[field]} : ${result.error.issues[0]?.message ?? "valeur invalide"}`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (!lead.email && !lead.phone && !lead.instagramId) return { ok: false, errors: { row: NO_KEY_REASON } };
  return { ok: true, lead: lead as ImportedLead };
}

/** One line of reasons, for the report and the rejected-rows CSV. */
export function reasonOf(check: RowCheck) {
  return check.ok ? "" : Object.values(check.errors).join(" ; ");
}

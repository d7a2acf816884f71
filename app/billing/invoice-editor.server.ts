// The draft form's server side (/dashboard/invoices/new and a draft's page): what the form
// offers (clients, the client's uninvoiced completed sessions, the VAT regime) and saving it.
import { clientChoices } from "~/clients/sessions.server";
import { formatDate } from "~/lib/format";
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError } from "./billing-error";
import { readBillingProfile } from "./billing-profile.server";
import {
  BLANK_ROWS,
  formValues,
  InvoiceFieldsSchema,
  InvoiceLineSchema,
  isBlankLine,
  type InvoiceFormErrors,
  type InvoiceFormValues,
  type LineValues,
} from "./invoice-form";
import { B2B_MAX_TERMS_DAYS, createDraftInvoice, invoiceLinesOf, uninvoicedSessions, updateDraftInvoice, type DraftLine, type Invoice } from "./invoices.server";

export type SessionChoice = { id: number; label: string; priceCents: number };

/** "Séance du 3 nov. 2026 – Confiance" */
export const sessionLineLabel = (s: { scheduledAt: number | Date; theme: string | null }) =>
  `Séance du ${formatDate(s.scheduledAt)}${s.theme ? ` – ${s.theme}` : ""}`;

function sessionChoices(db: TenantDb, clientId: number, draft?: Invoice) {
  const own = draft
    ? (db.$client
        .prepare(
          `SELECT s.id, s.scheduled_at AS scheduledAt, s.theme, l.unit_price_cents AS priceCents FROM invoice_lines l
           JOIN coaching_sessions s ON s.id = l.session_id WHERE l.invoice_id = ? AND s.client_id = ?`,
        )
        .all(draft.id, clientId) as { id: number; scheduledAt: number; theme: string | null; priceCents: number }[])
    : [];
  const all = [...own, ...uninvoicedSessions(db, clientId)].sort((a, b) => a.scheduledAt - b.scheduledAt || a.id - b.id);
  return all.map((s) => ({ id: s.id, label: sessionLineLabel(s), priceCents: s.priceCents }));
}

const eurosText = (cents: number) => (cents / 100).toFixed(2).replace(".", ",").replace(",00", "");
const quantityText = (q: number) => String(q / 100).replace(".", ",");

/** What the form shows: for a new invoice of `clientId` (all its sessions checked), or a draft's content. */
export function loadInvoiceForm(db: TenantDb, { clientId, draft }: { clientId: number | null; draft?: Invoice }) {
  const profile = readBillingProfile(db);
  const clients = clientChoices(db);
  const chosen = clients.some((c) => c.id === clientId) ? clientId : null;
  const defaultVat = String(profile.vatRegime === "standard" ? profile.defaultVatRateBps : 0);
  const sessions = chosen === null ? [] : sessionChoices(db, chosen, draft);
  const lines = draft ? invoiceLinesOf(db, draft.id) : [];
  const values: InvoiceFormValues = {
    clientId: chosen === null ? "" : String(chosen),
    sessionIds: draft ? lines.flatMap((l) => (l.sessionId ? [String(l.sessionId)] : [])) : sessions.map((s) => String(s.id)),
    lines: lines
      .filter((l) => !l.sessionId)
      .map((l) => ({ description: l.description, quantity: quantityText(l.quantity), price: eurosText(l.unitPriceCents), vat: String(l.vatRateBps) })),
    title: draft?.title ?? "",
    serviceDate: draft?.serviceDate ?? "",
    serviceEndDate: draft?.serviceEndDate ?? "",
    dueDate: draft?.dueDate ?? "",
    notes: draft?.notes ?? "",
  };
  return {
    clients,
    sessions,
    regime: profile.vatRegime,
    defaultVat,
    values,
    rows: Math.max(values.lines.length + 1, BLANK_ROWS),
    business: chosen !== null && clientKind(db, chosen) === "business",
  };
}

const clientKind = (db: TenantDb, clientId: number) =>
  (db.$client.prepare("SELECT kind FROM clients WHERE id = ?").get(clientId) as { kind: string } | undefined)?.kind;

export type SaveResult = { ok: true; id: number } | { ok: false; values: InvoiceFormValues; errors: InvoiceFormErrors; rows: number };

/** Validates and saves the form as a new draft (`draftId` null) or over a draft. */
export function saveInvoiceForm(db: TenantDb, form: FormData, draftId: number | null, now = new Date()): SaveResult {
  const values = formValues(form);
  const rows = Math.max(values.lines.length, BLANK_ROWS);
  const errors: InvoiceFormErrors = {};
  const fields = InvoiceFieldsSchema.safeParse(values);
  if (!fields.success) {
    errors.fields = {};
    for (const issue of fields.error.issues) {
      const key = issue.path[0] as keyof NonNullable<InvoiceFormErrors["fields"]>;
      errors.fields[key] ??= issue.message;
    }
  }
  const profile = readBillingProfile(db);
  const standard = profile.vatRegime === "standard";
  const free: DraftLine[] = [];
  values.lines.forEach((line: LineValues, i) => {
    if (isBlankLine(line)) return;
    const parsed = InvoiceLineSchema.safeParse({ ...line, vat: standard ? line.vat : "0" });
    if (!parsed.success) {
      errors.lines ??= {};
      errors.lines[i] = {};
      for (const issue of parsed.error.issues) errors.lines[i][issue.path[0] as keyof LineValues] ??= issue.message;
      return;
    }
    if (parsed.data.vat < 0) {
      (errors.lines ??= {})[i] = { vat: "Choisissez un taux de TVA." };
      return;
    }
    free.push({ description: parsed.data.description, quantity: parsed.data.quantity, unitPriceCents: parsed.data.price, vatRateBps: parsed.data.vat });
  });
  if (errors.fields || errors.lines) return { ok: false, values, errors, rows };
  const clientId = fields.success ? fields.data.clientId : 0;
  if (clientKind(db, clientId) === undefined) return { ok: false, values, errors: { fields: { clientId: "Choisissez un client." } }, rows };
  const sessionRows = sessionChoicesById(db, clientId, values.sessionIds);
  if (sessionRows === null) return { ok: false, values, errors: { form: ["Une séance cochée n'est plus disponible : rechargez la page."] }, rows };
  const sessionVat = standard ? profile.defaultVatRateBps : 0;
  const lines: DraftLine[] = [
    ...sessionRows.map((s) => ({ kind: "session" as const, description: sessionLineLabel(s), quantity: 100, unitPriceCents: s.priceCents, vatRateBps: sessionVat, sessionId: s.id })),
    ...free,
  ];
  if (lines.length === 0) return { ok: false, values, errors: { form: ["Cochez une séance ou remplissez au moins une ligne."] }, rows };
  const f = fields.success ? fields.data : null;
  if (!f) return { ok: false, values, errors, rows };
  if (f.dueDate && clientKind(db, f.clientId) === "business" && f.dueDate > addDaysIso(now, B2B_MAX_TERMS_DAYS + 1)) {
    // The exact cap is checked when issuing (60 days after the issue date); this catches the obvious.
    return { ok: false, values, errors: { fields: { dueDate: `Entre professionnels, l'échéance est au plus à ${B2B_MAX_TERMS_DAYS} jours de l'émission.` } }, rows };
  }
  const input = { clientId: f.clientId, title: f.title, serviceDate: f.serviceDate, serviceEndDate: f.serviceEndDate, dueDate: f.dueDate, notes: f.notes, lines };
  try {
    if (draftId === null) return { ok: true, id: createDraftInvoice(db, input, now) };
    updateDraftInvoice(db, draftId, input, now);
    return { ok: true, id: draftId };
  } catch (error) {
    if (error instanceof BillingError && error.code !== "not_found" && error.code !== "frozen") return { ok: false, values, errors: { form: [error.message] }, rows };
    throw error;
  }
}

const addDaysIso = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/** The checked sessions (with their date and theme for the line), or null when an id is not a session of this client. */
function sessionChoicesById(db: TenantDb, clientId: number, ids: string[]) {
  // More than an invoice's 200 lines is a forged form (and would overflow SQLite's bound variables).
  if (ids.length > 200) return null;
  const wanted = [...new Set(ids)].map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
  if (wanted.length !== ids.length) return ids.length === 0 ? [] : null;
  if (wanted.length === 0) return [];
  const rows = db.$client
    .prepare(`SELECT id, scheduled_at AS scheduledAt, theme, price_cents AS priceCents FROM coaching_sessions WHERE client_id = ? AND id IN (${wanted.map(() => "?").join(",")}) ORDER BY scheduled_at, id`)
    .all(clientId, ...wanted) as { id: number; scheduledAt: number; theme: string | null; priceCents: number }[];
  return rows.length === wanted.length ? rows : null;
}

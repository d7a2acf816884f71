// Invoices and credit notes: drafts (free to edit, no number), issuing (next number of the yearly
// series, frozen), credit notes (their own series, issued at once). The SQL triggers of migration
// 0009 refuse any edit of an issued row, so these functions are not the only guard.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { clients, coachingSessions, invoiceEvents, invoiceLines, invoices, type LINE_KINDS } from "../../db/tenant.schema";
import { addDays, dayKey } from "~/kpis/paris-days.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError } from "./billing-error";
import { readBillingProfile } from "./billing-profile.server";
import { computeTotals, effectiveRate, formatRate, lineCapError, roundHalfAway, type VatRegime } from "./money";
import { newPublicToken, registerPublicLink } from "./public-links.server";
import { creditedCents, refreshPaid } from "./settlement.server";
import { submittedEvent, withSubmission } from "./submission.server";
import { buyerSnapshot, missingBuyerFields, missingSellerFields, sellerSnapshot } from "./snapshots.server";

export { creditedCents };

export type Invoice = typeof invoices.$inferSelect;
export type InvoiceLine = typeof invoiceLines.$inferSelect;

export const INVOICE_NOT_FOUND = "Cette facture n'existe pas (ou plus).";
export const invoiceNotFound = () => new Response(INVOICE_NOT_FOUND, { status: 404 });

/** B2B payment terms are capped by law (art. L441-10 du code de commerce): 60 days from issue. */
export const B2B_MAX_TERMS_DAYS = 60;

export type DraftLine = {
  kind?: (typeof LINE_KINDS)[number];
  description: string;
  /** Hundredths. */
  quantity: number;
  unitPriceCents: number;
  vatRateBps: number;
  sessionId?: number | null;
  sessionCount?: number | null;
};

export type DraftInput = {
  clientId: number;
  title?: string | null;
  serviceDate?: string | null;
  serviceEndDate?: string | null;
  /** Null: computed at issue from the settings' payment terms. */
  dueDate?: string | null;
  notes?: string | null;
  quoteId?: number | null;
  schedulePart?: "deposit" | "balance" | "full" | null;
  lines: DraftLine[];
};

export function findInvoice(db: TenantDb, invoiceId: number): Invoice | undefined {
  return db.select().from(invoices).where(eq(invoices.id, invoiceId)).get();
}

export function invoiceLinesOf(db: TenantDb, invoiceId: number): InvoiceLine[] {
  return db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.position)).all();
}

/** Completed sessions of the client that no live invoice (draft or issued) bills yet. */
export function uninvoicedSessions(db: TenantDb, clientId: number) {
  return db.$client
    .prepare(
      `SELECT s.id, s.scheduled_at AS scheduledAt, s.duration_minutes AS durationMinutes, s.price_cents AS priceCents, s.theme
       FROM coaching_sessions s
       WHERE s.client_id = ? AND s.status = 'completed' AND NOT EXISTS (
         SELECT 1 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
         WHERE l.session_id = s.id AND i.kind = 'invoice' AND i.state IN ('draft', 'issued'))
       ORDER BY s.scheduled_at, s.id`,
    )
    .all(clientId) as { id: number; scheduledAt: number; durationMinutes: number; priceCents: number; theme: string | null }[];
}

function checkSessions(db: TenantDb, clientId: number, lines: DraftLine[], exceptInvoiceId: number | null) {
  const ids = lines.flatMap((l) => (l.sessionId ? [l.sessionId] : []));
  if (ids.length === 0) return;
  if (new Set(ids).size !== ids.length) throw new BillingError("Une même séance apparaît deux fois.");
  const rows = db
    .select({ id: coachingSessions.id, clientId: coachingSessions.clientId, status: coachingSessions.status })
    .from(coachingSessions)
    .where(inArray(coachingSessions.id, ids))
    .all();
  if (rows.length !== ids.length || rows.some((r) => r.clientId !== clientId)) throw new BillingError("Une séance choisie n'appartient pas à ce client.");
  if (rows.some((r) => r.status !== "completed")) throw new BillingError("Seules les séances réalisées se facturent.");
  const billed = db.$client
    .prepare(
      `SELECT l.session_id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
       WHERE l.session_id IN (${ids.map(() => "?").join(",")}) AND i.kind = 'invoice' AND i.state IN ('draft', 'issued') AND i.id IS NOT ?`,
    )
    .all(...ids, exceptInvoiceId);
  if (billed.length > 0) throw new BillingError("Une séance choisie est déjà facturée.");
}

function requireClientRow(db: TenantDb, clientId: number) {
  const client = db.select().from(clients).where(eq(clients.id, clientId)).get();
  if (!client) throw new BillingError("Ce client n'existe pas (ou plus).", "not_found");
  return client;
}

function writeLines(db: TenantDb, invoiceId: number, regime: VatRegime, lines: DraftLine[]) {
  const totals = computeTotals(lines, regime);
  lines.forEach((line, position) => {
    db.insert(invoiceLines)
      .values({
        invoiceId,
        position,
        kind: line.kind ?? (line.sessionId ? "session" : "free"),
        description: line.description,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        vatRateBps: effectiveRate(regime, line.vatRateBps),
        totalHtCents: totals.lineTotalsHt[position],
        sessionCount: line.sessionCount ?? null,
        sessionId: line.sessionId ?? null,
      })
      .run();
  });
  return totals;
}

function checkLines(lines: DraftLine[]) {
  if (lines.length === 0) throw new BillingError("Ajoutez au moins une ligne.");
  if (lines.length > 200) throw new BillingError("200 lignes au plus par facture.");
  for (const line of lines) {
    const capped = lineCapError(line);
    if (capped) throw new BillingError(capped);
  }
}

export function createDraftInvoice(db: TenantDb, input: DraftInput, now = new Date()): number {
  checkLines(input.lines);
  return db.$client
    .transaction(() => {
      requireClientRow(db, input.clientId);
      checkSessions(db, input.clientId, input.lines, null);
      const regime = readBillingProfile(db).vatRegime;
      const id = db
        .insert(invoices)
        .values({
          kind: "invoice",
          clientId: input.clientId,
          state: "draft",
          title: input.title ?? null,
          serviceDate: input.serviceDate ?? null,
          serviceEndDate: input.serviceEndDate ?? null,
          dueDate: input.dueDate ?? null,
          notes: input.notes ?? null,
          quoteId: input.quoteId ?? null,
          schedulePart: input.schedulePart ?? null,
          vatRegime: regime,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: invoices.id })
        .get().id;
      const totals = writeLines(db, id, regime, input.lines);
      db.update(invoices).set({ totalHtCents: totals.totalHtCents, totalVatCents: totals.totalVatCents, totalTtcCents: totals.totalTtcCents }).where(eq(invoices.id, id)).run();
      return id;
    })
    .immediate();
}

function requireDraft(db: TenantDb, invoiceId: number) {
  const invoice = findInvoice(db, invoiceId);
  if (!invoice) throw new BillingError(INVOICE_NOT_FOUND, "not_found");
  if (invoice.state !== "draft") throw new BillingError("Une facture émise ne se modifie plus : corrigez-la par un avoir.", "frozen");
  return invoice;
}

/** Replaces a draft's fields and lines (the edit form sends them all). */
export function updateDraftInvoice(db: TenantDb, invoiceId: number, input: DraftInput, now = new Date()) {
  checkLines(input.lines);
  db.$client
    .transaction(() => {
      requireDraft(db, invoiceId);
      requireClientRow(db, input.clientId);
      checkSessions(db, input.clientId, input.lines, invoiceId);
      const regime = readBillingProfile(db).vatRegime;
      db.delete(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).run();
      const totals = writeLines(db, invoiceId, regime, input.lines);
      db.update(invoices)
        .set({
          clientId: input.clientId,
          title: input.title ?? null,
          serviceDate: input.serviceDate ?? null,
          serviceEndDate: input.serviceEndDate ?? null,
          dueDate: input.dueDate ?? null,
          notes: input.notes ?? null,
          vatRegime: regime,
          totalHtCents: totals.totalHtCents,
          totalVatCents: totals.totalVatCents,
          totalTtcCents: totals.totalTtcCents,
          updatedAt: now,
        })
        .where(eq(invoices.id, invoiceId))
        .run();
    })
    .immediate();
}

/** Only a draft can be deleted (it has no number: nothing is lost from the series). */
export function deleteDraftInvoice(db: TenantDb, invoiceId: number) {
  db.$client
    .transaction(() => {
      requireDraft(db, invoiceId);
      db.delete(invoices).where(eq(invoices.id, invoiceId)).run();
    })
    .immediate();
}

/** `2026-0001` for invoices, `A-2026-0001` for credit notes: the series of the issue date's Paris year. */
export function seriesOf(kind: "invoice" | "credit_note", issueDate: string) {
  const year = issueDate.slice(0, 4);
  return kind === "invoice" ? year : `A-${year}`;
}

/**
 * The next number of a series. Called inside an IMMEDIATE transaction: the write lock serialises
 * every issuer of this tenant file (other requests, other processes), so max + 1 is neither
 * duplicated nor skipped; a rollback gives the number back; issued rows are never deleted
 * (trigger), so a number is never re-used. The unique (series, sequence) index is the backstop.
 */
function nextNumber(db: TenantDb, series: string, issueDate: string) {
  const { next, lastDate } = db.$client
    .prepare("SELECT coalesce(max(sequence), 0) + 1 AS next, max(issue_date) AS lastDate FROM invoices WHERE series = ?")
    .get(series) as { next: number; lastDate: string | null };
  // Numbers follow the dates (chronological series): never a number dated before its predecessor.
  if (lastDate !== null && lastDate > issueDate) throw new BillingError(`Le n° ${series}-${String(next - 1).padStart(4, "0")} est daté du ${lastDate} : une pièce de la série ne peut pas être antérieure.`, "conflict");
  return { sequence: next, number: `${series}-${String(next).padStart(4, "0")}` };
}

function logEvent(db: TenantDb, invoiceId: number, type: (typeof invoiceEvents.$inferInsert)["type"], detail: string | null, now: Date) {
  db.insert(invoiceEvents).values({ invoiceId, type, day: dayKey(now), detail, createdAt: now }).run();
}
export { logEvent as logInvoiceEvent };

export type IssueContext = { tenantId: string; coachEmail: string | null; now?: Date };

/** Assigns the number, freezes seller, buyer, dates and totals, and opens the public pay link. */
export function issueInvoice(db: TenantDb, invoiceId: number, { tenantId, coachEmail, now = new Date() }: IssueContext) {
  // The refusals a coach meets (not a draft, settings or client incomplete) come before the
  // control DB is written; the transaction checks them again under the lock.
  preIssueChecks(db, invoiceId);
  const token = newPublicToken();
  // The control DB is another file: the link is registered first (harmless if the issue then
  // fails: the pay page checks the tenant row's token and state).
  registerPublicLink(tenantId, "invoice", invoiceId, token);
  return db.$client
    .transaction(() => {
      const { draft, client, profile } = preIssueChecks(db, invoiceId);
      const lines = invoiceLinesOf(db, invoiceId);
      if (lines.length === 0) throw new BillingError("Ajoutez au moins une ligne.");
      checkSessions(db, client.id, lines, invoiceId);
      const regime = profile.vatRegime;
      const totals = computeTotals(lines, regime);
      if (totals.totalTtcCents <= 0) throw new BillingError("Le total d'une facture doit être positif ; pour rembourser, émettez un avoir.");
      if (regime !== draft.vatRegime || lines.some((l, i) => l.totalHtCents !== totals.lineTotalsHt[i] || l.vatRateBps !== effectiveRate(regime, l.vatRateBps))) {
        // The regime changed since the draft was written: rewrite its lines under the current one.
        db.delete(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).run();
        writeLines(db, invoiceId, regime, lines);
      }
      const issueDate = dayKey(now);
      const business = client.kind === "business";
      const dueDate = draft.dueDate ?? addDays(issueDate, business ? Math.min(profile.paymentTermsDays, B2B_MAX_TERMS_DAYS) : profile.paymentTermsDays);
      if (dueDate < issueDate) throw new BillingError("L'échéance ne peut pas précéder la date d'émission.");
      if (business && dueDate > addDays(issueDate, B2B_MAX_TERMS_DAYS)) throw new BillingError("Entre professionnels, l'échéance est au plus à 60 jours de l'émission (art. L441-10 du code de commerce).");
      const sessionDays = sessionDaysOf(db, lines);
      const serviceDate = draft.serviceDate ?? sessionDays.first ?? issueDate;
      const serviceEndDate = draft.serviceEndDate ?? (sessionDays.last && sessionDays.last !== serviceDate ? sessionDays.last : null);
      const { sequence, number } = nextNumber(db, seriesOf("invoice", issueDate), issueDate);
      db.update(invoices)
        .set({
          state: "issued",
          series: seriesOf("invoice", issueDate),
          sequence,
          number,
          issueDate,
          dueDate,
          serviceDate,
          serviceEndDate,
          vatRegime: regime,
          totalHtCents: totals.totalHtCents,
          totalVatCents: totals.totalVatCents,
          totalTtcCents: totals.totalTtcCents,
          seller: sellerSnapshot(db, coachEmail),
          buyer: buyerSnapshot(client),
          publicToken: token,
          issuedAt: now,
          updatedAt: now,
        })
        .where(eq(invoices.id, invoiceId))
        .run();
      logEvent(db, invoiceId, "issued", number, now);
      return { number };
    })
    .immediate();
}

function preIssueChecks(db: TenantDb, invoiceId: number) {
  const draft = requireDraft(db, invoiceId);
  if (draft.kind !== "invoice") throw new BillingError("Seule une facture brouillon s'émet ainsi.");
  if (draft.clientId === null) throw new BillingError("Choisissez le client de cette facture.", "incomplete");
  const client = requireClientRow(db, draft.clientId);
  const profile = readBillingProfile(db);
  const missing = [...missingSellerFields(profile), ...missingBuyerFields(client)];
  if (missing.length > 0) throw new BillingError(`Informations obligatoires manquantes : ${missing.join(", ")}.`, "incomplete");
  // Under the franchise the lines were written at 0 %: their real rates are unknown, the coach must choose them.
  if (draft.vatRegime === "franchise" && profile.vatRegime === "standard") {
    throw new BillingError("Vous êtes passé(e) au régime de TVA normal depuis l'écriture de ce brouillon : modifiez-le pour choisir le taux de TVA de chaque ligne.", "incomplete");
  }
  return { draft, client, profile };
}

function sessionDaysOf(db: TenantDb, lines: Pick<InvoiceLine, "sessionId">[]) {
  const ids = lines.flatMap((l) => (l.sessionId ? [l.sessionId] : []));
  if (ids.length === 0) return { first: null, last: null };
  const row = db
    .select({ first: sql<number>`min(${coachingSessions.scheduledAt})`, last: sql<number>`max(${coachingSessions.scheduledAt})` })
    .from(coachingSessions)
    .where(inArray(coachingSessions.id, ids))
    .get();
  return { first: row?.first ? dayKey(row.first) : null, last: row?.last ? dayKey(row.last) : null };
}

export type CreditNoteInput = {
  invoiceId: number;
  /** TTC to credit; omitted = everything not yet credited. */
  amountCents?: number;
  reason: string;
  coachEmail: string | null;
  now?: Date;
  /** The form's one-time token (submission.server.ts): a replay returns the first credit note. */
  submission?: string | null;
};

/**
 * Issues a credit note (avoir) against an issued invoice, in the `A-YYYY` series. A full credit
 * copies the invoice's lines; a partial one has a line per VAT rate of the invoice (partialCreditLines)
 * and a TTC equal to the amount asked when reachable (`shortCents`: what it falls short by, at most
 * a cent or two). When the credits reach the invoice's total, the invoice is cancelled (its sessions
 * become billable again).
 */
export function createCreditNote(db: TenantDb, { invoiceId, amountCents, reason, coachEmail, now = new Date(), submission }: CreditNoteInput) {
  return db.$client
    .transaction((): { id: number; number: string; shortCents: number; replay: boolean } => {
      const invoice = findInvoice(db, invoiceId);
      if (!invoice) throw new BillingError(INVOICE_NOT_FOUND, "not_found");
      const already = submittedEvent(db, invoiceId, ["credit_note"], submission);
      if (already !== null) {
        const number = already.split(" : ")[0];
        const first = db.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.number, number), eq(invoices.creditedInvoiceId, invoiceId))).get();
        if (first) return { id: first.id, number, shortCents: 0, replay: true };
      }
      if (invoice.kind !== "invoice") throw new BillingError("Un avoir ne se corrige pas par un autre avoir.");
      if (invoice.state === "draft") throw new BillingError("Un brouillon ne s'annule pas par un avoir : supprimez-le.");
      if (invoice.state === "cancelled") throw new BillingError("Cette facture est déjà entièrement annulée par avoir.", "conflict");
      if (invoice.schedulePart === "deposit" && invoice.quoteId !== null) {
        // The balance invoice already deducts this deposit line by line: correct the balance instead.
        const balance = db.$client
          .prepare("SELECT number FROM invoices WHERE quote_id = ? AND schedule_part = 'balance' AND kind = 'invoice' AND state = 'issued'")
          .get(invoice.quoteId) as { number: string } | undefined;
        if (balance) throw new BillingError(`Cet acompte est déjà déduit de la facture de solde ${balance.number} : corrigez plutôt la facture de solde par un avoir.`, "conflict");
      }
      const remaining = invoice.totalTtcCents - creditedCents(db, invoiceId);
      const amount = amountCents ?? remaining;
      if (!Number.isInteger(amount) || amount <= 0) throw new BillingError("Le montant de l'avoir doit être positif.");
      if (amount > remaining) throw new BillingError(`L'avoir ne peut dépasser ce qui reste à créditer (${(remaining / 100).toFixed(2).replace(".", ",")} €).`);
      const lines = invoiceLinesOf(db, invoiceId);
      const full = amount === invoice.totalTtcCents;
      const partial = full ? null : partialCreditLines(invoice, lines, amount, creditedByRate(db, invoiceId));
      if (partial && partial.lines.length === 0) throw new BillingError("Ce montant est trop faible pour un avoir.");
      const creditLines: DraftLine[] = partial
        ? partial.lines
        : lines.map((l) => ({ kind: l.kind, description: l.description, quantity: l.quantity, unitPriceCents: l.unitPriceCents, vatRateBps: l.vatRateBps, sessionCount: l.sessionCount }));
      const issueDate = dayKey(now);
      const series = seriesOf("credit_note", issueDate);
      const { sequence, number } = nextNumber(db, series, issueDate);
      const id = db
        .insert(invoices)
        .values({
          kind: "credit_note",
          clientId: invoice.clientId,
          state: "draft",
          creditedInvoiceId: invoice.id,
          title: `Avoir sur la facture ${invoice.number}`,
          vatRegime: invoice.vatRegime,
          notes: reason,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: invoices.id })
        .get().id;
      const totals = writeLines(db, id, invoice.vatRegime, creditLines);
      db.update(invoices)
        .set({
          state: "issued",
          series,
          sequence,
          number,
          issueDate,
          serviceDate: invoice.serviceDate,
          serviceEndDate: invoice.serviceEndDate,
          totalHtCents: totals.totalHtCents,
          totalVatCents: totals.totalVatCents,
          totalTtcCents: totals.totalTtcCents,
          seller: invoice.seller ?? sellerSnapshot(db, coachEmail),
          buyer: invoice.buyer,
          issuedAt: now,
          updatedAt: now,
        })
        .where(eq(invoices.id, id))
        .run();
      logEvent(db, id, "issued", `${number}, sur la facture ${invoice.number}`, now);
      logEvent(db, invoice.id, "credit_note", withSubmission(`${number} : ${reason}`, submission), now);
      if (creditedCents(db, invoice.id) >= invoice.totalTtcCents) {
        db.update(invoices).set({ state: "cancelled", cancelledAt: now, updatedAt: now }).where(and(eq(invoices.id, invoice.id), eq(invoices.state, "issued"))).run();
      }
      // A credit may settle what payments left due (paid 60, credited 40 of 100): the paid cache follows.
      refreshPaid(db, invoice.id, now);
      return { id, number, shortCents: partial?.shortCents ?? 0, replay: false };
    })
    .immediate();
}

/** VAT and TTC of `ht` cents at `rate` (one line per rate: its VAT is rounded once, as computeTotals does). */
const vatAt = (ht: number, rate: number) => roundHalfAway((ht * rate) / 10000);
const ttcAt = (ht: number, rate: number) => ht + vatAt(ht, rate);

/** HT and VAT of one rate: what the invoice charged, or what is still to credit of it. */
type RateAmounts = { rate: number; ht: number; vat: number };

/** HT and VAT per rate (VAT rounded once per rate and per document, as computeTotals does). */
function byRate(lines: Pick<InvoiceLine, "vatRateBps" | "totalHtCents">[]): RateAmounts[] {
  const bases = new Map<number, number>();
  for (const l of lines) bases.set(l.vatRateBps, (bases.get(l.vatRateBps) ?? 0) + l.totalHtCents);
  return [...bases.entries()].map(([rate, ht]) => ({ rate, ht, vat: vatAt(ht, rate) }));
}

/** HT and VAT already credited per rate, summed over the invoice's issued credit notes (each rounded its own VAT). */
export function creditedByRate(db: TenantDb, invoiceId: number): RateAmounts[] {
  const notes = db.$client
    .prepare("SELECT id FROM invoices WHERE credited_invoice_id = ? AND kind = 'credit_note' AND state <> 'draft'")
    .all(invoiceId) as { id: number }[];
  const sum = new Map<number, RateAmounts>();
  for (const note of notes) {
    for (const r of byRate(invoiceLinesOf(db, note.id))) {
      const s = sum.get(r.rate) ?? { rate: r.rate, ht: 0, vat: 0 };
      sum.set(r.rate, { rate: r.rate, ht: s.ht + r.ht, vat: s.vat + r.vat });
    }
  }
  return [...sum.values()];
}

/**
 * A partial credit note reverses each VAT rate of the invoice in proportion to what is still to
 * credit at that rate (the invoice's HT and VAT at the rate minus what earlier credit notes
 * reversed there): one line per rate, never more at a rate than is left of it.
 *
 * Each rate's HT is chosen so that what it leaves can still be credited exactly: its VAT plus the
 * VAT of the HT left equals the VAT left. So the credit note for everything left reverses exactly
 * the HT and VAT left at each rate: over all its credit notes, every rate of the invoice sums to
 * the invoice's HT and VAT.
 *
 * Every rate but the heaviest gets its share rounded to the cent; the heaviest takes the rest, so
 * the credit note's TTC is exactly `amount`. When no HT of the heaviest rate reaches that rest, a
 * few cents are moved between rates; failing that, the nearest TTC below (`shortCents` > 0: at
 * 20 %, 3 cents is no TTC; nor is a TTC whose split would leave a rest that cannot be credited).
 */
export function partialCreditLines(
  invoice: Pick<Invoice, "number" | "vatRegime">,
  lines: Pick<InvoiceLine, "vatRateBps" | "totalHtCents">[],
  amount: number,
  credited: RateAmounts[] = [],
) {
  const left = byRate(lines).map((r) => {
    const done = credited.find((c) => c.rate === r.rate);
    return done ? { rate: r.rate, ht: r.ht - done.ht, vat: r.vat - done.vat } : r;
  });
  const ttcLeft = left.reduce((s, r) => s + r.ht + r.vat, 0);
  let chosen: { rate: number; ht: number }[];
  if (amount === ttcLeft) {
    // Everything left: each rate's HT left, whose VAT is the VAT left (kept so by the splits below).
    chosen = left.map((r) => ({ rate: r.rate, ht: ttcAt(r.ht, r.rate) === r.ht + r.vat ? r.ht : (exactHt(r.ht + r.vat, r.rate, () => true) ?? r.ht) }));
  } else {
    chosen = splitAcrossRates(left.filter((r) => r.ht > 0 && r.ht + r.vat > 0), amount);
  }
  const all = chosen.filter((x) => x.ht !== 0).sort((a, b) => b.rate - a.rate);
  const suffix = (rate: number) => (invoice.vatRegime === "standard" ? ` (TVA ${formatRate(rate)})` : "");
  const creditLines: DraftLine[] = all.map((x) => ({
    kind: "free",
    description: `Avoir partiel sur la facture n° ${invoice.number}${suffix(x.rate)}`,
    quantity: 100,
    unitPriceCents: x.ht,
    vatRateBps: x.rate,
  }));
  const reached = all.reduce((s, x) => s + ttcAt(x.ht, x.rate), 0);
  return { lines: creditLines, shortCents: amount - reached };
}

/** Whether crediting `h` of what is left at this rate leaves a rest that can be credited exactly. */
function fitsIn(left: RateAmounts) {
  // An invoice credited before this rule may already be off by a cent: then only cap at the TTC left.
  const sound = vatAt(left.ht, left.rate) === left.vat;
  return (h: number) =>
    h === 0 || (h > 0 && h <= left.ht && (sound ? vatAt(h, left.rate) + vatAt(left.ht - h, left.rate) === left.vat : ttcAt(h, left.rate) <= left.ht + left.vat));
}

/** The HT whose TTC at `rate` is `target` (one at most: the TTC grows with the HT), if it fits. */
function exactHt(target: number, rate: number, fits: (h: number) => boolean): number | null {
  const guess = roundHalfAway((target * 10000) / (10000 + rate));
  return [guess, guess - 1, guess + 1, guess - 2, guess + 2].find((h) => h >= 0 && ttcAt(h, rate) === target && fits(h)) ?? null;
}

/** The largest fitting HT whose TTC at `rate` does not exceed `target`. */
function htBelow(target: number, rate: number, fits: (h: number) => boolean) {
  let h = Math.max(0, roundHalfAway((target * 10000) / (10000 + rate)) + 2);
  while (h > 0 && !(ttcAt(h, rate) <= target && fits(h))) h--;
  return h;
}

/** How many HT cents a rate's share may move to make the credit note's TTC exact. */
const MAX_MOVE = 50;

function splitAcrossRates(left: RateAmounts[], amount: number): { rate: number; ht: number }[] {
  const rates = left.map((r) => ({ rate: r.rate, ttc: r.ht + r.vat, fits: fitsIn(r) }));
  if (rates.length === 0) return [];
  // The heaviest rate last (ties: the higher rate), the others in decreasing rate order.
  rates.sort((a, b) => a.ttc - b.ttc || a.rate - b.rate);
  const heaviest = rates.pop()!;
  rates.sort((a, b) => b.rate - a.rate);
  const total = rates.reduce((s, r) => s + r.ttc, heaviest.ttc);
  const shares = rates.map((r) => {
    const target = Math.min(r.ttc, roundHalfAway((amount * r.ttc) / total));
    return { rate: r.rate, fits: r.fits, ht: exactHt(target, r.rate, r.fits) ?? htBelow(target, r.rate, r.fits) };
  });
  const rest = () => amount - shares.reduce((s, x) => s + ttcAt(x.ht, x.rate), 0);
  const last = () => {
    const r = rest();
    return r >= 0 ? exactHt(r, heaviest.rate, heaviest.fits) : null;
  };
  let lastHt = last();
  // Unreachable rest: move HT cents of another rate up or down, the fewest first, and try again
  // (at 2,1 % the HT that fit can be 20-odd cents apart).
  for (let size = 1; lastHt === null && size <= MAX_MOVE && shares.length > 0; size++) {
    for (let i = 0; lastHt === null && i < shares.length; i++) {
      for (const delta of [size, -size]) {
        const before = shares[i].ht;
        if (!shares[i].fits(before + delta)) continue;
        shares[i].ht = before + delta;
        lastHt = last();
        if (lastHt !== null) break;
        shares[i].ht = before;
      }
    }
  }
  if (lastHt === null) lastHt = htBelow(Math.max(0, rest()), heaviest.rate, heaviest.fits);
  return [...shares.map(({ rate, ht }) => ({ rate, ht })), { rate: heaviest.rate, ht: lastHt }];
}

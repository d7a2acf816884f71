// Quotes (devis): drafts for a client or a lead, sending (number of the yearly `D-YYYY` series,
// frozen seller/buyer, public link), the client's answer on the public page (accept with name,
// time and IP; refuse), expiry, duplication. The SQL triggers of migration 0009 lock the lines of
// a sent quote; this module refuses the edit first with a French message.
import { asc, eq } from "drizzle-orm";
import { clients, leads, quoteLines, quotes, type BuyerSnapshot, type LINE_KINDS, type QuoteStatus } from "../../db/tenant.schema";
import { displayName } from "~/crm/lead-page.server";
import { markWon } from "~/crm/won-lost.server";
import { notify } from "~/email/notifications.server";
import { formatEuros } from "~/lib/format";
import { addDays, dayKey } from "~/kpis/paris-days.server";
import { parseId } from "~/lib/parse-id";
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError } from "./billing-error";
import { readBillingProfile } from "./billing-profile.server";
import { computeTotals, effectiveRate, lineCapError, type VatRegime } from "./money";
import { newPublicToken, registerPublicLink } from "./public-links.server";
import { quoteStatus, quoteStatusSql } from "./quote-status";
import { buyerSnapshot, missingBuyerFields, missingSellerFields, sellerSnapshot } from "./snapshots.server";

export type Quote = typeof quotes.$inferSelect;
export type QuoteLine = typeof quoteLines.$inferSelect;

export const QUOTE_NOT_FOUND = "Ce devis n'existe pas (ou plus).";
export const quoteNotFound = () => new Response(QUOTE_NOT_FOUND, { status: 404 });
export const DEFAULT_VALIDITY_DAYS = 30;
export const MAX_QUOTE_LINES = 100;

export type QuoteLineInput = {
  kind: (typeof LINE_KINDS)[number];
  description: string;
  /** Hundredths; a session or a package is always 1. */
  quantity: number;
  /** For a package: the price of the whole package. */
  unitPriceCents: number;
  vatRateBps: number;
  /** For a package: how many sessions it holds. */
  sessionCount?: number | null;
};

export type QuoteInput = {
  /** Exactly one of clientId and leadId. */
  clientId?: number | null;
  leadId?: number | null;
  title?: string | null;
  /** Null: issue day + 30 days. */
  validUntil?: string | null;
  depositPercent?: number;
  depositDueDate?: string | null;
  balanceDueDate?: string | null;
  notes?: string | null;
  lines: QuoteLineInput[];
};

export function findQuote(db: TenantDb, quoteId: number): Quote | undefined {
  return db.select().from(quotes).where(eq(quotes.id, quoteId)).get();
}

/** The quote of the URL in the session's tenant, or a thrown 404 (malformed, missing, another tenant's). */
export function requireQuote(db: TenantDb, param: string | undefined): Quote {
  const id = parseId(param);
  const quote = id === null ? undefined : findQuote(db, id);
  if (!quote) throw quoteNotFound();
  return quote;
}

export function quoteLinesOf(db: TenantDb, quoteId: number): QuoteLine[] {
  return db.select().from(quoteLines).where(eq(quoteLines.quoteId, quoteId)).orderBy(asc(quoteLines.position)).all();
}

/** A session or a package is one unit; descriptions default to the offer's name. */
export function normaliseLine(line: QuoteLineInput): QuoteLineInput {
  if (line.kind === "session") return { ...line, quantity: 100, sessionCount: 1, description: line.description.trim() || "Séance individuelle" };
  if (line.kind === "package") {
    const n = line.sessionCount ?? 0;
    return { ...line, quantity: 100, description: line.description.trim() || `Forfait ${n} séances` };
  }
  return { ...line, sessionCount: null, description: line.description.trim() };
}

function checkInput(db: TenantDb, input: QuoteInput) {
  const hasClient = input.clientId != null;
  const hasLead = input.leadId != null;
  if (hasClient === hasLead) throw new BillingError("Un devis s'adresse à un client ou à un lead (l'un des deux).");
  if (hasClient && !db.select({ id: clients.id }).from(clients).where(eq(clients.id, input.clientId!)).get()) {
    throw new BillingError("Ce client n'existe pas (ou plus).", "not_found");
  }
  if (hasLead && !db.select({ id: leads.id }).from(leads).where(eq(leads.id, input.leadId!)).get()) {
    throw new BillingError("Ce lead n'existe pas (ou plus).", "not_found");
  }
  if (input.lines.length === 0) throw new BillingError("Ajoutez au moins une ligne.");
  if (input.lines.length > MAX_QUOTE_LINES) throw new BillingError(`${MAX_QUOTE_LINES} lignes au plus par devis.`);
  for (const l of input.lines) {
    if (!l.description.trim() && l.kind === "free") throw new BillingError("Chaque ligne a une description.");
    if (l.kind === "package" && !(Number.isInteger(l.sessionCount) && l.sessionCount! >= 1)) throw new BillingError("Un forfait compte au moins une séance.");
    if (!Number.isInteger(l.quantity) || l.quantity <= 0) throw new BillingError("Une quantité positive par ligne.");
    if (!Number.isInteger(l.unitPriceCents) || l.unitPriceCents < 0) throw new BillingError("Un prix positif par ligne.");
    // The invoices' caps: an accepted quote must always be able to become its invoices.
    const capped = lineCapError(l);
    if (capped) throw new BillingError(capped);
  }
  const deposit = input.depositPercent ?? 0;
  if (!Number.isInteger(deposit) || deposit < 0 || deposit > 99) throw new BillingError("L'acompte est un pourcentage entre 0 et 99 (0 : une seule facture).");
}

function writeLines(db: TenantDb, quoteId: number, regime: VatRegime, lines: QuoteLineInput[]) {
  const normalised = lines.map(normaliseLine);
  const totals = computeTotals(normalised, regime);
  normalised.forEach((line, position) => {
    db.insert(quoteLines)
      .values({
        quoteId,
        position,
        kind: line.kind,
        description: line.description,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        vatRateBps: effectiveRate(regime, line.vatRateBps),
        totalHtCents: totals.lineTotalsHt[position],
        sessionCount: line.sessionCount ?? null,
      })
      .run();
  });
  return totals;
}

function fieldsOf(input: QuoteInput, today: string) {
  const deposit = input.depositPercent ?? 0;
  return {
    clientId: input.clientId ?? null,
    leadId: input.leadId ?? null,
    title: input.title || null,
    validUntil: input.validUntil || addDays(today, DEFAULT_VALIDITY_DAYS),
    depositPercent: deposit,
    depositDueDate: deposit > 0 ? input.depositDueDate || null : null,
    balanceDueDate: input.balanceDueDate || null,
    notes: input.notes || null,
  };
}

export function createDraftQuote(db: TenantDb, input: QuoteInput, now = new Date()): number {
  return db.$client
    .transaction(() => {
      checkInput(db, input);
      const regime = readBillingProfile(db).vatRegime;
      const id = db
        .insert(quotes)
        .values({ ...fieldsOf(input, dayKey(now)), status: "draft", vatRegime: regime, createdAt: now, updatedAt: now })
        .returning({ id: quotes.id })
        .get().id;
      const totals = writeLines(db, id, regime, input.lines);
      db.update(quotes).set({ totalHtCents: totals.totalHtCents, totalVatCents: totals.totalVatCents, totalTtcCents: totals.totalTtcCents }).where(eq(quotes.id, id)).run();
      return id;
    })
    .immediate();
}

function requireDraft(db: TenantDb, quoteId: number) {
  const quote = findQuote(db, quoteId);
  if (!quote) throw new BillingError(QUOTE_NOT_FOUND, "not_found");
  if (quote.status !== "draft") throw new BillingError("Un devis envoyé ne se modifie plus : dupliquez-le pour en faire un nouveau.", "frozen");
  return quote;
}

/** Replaces a draft's fields and lines (the edit form sends them all). */
export function updateDraftQuote(db: TenantDb, quoteId: number, input: QuoteInput, now = new Date()) {
  db.$client
    .transaction(() => {
      requireDraft(db, quoteId);
      checkInput(db, input);
      const regime = readBillingProfile(db).vatRegime;
      db.delete(quoteLines).where(eq(quoteLines.quoteId, quoteId)).run();
      const totals = writeLines(db, quoteId, regime, input.lines);
      db.update(quotes)
        .set({ ...fieldsOf(input, dayKey(now)), vatRegime: regime, totalHtCents: totals.totalHtCents, totalVatCents: totals.totalVatCents, totalTtcCents: totals.totalTtcCents, updatedAt: now })
        .where(eq(quotes.id, quoteId))
        .run();
    })
    .immediate();
}

/** Only a draft can be deleted (it has no number). */
export function deleteDraftQuote(db: TenantDb, quoteId: number) {
  db.$client
    .transaction(() => {
      requireDraft(db, quoteId);
      db.delete(quotes).where(eq(quotes.id, quoteId)).run();
    })
    .immediate();
}

/** Any quote → a new draft with the same recipient, schedule and lines (fresh validity). */
export function duplicateQuote(db: TenantDb, quoteId: number, now = new Date()): number {
  const quote = findQuote(db, quoteId);
  if (!quote) throw new BillingError(QUOTE_NOT_FOUND, "not_found");
  const today = dayKey(now);
  const future = (day: string | null) => (day && day >= today ? day : null);
  return createDraftQuote(
    db,
    {
      // An accepted lead's quote has its client by now: the copy goes to the client.
      clientId: quote.clientId,
      leadId: quote.clientId === null ? quote.leadId : null,
      title: quote.title,
      validUntil: null,
      depositPercent: quote.depositPercent,
      depositDueDate: future(quote.depositDueDate),
      balanceDueDate: future(quote.balanceDueDate),
      notes: quote.notes,
      lines: quoteLinesOf(db, quoteId).map((l) => ({ kind: l.kind, description: l.description, quantity: l.quantity, unitPriceCents: l.unitPriceCents, vatRateBps: l.vatRateBps, sessionCount: l.sessionCount })),
    },
    now,
  );
}

/** `D-2026-0001`: the quotes' own yearly series, of the Paris year of the sending day. */
export const quoteSeriesOf = (issueDate: string) => `D-${issueDate.slice(0, 4)}`;

/** max + 1 inside the caller's IMMEDIATE transaction (see nextNumber in invoices.server.ts). */
function nextQuoteNumber(db: TenantDb, series: string) {
  const { next } = db.$client.prepare("SELECT coalesce(max(sequence), 0) + 1 AS next FROM quotes WHERE series = ?").get(series) as { next: number };
  return { sequence: next, number: `${series}-${String(next).padStart(4, "0")}` };
}

function leadBuyer(db: TenantDb, leadId: number): BuyerSnapshot {
  const lead = db.select().from(leads).where(eq(leads.id, leadId)).get();
  if (!lead) throw new BillingError("Ce lead n'existe pas (ou plus).", "not_found");
  return { kind: "person", name: displayName(lead), contact: null, email: lead.email, address: null, postalCode: null, city: null, country: "FR", siren: null, vatNumber: null };
}

export type SendQuoteContext = { tenantId: string; coachEmail: string | null; now?: Date };

/**
 * Numbers and freezes a draft: seller and buyer snapshots, totals under the current regime,
 * status sent, and the public link `/q/:token`. Emailing it is the caller's next step.
 */
export function markQuoteSent(db: TenantDb, quoteId: number, { tenantId, coachEmail, now = new Date() }: SendQuoteContext) {
  const token = newPublicToken();
  // The control DB is another file: registered first, harmless if the rest fails (the public
  // page checks the tenant row's token and status).
  registerPublicLink(tenantId, "quote", quoteId, token);
  return db.$client
    .transaction(() => {
      const draft = requireDraft(db, quoteId);
      const profile = readBillingProfile(db);
      let buyer: BuyerSnapshot;
      const missing = missingSellerFields(profile);
      if (draft.clientId !== null) {
        const client = db.select().from(clients).where(eq(clients.id, draft.clientId)).get();
        if (!client) throw new BillingError("Ce client n'existe pas (ou plus).", "not_found");
        missing.push(...missingBuyerFields(client));
        buyer = buyerSnapshot(client);
      } else if (draft.leadId !== null) {
        buyer = leadBuyer(db, draft.leadId);
      } else {
        throw new BillingError("Choisissez le client de ce devis.", "incomplete");
      }
      if (missing.length > 0) throw new BillingError(`Informations obligatoires manquantes : ${missing.join(", ")}.`, "incomplete");
      const lines = quoteLinesOf(db, quoteId);
      if (lines.length === 0) throw new BillingError("Ajoutez au moins une ligne.");
      const issueDate = dayKey(now);
      if (draft.validUntil < issueDate) throw new BillingError("La date de validité est déjà passée : choisissez-en une autre.");
      const regime = profile.vatRegime;
      const totals = computeTotals(lines, regime);
      if (totals.totalTtcCents <= 0) throw new BillingError("Le total d'un devis doit être positif.");
      if (regime !== draft.vatRegime || lines.some((l, i) => l.totalHtCents !== totals.lineTotalsHt[i] || l.vatRateBps !== effectiveRate(regime, l.vatRateBps))) {
        db.delete(quoteLines).where(eq(quoteLines.quoteId, quoteId)).run();
        writeLines(db, quoteId, regime, lines);
      }
      const series = quoteSeriesOf(issueDate);
      const { sequence, number } = nextQuoteNumber(db, series);
      db.update(quotes)
        .set({
          status: "sent",
          series,
          sequence,
          number,
          issueDate,
          vatRegime: regime,
          totalHtCents: totals.totalHtCents,
          totalVatCents: totals.totalVatCents,
          totalTtcCents: totals.totalTtcCents,
          seller: sellerSnapshot(db, coachEmail),
          buyer,
          publicToken: token,
          sentAt: now,
          updatedAt: now,
        })
        .where(eq(quotes.id, quoteId))
        .run();
      return { number, token };
    })
    .immediate();
}

function requireOpen(db: TenantDb, quoteId: number, today: string) {
  const quote = findQuote(db, quoteId);
  if (!quote) throw new BillingError(QUOTE_NOT_FOUND, "not_found");
  const status = quoteStatus(quote, today);
  if (status === "expired") throw new BillingError("Ce devis a expiré.", "conflict");
  if (status !== "sent") throw new BillingError(status === "draft" ? "Ce devis n'est pas encore envoyé." : "Ce devis a déjà reçu une réponse.", "conflict");
  return quote;
}

/**
 * Refused: by the client on the public page (an open quote only), or by the coach, told by the
 * client, who may also close a sent quote whose validity ran out.
 */
export function refuseQuote(db: TenantDb, quoteId: number, { by, now = new Date() }: { by: "client" | "coach"; now?: Date }) {
  db.$client
    .transaction(() => {
      const quote = findQuote(db, quoteId);
      if (!(by === "coach" && quote?.status === "sent")) requireOpen(db, quoteId, dayKey(now));
      db.update(quotes).set({ status: "refused", refusedAt: now, updatedAt: now }).where(eq(quotes.id, quoteId)).run();
    })
    .immediate();
}

export type Acceptance = { name: string; ip: string; earlyStart: boolean; now?: Date };

/**
 * "Bon pour accord" on the public page: the typed name, the time and the IP. A private buyer
 * may ask to start before the 14-day withdrawal period ends (recorded only when asked). A
 * lead's quote wins the lead, and the client it becomes is the quote's client.
 */
export function acceptQuote(db: TenantDb, quoteId: number, { name, ip, earlyStart, now = new Date() }: Acceptance) {
  const typed = name.trim();
  if (!typed) throw new BillingError("Tapez votre nom complet pour accepter le devis.");
  return db.$client
    .transaction(() => {
      const quote = requireOpen(db, quoteId, dayKey(now));
      let clientId = quote.clientId;
      if (clientId === null && quote.leadId !== null) clientId = markWon(db, quote.leadId, now).clientId;
      const privateBuyer = quote.buyer?.kind !== "business";
      db.update(quotes)
        .set({
          status: "accepted",
          clientId,
          acceptedAt: now,
          acceptedName: typed.slice(0, 200),
          acceptedIp: ip,
          earlyStartRequestedAt: privateBuyer && earlyStart ? now : null,
          updatedAt: now,
        })
        .where(eq(quotes.id, quoteId))
        .run();
      notify(
        db,
        "quote_accepted",
        { title: `Devis ${quote.number ?? ""} accepté${quote.buyer?.name ? ` par ${quote.buyer.name}` : ""}`.replace("  ", " "), body: `${formatEuros(quote.totalTtcCents)} · bon pour accord signé « ${typed.slice(0, 200)} »`, href: `/dashboard/quotes/${quoteId}` },
        now,
      );
      return { clientId };
    })
    .immediate();
}

/** The nightly job: sent quotes past their validity become expired. Returns how many. */
export function expireQuotes(db: TenantDb, today: string, now = new Date()) {
  return db.$client.prepare("UPDATE quotes SET status = 'expired', updated_at = ? WHERE status = 'sent' AND valid_until < ?").run(now.getTime(), today).changes;
}

/** The sent (or answered) quote a public token opens in this tenant, or null (drafts never). */
export function findPublicQuote(db: TenantDb, quoteId: number, token: string): Quote | null {
  const quote = findQuote(db, quoteId);
  if (!quote || quote.publicToken !== token || quote.status === "draft") return null;
  return quote;
}

export type QuoteListRow = {
  id: number;
  number: string | null;
  title: string | null;
  recipient: string;
  forLead: boolean;
  issueDate: string | null;
  validUntil: string;
  totalTtcCents: number;
  status: QuoteStatus;
};

/** The list page: newest first, optionally one (derived) status. */
export function listQuotes(db: TenantDb, { status, today }: { status?: QuoteStatus | null; today: string }): QuoteListRow[] {
  const derived = quoteStatusSql("q");
  const rows = db.$client
    .prepare(
      `SELECT q.id, q.number, q.title, q.issue_date AS issueDate, q.valid_until AS validUntil, q.total_ttc_cents AS totalTtcCents,
              ${derived} AS status, q.buyer AS buyer, q.client_id IS NULL AND q.lead_id IS NOT NULL AS forLead,
              CASE WHEN c.company IS NOT NULL AND c.kind = 'business' THEN c.company ELSE trim(c.first_name || ' ' || c.last_name) END AS clientName,
              trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')) AS leadName, l.username AS leadUsername, l.instagram_id AS leadInstagram
       FROM quotes q LEFT JOIN clients c ON c.id = q.client_id LEFT JOIN leads l ON l.id = q.lead_id
       WHERE (@status IS NULL OR ${derived} = @status)
       ORDER BY q.created_at DESC, q.id DESC LIMIT 500`,
    )
    .all({ status: status ?? null, today }) as (Omit<QuoteListRow, "recipient" | "forLead"> & {
    buyer: string | null;
    forLead: number;
    clientName: string | null;
    leadName: string;
    leadUsername: string | null;
    leadInstagram: string | null;
  })[];
  return rows.map(({ buyer, clientName, leadName, leadUsername, leadInstagram, forLead, ...r }) => ({
    ...r,
    forLead: forLead === 1,
    recipient: (buyer ? (JSON.parse(buyer) as BuyerSnapshot).name : null) ?? clientName ?? (leadName || (leadUsername ? `@${leadUsername}` : leadInstagram)) ?? "—",
  }));
}

// The billing side of one coach's demo data, in the shape the billing module writes
// (app/billing): the company settings, clients with an address (some of them businesses),
// monthly invoices issued on the 1st with gapless yearly numbers and frozen seller/buyer
// snapshots, the payments ledger and the paid mark of the sessions they bill, overdue and
// partially paid invoices, a credit note that cancels a wrong invoice (re-issued corrected),
// drafts, and three quotes (accepted, sent, draft). Rows only, no request: it scales with the
// bench datasets. Drawn after everything else, so the rest of the demo data does not move.
import crypto from "node:crypto";
import type {
  BuyerSnapshot,
  billingProfile,
  invoiceEvents,
  invoiceLines,
  invoices,
  payments,
  PaymentMethod,
  quoteLines,
  quotes,
  SellerSnapshot,
  VatRegime,
} from "../../db/tenant.schema";
import type { PublicLinkKind } from "../../db/control.schema";
import type { Client } from "~/clients/client.server";
import { computeTotals, effectiveRate, type LineInput } from "~/billing/money";
import { buyerSnapshot, clientDisplayName, sellerSnapshotOf } from "~/billing/snapshots.server";
import type { BillingProfile } from "~/billing/billing-profile.server";
import { addDays, addMonths, dayKey, dayStart, monthKey } from "~/kpis/paris-days.server";
import { formatEuros } from "~/lib/format";
import { fakeFrenchBankAccount, fakeSiren, fakeSiret, frenchVatNumber } from "./billing-ids.server";
import { DAY, HOUR, MINUTE } from "./clock.server";
import type { NewClient, NewSession } from "./fake-coaching.server";
import type { NewLead } from "./fake-leads.server";
import { chance, int, pick, weighted } from "./random.server";
import { CITIES, COMPANY_FORMS, STREETS } from "./vocabulary.server";

export type NewBillingProfile = typeof billingProfile.$inferInsert;
export type NewQuote = typeof quotes.$inferInsert & { id: number };
export type NewQuoteLine = typeof quoteLines.$inferInsert;
export type NewInvoice = typeof invoices.$inferInsert & { id: number };
export type NewInvoiceLine = typeof invoiceLines.$inferInsert;
export type NewInvoiceEvent = typeof invoiceEvents.$inferInsert;
export type NewPayment = typeof payments.$inferInsert;
/** A public page's token, registered in the control DB's public_links by the seed. */
export type SeedPublicLink = { kind: PublicLinkKind; documentId: number; token: string };

export type FakeBilling = {
  billingProfile: NewBillingProfile[];
  quotes: NewQuote[];
  quoteLines: NewQuoteLine[];
  invoices: NewInvoice[];
  invoiceLines: NewInvoiceLine[];
  invoiceEvents: NewInvoiceEvent[];
  payments: NewPayment[];
  publicLinks: SeedPublicLink[];
};

export type SeedCoachIdentity = { number: number; name: string; email: string; tenantId: string };

const TERMS_DAYS = 30;
const VAT_RATE_BPS = 2000;
const PAYMENT_LABELS: Record<PaymentMethod, string> = { card: "Carte", transfer: "Virement", cash: "Espèces", cheque: "Chèque", other: "Autre" };
const dayMonth = new Intl.DateTimeFormat("fr-FR", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Europe/Paris" });
const monthName = new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric", timeZone: "Europe/Paris" });

/**
 * Demo links must be stable across runs (the seed is deterministic) and unique across
 * tenants: a hash of the tenant, the kind and the id, in the shape of newPublicToken().
 */
export function demoPublicToken(tenantId: string, kind: PublicLinkKind, id: number) {
  return crypto.createHash("sha256").update(`coach-os-demo-link:${tenantId}:${kind}:${id}`).digest("base64url");
}

type Line = LineInput & { kind: "free" | "session" | "package"; description: string; sessionId: number | null; sessionCount: number | null };

/** An invoice before ids: totals from its lines, what happened to it in `story`. */
type Doc = {
  kind: "invoice" | "credit_note";
  client: NewClient;
  lines: Line[];
  title: string;
  createdAt: number;
  issuedAt: number | null;
  serviceDate: string | null;
  serviceEndDate: string | null;
  notes: string | null;
  credits?: Doc;
  story: "paid" | "unpaid" | "overdue" | "partial" | "cancelled" | "credit" | "draft";
  sent: boolean;
  id?: number;
};

export function fakeBilling(input: {
  coach: SeedCoachIdentity;
  now: Date;
  clients: NewClient[];
  sessions: NewSession[];
  leads: NewLead[];
}): FakeBilling {
  const now = input.now.getTime();
  const today = dayKey(now);
  // Coach 1 is VAT-exempt (franchise, the common micro-entrepreneur case), coach 2 charges 20 %, and so on.
  const regime: VatRegime = input.coach.number % 2 === 1 ? "franchise" : "standard";
  const rate = effectiveRate(regime, VAT_RATE_BPS);
  const profile = fakeProfile(input.coach, regime, now);
  const seller = sellerSnapshotOf(profile, input.coach.email);
  addBillingIdentities(input.clients);
  const clientById = new Map(input.clients.map((c) => [c.id, c]));
  const sessionById = new Map(input.sessions.map((s) => [s.id, s]));

  const docs = monthlyInvoices(input.sessions, clientById, rate, now);
  const issued = docs.filter((d) => d.issuedAt !== null).sort(byIssue);
  const running = docs.filter((d) => d.issuedAt === null);

  // The correction story: the earliest invoice billed the old rate, a credit note cancels it and
  // a corrected invoice bills the same sessions two days later.
  const wrong = issued.find((d) => d.client.kind === "person" && dayStart(addDays(dayKey(d.issuedAt!), 2)) + 10 * HOUR <= now);
  if (wrong) {
    const creditAt = dayStart(addDays(dayKey(wrong.issuedAt!), 2)) + 10 * HOUR;
    const corrected: Doc = { ...wrong, lines: wrong.lines.map((l) => ({ ...l })), createdAt: creditAt + 5 * MINUTE, issuedAt: creditAt + 5 * MINUTE, story: "paid" };
    for (const l of wrong.lines) l.unitPriceCents += 1000;
    wrong.story = "cancelled";
    wrong.notes = null;
    const reason = "Erreur de tarif : séances facturées à l'ancien tarif";
    const credit: Doc = {
      kind: "credit_note",
      client: wrong.client,
      // A full credit copies the invoice's lines, without the session links (createCreditNote).
      lines: wrong.lines.map((l) => ({ ...l, sessionId: null })),
      title: "", // named after the invoice's number once numbered
      createdAt: creditAt,
      issuedAt: creditAt,
      serviceDate: wrong.serviceDate,
      serviceEndDate: wrong.serviceEndDate,
      notes: reason,
      credits: wrong,
      story: "credit",
      sent: true,
    };
    issued.push(credit, corrected);
    issued.sort(byIssue);
  }

  // What each issued invoice's payment story is: the latest past-due ones of two clients are
  // overdue, one is partially paid, older ones are paid, recent ones paid or waiting.
  const normal = issued.filter((d) => d.kind === "invoice" && d.story !== "cancelled");
  const dueOf = (d: Doc) => addDays(dayKey(d.issuedAt!), termsFor(d.client));
  const overdueClients = new Set<number>();
  for (const d of [...normal].reverse()) {
    if (overdueClients.size >= 2) break;
    if (dueOf(d) < today && !overdueClients.has(d.client.id)) {
      d.story = "overdue";
      overdueClients.add(d.client.id);
    }
  }
  const partial = [...normal].reverse().find((d) => d.story !== "overdue" && d.client.kind === "business") ?? [...normal].reverse().find((d) => d.story !== "overdue");
  if (partial) partial.story = "partial";
  for (const d of normal) {
    if (d.story === "overdue" || d.story === "partial") continue;
    d.story = dueOf(d) < today ? (chance(0.92) ? "paid" : "overdue") : chance(0.45) ? "paid" : "unpaid";
  }
  // The last invoice issued and unpaid is not sent yet (status "Émise").
  const lastUnpaid = [...normal].reverse().find((d) => d.story === "unpaid");
  for (const d of issued) d.sent = d !== lastUnpaid;

  // Drafts: the running month of the first two clients, and a free-lines workshop for a business.
  const drafts = running.sort((a, b) => a.client.id - b.client.id).slice(0, 2);
  for (const d of drafts) d.createdAt = Math.min(d.createdAt, now);
  const business = input.clients.find((c) => c.kind === "business") ?? input.clients[0];
  drafts.push(workshopDraft(business, rate, now));

  const out: FakeBilling = { billingProfile: [profile], quotes: [], quoteLines: [], invoices: [], invoiceLines: [], invoiceEvents: [], payments: [], publicLinks: [] };
  // Ids in creation order, like the table filled over time; numbers in issue order per series.
  const all = [...issued, ...drafts].sort((a, b) => a.createdAt - b.createdAt || a.client.id - b.client.id);
  all.forEach((d, i) => (d.id = i + 1));
  const sequences = new Map<string, number>();
  for (const d of issued) {
    const series = `${d.kind === "credit_note" ? "A-" : ""}${dayKey(d.issuedAt!).slice(0, 4)}`;
    const sequence = (sequences.get(series) ?? 0) + 1;
    sequences.set(series, sequence);
    Object.assign(d, { series, sequence, number: `${series}-${String(sequence).padStart(4, "0")}` });
  }
  for (const d of all) writeInvoice(out, d as Numbered, seller, regime, now, input.coach.tenantId, sessionById);

  addQuotes(out, input, seller, regime, rate, now);
  return out;
}

type Numbered = Doc & { id: number; series?: string; sequence?: number; number?: string };

const byIssue = (a: Doc, b: Doc) => a.issuedAt! - b.issuedAt! || a.client.id - b.client.id;
const termsFor = (c: NewClient) => (c.kind === "business" ? Math.min(TERMS_DAYS, 60) : TERMS_DAYS);

function fakeProfile(coach: SeedCoachIdentity, regime: VatRegime, now: number): BillingProfile {
  const siren = fakeSiren();
  const bank = fakeFrenchBankAccount();
  const lastName = coach.name.split(" ").slice(1).join(" ") || coach.name;
  return {
    id: 1,
    tradeName: `${lastName} Coaching`,
    legalName: `${coach.name} EI`,
    ...fakeAddress(),
    country: "FR",
    siren,
    siret: fakeSiret(siren),
    vatNumber: regime === "standard" ? frenchVatNumber(siren) : null,
    vatRegime: regime,
    defaultVatRateBps: VAT_RATE_BPS,
    paymentTermsDays: TERMS_DAYS,
    penaltyRateBps: 1000,
    iban: bank.iban,
    bic: bank.bic,
    legalMentions:
      regime === "franchise"
        ? "Entrepreneur individuel (EI), dispensé d'immatriculation au registre du commerce et des sociétés (RCS) et au répertoire des métiers (RM)."
        : "Entrepreneur individuel (EI) au régime réel, TVA sur les encaissements.",
    termsOfSale:
      "Paiement à 30 jours par virement ou par carte. Pas d'escompte pour paiement anticipé. Pénalités de retard : 10 % par an. " +
      "Toute séance annulée moins de 24 h à l'avance est due.",
    logo: null,
    logoMime: null,
    reminder1Days: 1,
    reminder2Days: 15,
    reminder3Days: 30,
    stripeAccountId: null,
    stripeChargesEnabled: false,
    stripeDetailsSubmitted: false,
    updatedAt: new Date(now - 30 * DAY),
  };
}

function fakeAddress() {
  const [postalCode, city] = pick(CITIES);
  return { address: `${int(1, 140)} ${pick(STREETS)}`, postalCode, city };
}

/** Every client gets an address; one in four is a business (company, SIREN, VAT number). */
function addBillingIdentities(clients: NewClient[]) {
  clients.forEach((c, index) => {
    const business = index % 4 === 1;
    const siren = business ? fakeSiren() : null;
    Object.assign(c, {
      kind: business ? "business" : "person",
      company: business ? `${c.lastName} ${pick(COMPANY_FORMS)}` : null,
      ...fakeAddress(),
      country: "FR",
      siren,
      vatNumber: siren ? frenchVatNumber(siren) : null,
    });
  });
}

function sessionLine(s: NewSession, rate: number): Line {
  return {
    kind: "session",
    description: `Séance de coaching du ${dayMonth.format(s.scheduledAt)}${s.theme ? ` – ${s.theme}` : ""}`,
    quantity: 100,
    unitPriceCents: s.priceCents!,
    vatRateBps: rate,
    sessionId: s.id,
    sessionCount: null,
  };
}

/**
 * One invoice per client and Paris month of completed sessions, issued on the 1st of the next
 * month at 9 h (a few minutes apart, in client order). Not issued yet: the running month.
 */
function monthlyInvoices(sessions: NewSession[], clientById: Map<number, NewClient>, rate: number, now: number): Doc[] {
  const groups = new Map<string, NewSession[]>();
  for (const s of sessions) {
    if (s.status !== "completed") continue;
    const key = `${monthKey(s.scheduledAt)}:${String(s.clientId).padStart(9, "0")}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(s);
  }
  const keys = [...groups.keys()].sort();
  const perDay = new Map<string, number>();
  return keys.map((key) => {
    const items = groups.get(key)!.sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime());
    const month = key.slice(0, 7);
    const issueDay = `${addMonths(month, 1)}-01`;
    const rank = perDay.get(issueDay) ?? 0;
    perDay.set(issueDay, rank + 1);
    const issueAt = dayStart(issueDay) + 9 * HOUR + rank * 2 * MINUTE;
    const issued = issueAt <= now;
    const first = dayKey(items[0].scheduledAt);
    const last = dayKey(items[items.length - 1].scheduledAt);
    const lastEnd = items[items.length - 1].scheduledAt.getTime() + items[items.length - 1].durationMinutes! * MINUTE;
    return {
      kind: "invoice" as const,
      client: clientById.get(items[0].clientId)!,
      lines: items.map((s) => sessionLine(s, rate)),
      title: `Séances de ${monthName.format(dayStart(`${month}-15`))}`,
      createdAt: issued ? issueAt - 10 * MINUTE : lastEnd + HOUR,
      issuedAt: issued ? issueAt : null,
      serviceDate: first,
      serviceEndDate: last !== first ? last : null,
      notes: null,
      story: issued ? ("paid" as const) : ("draft" as const),
      sent: false,
    };
  });
}

function workshopDraft(client: NewClient, rate: number, now: number): Doc {
  return {
    kind: "invoice",
    client,
    lines: [
      { kind: "free", description: "Atelier collectif en entreprise (demi-journée)", quantity: 100, unitPriceCents: 60000, vatRateBps: rate, sessionId: null, sessionCount: null },
      // 85,5 km at 0,41 €: 35,055 € rounds half away from zero to 35,06 €.
      { kind: "free", description: "Frais de déplacement (85,5 km × 0,41 €)", quantity: 8550, unitPriceCents: 41, vatRateBps: rate, sessionId: null, sessionCount: null },
    ],
    title: "Atelier collectif",
    createdAt: now - 26 * HOUR,
    issuedAt: null,
    serviceDate: addDays(dayKey(now), 10),
    serviceEndDate: null,
    notes: null,
    story: "draft",
    sent: false,
  };
}

function asClient(c: NewClient): Client {
  return c as Client;
}

function writeInvoice(out: FakeBilling, d: Numbered, seller: SellerSnapshot, regime: VatRegime, now: number, tenantId: string, sessionById: Map<number, NewSession>) {
  const totals = computeTotals(d.lines, regime);
  const issued = d.issuedAt !== null;
  const issueDate = issued ? dayKey(d.issuedAt!) : null;
  const token = issued && d.kind === "invoice" ? demoPublicToken(tenantId, "invoice", d.id) : null;
  const buyer: BuyerSnapshot | null = issued ? (d.credits ? buyerSnapshot(asClient(d.credits.client)) : buyerSnapshot(asClient(d.client))) : null;
  const sentAt = issued && d.sent ? d.issuedAt! + 5 * MINUTE : null;
  const credited = d.credits as Numbered | undefined;
  const row: NewInvoice = {
    id: d.id,
    kind: d.kind,
    clientId: d.client.id,
    number: d.number ?? null,
    series: d.series ?? null,
    sequence: d.sequence ?? null,
    state: d.story === "draft" ? "draft" : d.story === "cancelled" ? "cancelled" : "issued",
    creditedInvoiceId: credited ? credited.id : null,
    quoteId: null,
    schedulePart: null,
    title: credited ? `Avoir sur la facture ${credited.number}` : d.title,
    issueDate,
    serviceDate: d.serviceDate,
    serviceEndDate: d.serviceEndDate,
    dueDate: issued && d.kind === "invoice" ? addDays(issueDate!, termsFor(d.client)) : null,
    vatRegime: regime,
    totalHtCents: totals.totalHtCents,
    totalVatCents: totals.totalVatCents,
    totalTtcCents: totals.totalTtcCents,
    paidCents: 0,
    paidAt: null,
    notes: d.notes,
    seller: issued ? seller : null,
    buyer,
    publicToken: token,
    issuedAt: issued ? new Date(d.issuedAt!) : null,
    sentAt: sentAt === null ? null : new Date(sentAt),
    cancelledAt: null,
    createdAt: new Date(d.createdAt),
    updatedAt: new Date(d.issuedAt ?? d.createdAt),
  };
  out.invoices.push(row);
  d.lines.forEach((l, position) =>
    out.invoiceLines.push({
      invoiceId: d.id,
      position,
      kind: l.kind,
      description: l.description,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      vatRateBps: effectiveRate(regime, l.vatRateBps),
      totalHtCents: totals.lineTotalsHt[position],
      sessionCount: l.sessionCount,
      sessionId: l.sessionId,
    }),
  );
  if (token) out.publicLinks.push({ kind: "invoice", documentId: d.id, token });
  const event = (type: NewInvoiceEvent["type"], at: number, detail: string | null, invoiceId = d.id) =>
    out.invoiceEvents.push({ invoiceId, type, day: dayKey(at), detail, createdAt: new Date(at) });
  if (issued) event("issued", d.issuedAt!, row.number!);
  if (sentAt !== null && buyer?.email) event("sent", sentAt, buyer.email);

  // A credit note cancels the invoice it fully credits (issued → cancelled, as createCreditNote).
  if (credited) {
    const target = out.invoices.find((i) => i.id === credited.id)!;
    target.cancelledAt = new Date(d.issuedAt!);
    target.updatedAt = new Date(d.issuedAt!);
    event("credit_note", d.issuedAt!, `${row.number} : ${d.notes}`, credited.id);
  }

  // The ledger: payments, the invoice's paid cache, and the paid mark of the sessions it bills.
  const sessions = d.lines.flatMap((l) => (l.sessionId && d.kind === "invoice" ? [sessionById.get(l.sessionId)!] : []));
  const pay = (amount: number, at: number, method: PaymentMethod) => {
    out.payments.push({
      invoiceId: d.id,
      clientId: d.client.id,
      amountCents: amount,
      method,
      paidAt: new Date(at),
      reference: method === "transfer" ? `VIR SEPA ${row.number}` : method === "cheque" ? `Chèque n° ${int(1_000_000, 9_999_999)}` : null,
      stripePaymentIntentId: null,
      stripeChargeId: null,
      stripeRefundId: null,
      createdAt: new Date(at),
    });
    event("payment", at, `${formatEuros(amount)} (${PAYMENT_LABELS[method]})`);
  };
  const business = d.client.kind === "business";
  if (d.story === "paid") {
    const at = Math.min(d.issuedAt! + int(1, 20 * 24) * HOUR, now - HOUR);
    const method = business ? "transfer" : weighted([["transfer", 45], ["card", 35], ["cheque", 12], ["cash", 8]] as const);
    const paidAt = Math.max(at, d.issuedAt! + MINUTE);
    pay(row.totalTtcCents!, paidAt, method);
    row.paidCents = row.totalTtcCents;
    row.paidAt = new Date(paidAt);
    row.updatedAt = new Date(paidAt);
  } else if (d.story === "partial") {
    const amount = Math.max(100, Math.floor((row.totalTtcCents! * 0.4) / 100) * 100);
    const at = Math.max(Math.min(d.issuedAt! + 5 * DAY, now - HOUR), d.issuedAt! + MINUTE);
    pay(amount, at, "transfer");
    row.paidCents = amount;
    row.updatedAt = new Date(at);
  }
  // Sessions billed by an issued invoice are paid exactly when it is fully paid; by a draft, not yet.
  if (d.story !== "cancelled") {
    for (const s of sessions) {
      s.paidAt = row.paidAt ?? null;
      if (row.paidAt && row.paidAt.getTime() > (s.updatedAt as Date).getTime()) s.updatedAt = row.paidAt;
    }
  }
}

/** Three quotes: accepted by a business (awaiting its deposit invoice), sent to a person, a draft for a lead. */
function addQuotes(
  out: FakeBilling,
  input: { coach: SeedCoachIdentity; clients: NewClient[]; leads: NewLead[]; sessions: NewSession[] },
  seller: SellerSnapshot,
  regime: VatRegime,
  rate: number,
  now: number,
) {
  const today = dayKey(now);
  const price = (clientId: number) => input.sessions.find((s) => s.clientId === clientId)?.priceCents ?? 8000;
  const business = input.clients.find((c) => c.kind === "business") ?? input.clients[0];
  const person = [...input.clients].reverse().find((c) => c.kind === "person" && c.id !== business.id) ?? input.clients[0];
  const lead = input.leads.find((l) => l.status === "call_booked");
  const round = (cents: number) => Math.round(cents / 100) * 100;

  type QuoteSpec = {
    client: NewClient | null;
    leadId: number | null;
    status: "accepted" | "sent" | "draft";
    sentAt: number | null;
    title: string;
    depositPercent: number;
    lines: Line[];
  };
  const specs: QuoteSpec[] = [
    {
      client: business,
      leadId: null,
      status: "accepted",
      sentAt: dayStart(addDays(today, -20)) + 11 * HOUR,
      title: "Programme d'accompagnement – 10 séances",
      depositPercent: 30,
      lines: [
        { kind: "package", description: "Forfait 10 séances de coaching individuel", quantity: 100, unitPriceCents: round(price(business.id) * 10 * 0.9), vatRateBps: rate, sessionId: null, sessionCount: 10 },
        { kind: "free", description: "Bilan initial et plan d'action (1,5 h)", quantity: 150, unitPriceCents: 8000, vatRateBps: rate, sessionId: null, sessionCount: null },
      ],
    },
    {
      client: person,
      leadId: null,
      status: "sent",
      sentAt: dayStart(addDays(today, -3)) + 15 * HOUR,
      title: "Forfait 5 séances",
      depositPercent: 0,
      lines: [{ kind: "package", description: "Forfait 5 séances de coaching individuel", quantity: 100, unitPriceCents: round(price(person.id) * 5 * 0.95), vatRateBps: rate, sessionId: null, sessionCount: 5 }],
    },
    {
      client: lead ? null : person,
      leadId: lead?.id ?? null,
      status: "draft",
      sentAt: null,
      title: "Séance découverte et forfait de démarrage",
      depositPercent: 0,
      lines: [
        { kind: "session", description: "Séance découverte (1 h)", quantity: 100, unitPriceCents: 6000, vatRateBps: rate, sessionId: null, sessionCount: null },
        { kind: "package", description: "Forfait 3 séances", quantity: 100, unitPriceCents: 24000, vatRateBps: rate, sessionId: null, sessionCount: 3 },
      ],
    },
  ];
  const sequences = new Map<string, number>();
  specs.forEach((q, index) => {
    const id = index + 1;
    const totals = computeTotals(q.lines, regime);
    const issueDate = q.sentAt !== null ? dayKey(q.sentAt) : null;
    let number: string | null = null;
    let series: string | null = null;
    let sequence: number | null = null;
    if (issueDate) {
      series = `D-${issueDate.slice(0, 4)}`;
      sequence = (sequences.get(series) ?? 0) + 1;
      sequences.set(series, sequence);
      number = `${series}-${String(sequence).padStart(4, "0")}`;
    }
    const token = q.status === "draft" ? null : demoPublicToken(input.coach.tenantId, "quote", id);
    const acceptedAt = q.status === "accepted" ? q.sentAt! + 3 * DAY + 2 * HOUR : null;
    const createdAt = q.sentAt !== null ? q.sentAt - 30 * MINUTE : now - 5 * HOUR;
    out.quotes.push({
      id,
      clientId: q.client?.id ?? null,
      leadId: q.leadId,
      number,
      series,
      sequence,
      status: q.status,
      title: q.title,
      issueDate,
      validUntil: addDays(issueDate ?? today, 30),
      vatRegime: regime,
      depositPercent: q.depositPercent,
      depositDueDate: q.depositPercent > 0 ? addDays(today, 3) : null,
      balanceDueDate: q.depositPercent > 0 ? addDays(today, 60) : null,
      notes: q.depositPercent > 0 ? `Acompte de ${q.depositPercent} % à la commande, solde à la fin du programme.` : null,
      totalHtCents: totals.totalHtCents,
      totalVatCents: totals.totalVatCents,
      totalTtcCents: totals.totalTtcCents,
      seller: q.sentAt !== null ? seller : null,
      buyer: q.sentAt !== null && q.client ? buyerSnapshot(asClient(q.client)) : null,
      publicToken: token,
      sentAt: q.sentAt === null ? null : new Date(q.sentAt),
      acceptedAt: acceptedAt === null ? null : new Date(acceptedAt),
      acceptedName: acceptedAt === null ? null : clientDisplayName(asClient(q.client!)),
      acceptedIp: acceptedAt === null ? null : `203.0.113.${int(2, 250)}`,
      earlyStartRequestedAt: null,
      refusedAt: null,
      depositInvoiceId: null,
      balanceInvoiceId: null,
      createdAt: new Date(createdAt),
      updatedAt: new Date(acceptedAt ?? q.sentAt ?? createdAt),
    });
    q.lines.forEach((l, position) =>
      out.quoteLines.push({
        quoteId: id,
        position,
        kind: l.kind,
        description: l.description,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
        vatRateBps: effectiveRate(regime, l.vatRateBps),
        totalHtCents: totals.lineTotalsHt[position],
        sessionCount: l.sessionCount,
      }),
    );
    if (token) out.publicLinks.push({ kind: "quote", documentId: id, token });
  });
}

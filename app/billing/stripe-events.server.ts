// What a Stripe event does to a tenant's books. One IMMEDIATE transaction per event: the event id
// is recorded with its effect (a replay is a no-op), and every effect is idempotent on Stripe ids
// and monotonic (an attempt only moves forward), so any order and any number of deliveries
// converge to the same state. recordPayment / recordRefund / createCreditNote open their own
// transactions: nested in ours they become savepoints (better-sqlite3).
import { and, eq, sql } from "drizzle-orm";
import { billingProfile, checkoutAttempts, payments, settings, stripeEvents } from "../../db/tenant.schema";
import { formatEuros } from "~/lib/format";
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError } from "./billing-error";
import { amountDue } from "./invoice-status";
import { createCreditNote, creditedCents, findInvoice, logInvoiceEvent } from "./invoices.server";
import { recordPayment, recordRefund, refreshPaid } from "./ledger.server";
import { hasCoachOsMarker, type Stripe } from "./stripe.server";

export type EventOutcome = {
  /** Already recorded: nothing done. */
  duplicate: boolean;
  /** Why the event changed nothing (not ours, unknown invoice…), for the log. */
  ignored: string | null;
  /** Invoices this event made fully paid: their receipt goes out after the commit. */
  newlyPaid: number[];
  /** Disputes opened by this event (the coach is told after the commit). */
  disputes: { invoiceId: number; number: string | null; amountCents: number; reason: string }[];
  /** Card money that reached an invoice that can no longer take it (cancelled, draft): the coach must refund it. */
  strayPayments: { invoiceId: number; number: string | null; amountCents: number; state: "cancelled" | "draft" }[];
};

type Effects = Omit<EventOutcome, "duplicate"> & {
  /** Invoices this event recorded a payment on, and whether they were fully paid before it. */
  paidBefore: Map<number, boolean>;
};

const ATTEMPT_RANK = { open: 0, expired: 1, failed: 2, complete: 3 } as const;
type AttemptStatus = keyof typeof ATTEMPT_RANK;

export function isFullyPaid(db: TenantDb, invoiceId: number) {
  const i = findInvoice(db, invoiceId);
  if (!i || i.kind !== "invoice" || i.state !== "issued") return false;
  return i.paidCents > 0 && amountDue({ totalTtcCents: i.totalTtcCents, paidCents: i.paidCents, creditedCents: creditedCents(db, i.id) }) === 0;
}

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : (v?.id ?? null));

function invoiceIdFrom(...candidates: (string | null | undefined)[]) {
  for (const c of candidates) if (c && /^[1-9]\d{0,15}$/.test(c)) return Number(c);
  return null;
}

/** Moves a checkout attempt forward only (open → expired/failed → complete): order does not matter. */
function advanceAttempt(db: TenantDb, where: { sessionId?: string | null; invoiceId?: number | null; attempt?: string | null }, status: AttemptStatus, now: Date) {
  const lower = Object.entries(ATTEMPT_RANK)
    .filter(([, rank]) => rank < ATTEMPT_RANK[status])
    .map(([s]) => s);
  const attempt = where.attempt && /^\d{1,9}$/.test(where.attempt) ? Number(where.attempt) : null;
  const row =
    (where.sessionId ? db.select().from(checkoutAttempts).where(eq(checkoutAttempts.stripeCheckoutSessionId, where.sessionId)).get() : undefined) ??
    (where.invoiceId && attempt !== null
      ? db.select().from(checkoutAttempts).where(and(eq(checkoutAttempts.invoiceId, where.invoiceId), eq(checkoutAttempts.attempt, attempt))).get()
      : undefined);
  if (!row || !lower.includes(row.status)) return;
  db.update(checkoutAttempts)
    .set({ status, updatedAt: now, stripeCheckoutSessionId: row.stripeCheckoutSessionId ?? where.sessionId ?? null })
    .where(eq(checkoutAttempts.id, row.id))
    .run();
}

/**
 * The invoice of a Checkout Session Coach OS opened: the attempt that stored its id, else the
 * invoice named in metadata carrying our marker. Sessions other tools open on the coach's account
 * (even with a numeric client_reference_id) are none of ours.
 */
function sessionInvoiceId(db: TenantDb, session: Stripe.Checkout.Session) {
  const row = db.select({ invoiceId: checkoutAttempts.invoiceId }).from(checkoutAttempts).where(eq(checkoutAttempts.stripeCheckoutSessionId, session.id)).get();
  if (row) return row.invoiceId;
  return hasCoachOsMarker(session.metadata) ? invoiceIdFrom(session.metadata?.invoice_id) : null;
}

/** A paid Checkout Session: the payment (idempotent on its PaymentIntent) and the attempt completed. */
function sessionPaid(db: TenantDb, event: Stripe.Event, session: Stripe.Checkout.Session, fx: Effects, now: Date) {
  if (session.payment_status !== "paid") {
    fx.ignored = `payment_status ${session.payment_status}`;
    return;
  }
  const invoiceId = sessionInvoiceId(db, session);
  const paymentIntent = idOf(session.payment_intent);
  if (!invoiceId || !paymentIntent || !session.amount_total) {
    fx.ignored = "not a Coach OS invoice session";
    return;
  }
  if (session.currency && session.currency !== "eur") throw new BillingError(`Paiement en ${session.currency}: seuls les euros sont suivis.`);
  pay(db, fx, { invoiceId, amountCents: session.amount_total, paymentIntent, paidAt: new Date(event.created * 1000) }, now);
  advanceAttempt(db, { sessionId: session.id, invoiceId, attempt: session.metadata?.attempt }, "complete", now);
}

const STRAY_PAYMENT_DETAIL = "Paiement reçu sur une facture annulée : à rembourser";
const STRAY_DRAFT_DETAIL = "Paiement reçu sur une facture non émise (brouillon) : à rembourser";

function pay(db: TenantDb, fx: Effects, p: { invoiceId: number; amountCents: number; paymentIntent: string; paidAt: Date }, now: Date) {
  const invoice = findInvoice(db, p.invoiceId);
  if (invoice?.kind === "invoice" && invoice.state === "draft") return strayOnDraft(db, fx, invoice.id, p, now);
  const wasPaid = isFullyPaid(db, p.invoiceId);
  const { created } = recordPayment(db, { invoiceId: p.invoiceId, amountCents: p.amountCents, method: "card", paidAt: p.paidAt, stripePaymentIntentId: p.paymentIntent }, now);
  if (created && !fx.paidBefore.has(p.invoiceId)) fx.paidBefore.set(p.invoiceId, wasPaid);
  if (created && invoice?.state === "cancelled") {
    // The money is in the ledger (it reached the coach's account), and the coach is told to give it back.
    logInvoiceEvent(db, invoice.id, "payment", `${STRAY_PAYMENT_DETAIL} (${formatEuros(p.amountCents)}, Stripe ${p.paymentIntent})`, now);
    fx.strayPayments.push({ invoiceId: invoice.id, number: invoice.number, amountCents: p.amountCents, state: "cancelled" });
  }
}

/** A draft takes no payment (the ledger refuses it): the coach is told once per PaymentIntent. */
function strayOnDraft(db: TenantDb, fx: Effects, invoiceId: number, p: { amountCents: number; paymentIntent: string }, now: Date) {
  fx.ignored = "card payment on a draft invoice";
  const detail = `${STRAY_DRAFT_DETAIL} (${formatEuros(p.amountCents)}, Stripe ${p.paymentIntent})`;
  const told = db.$client.prepare("SELECT 1 FROM invoice_events WHERE invoice_id = ? AND type = 'payment' AND detail = ?").get(invoiceId, detail);
  if (told) return;
  logInvoiceEvent(db, invoiceId, "payment", detail, now);
  fx.strayPayments.push({ invoiceId, number: null, amountCents: p.amountCents, state: "draft" });
}

/** The invoice a charge pays: its marked metadata (copied from the PaymentIntent), else the payment already recorded. */
function chargeInvoiceId(db: TenantDb, charge: Stripe.Charge) {
  const fromMetadata = hasCoachOsMarker(charge.metadata) ? invoiceIdFrom(charge.metadata?.invoice_id) : null;
  if (fromMetadata) return fromMetadata;
  const pi = idOf(charge.payment_intent);
  if (!pi) return null;
  return db.select({ invoiceId: payments.invoiceId }).from(payments).where(eq(payments.stripePaymentIntentId, pi)).get()?.invoiceId ?? null;
}

/**
 * Each refund of the charge once (idempotent on its id), with the credit note for its amount.
 * A refund that arrives before the payment's own event records the payment first, from the charge.
 */
function chargeRefunded(db: TenantDb, charge: Stripe.Charge, coachEmail: string | null, fx: Effects, now: Date) {
  const invoiceId = chargeInvoiceId(db, charge);
  const pi = idOf(charge.payment_intent);
  if (!invoiceId || !pi) {
    fx.ignored = "charge not linked to a Coach OS invoice";
    return;
  }
  const known = db.select({ id: payments.id }).from(payments).where(eq(payments.stripePaymentIntentId, pi)).get();
  if (!known) {
    pay(db, fx, { invoiceId, amountCents: charge.amount, paymentIntent: pi, paidAt: new Date(charge.created * 1000) }, now);
    advanceAttempt(db, { invoiceId, attempt: charge.metadata?.attempt }, "complete", now);
  }
  const listed = charge.refunds?.data;
  const refunds =
    listed && !charge.refunds?.has_more
      ? listed.filter((r) => r.status !== "failed" && r.status !== "canceled").map((r) => ({ id: r.id, amount: r.amount, at: r.created }))
      : // Without the list (API versions that no longer embed it): what this charge refunded beyond what is recorded.
        deltaRefund(db, charge);
  for (const refund of refunds) {
    const { created } = recordRefund(db, { invoiceId, amountCents: refund.amount, refundedAt: new Date(refund.at * 1000), method: "card", stripeRefundId: refund.id, stripeChargeId: charge.id }, now);
    if (created) creditRefund(db, invoiceId, refund.amount, refund.id, coachEmail, now);
  }
  refreshPaid(db, invoiceId, now);
}

function deltaRefund(db: TenantDb, charge: Stripe.Charge) {
  const row = db.$client.prepare("SELECT coalesce(-sum(amount_cents), 0) AS n FROM payments WHERE stripe_charge_id = ? AND amount_cents < 0").get(charge.id) as { n: number };
  const delta = charge.amount_refunded - row.n;
  // The cumulative amount names the refund: a replay of the same state finds it recorded.
  return delta > 0 ? [{ id: `${charge.id}:refunded:${charge.amount_refunded}`, amount: delta, at: charge.created }] : [];
}

/**
 * The credit note of a refund (already in the ledger), for at most what the refund leaves unpaid:
 * giving back an overpayment (a card payment made twice) cancels nothing the client still owes,
 * and a coach may have credited by hand already.
 */
function creditRefund(db: TenantDb, invoiceId: number, amount: number, refundId: string, coachEmail: string | null, now: Date) {
  const invoice = findInvoice(db, invoiceId);
  if (!invoice || invoice.kind !== "invoice" || invoice.state !== "issued") return;
  const left = invoice.totalTtcCents - creditedCents(db, invoiceId);
  const unpaid = left - invoice.paidCents;
  const credit = Math.max(0, Math.min(amount, unpaid));
  if (credit <= 0) {
    const why = left <= 0 ? "déjà entièrement crédité" : "trop-perçu remboursé, la facture reste payée";
    logInvoiceEvent(db, invoiceId, "refund", `Remboursement Stripe ${refundId} : ${why}, pas d'avoir`, now);
    return;
  }
  if (credit < amount) logInvoiceEvent(db, invoiceId, "refund", `Remboursement Stripe ${refundId} : ${formatEuros(amount - credit)} de trop-perçu, avoir de ${formatEuros(credit)}`, now);
  try {
    createCreditNote(db, { invoiceId, amountCents: credit, reason: `Remboursement par carte (Stripe ${refundId})`, coachEmail, now });
  } catch (error) {
    // A deposit already deducted by its balance invoice takes no credit note: the refund stays in
    // the ledger (the money did leave) and the coach is told on the invoice to correct the balance.
    if (!(error instanceof BillingError) || error.code !== "conflict") throw error;
    logInvoiceEvent(db, invoiceId, "refund", `Remboursement Stripe ${refundId} (${formatEuros(credit)}) sans avoir : ${error.message}`, now);
  }
}

function disputeCreated(db: TenantDb, dispute: Stripe.Dispute, fx: Effects, now: Date) {
  const pi = idOf(dispute.payment_intent);
  const charge = idOf(dispute.charge);
  const row =
    (pi ? db.select({ invoiceId: payments.invoiceId }).from(payments).where(eq(payments.stripePaymentIntentId, pi)).get() : undefined) ??
    (charge ? db.select({ invoiceId: payments.invoiceId }).from(payments).where(eq(payments.stripeChargeId, charge)).get() : undefined);
  if (!row?.invoiceId) {
    fx.ignored = "dispute on a payment Coach OS does not know";
    return;
  }
  logInvoiceEvent(db, row.invoiceId, "dispute", `${formatEuros(dispute.amount)} contestés par le client (motif : ${dispute.reason})`, now);
  fx.disputes.push({ invoiceId: row.invoiceId, number: findInvoice(db, row.invoiceId)?.number ?? null, amountCents: dispute.amount, reason: dispute.reason });
}

const ACCOUNT_STAMP = "stripe_account_updated_at";

/** The account's flags; an older account.updated arriving late does not overwrite a newer one. */
function accountUpdated(db: TenantDb, event: Stripe.Event, account: Stripe.Account, now: Date) {
  const stamp = db.select({ value: settings.value }).from(settings).where(eq(settings.key, ACCOUNT_STAMP)).get();
  if (stamp && Number(stamp.value) > event.created) return;
  db.insert(settings)
    .values({ key: ACCOUNT_STAMP, value: String(event.created) })
    .onConflictDoUpdate({ target: settings.key, set: { value: String(event.created) } })
    .run();
  db.insert(billingProfile).values({ id: 1 }).onConflictDoNothing().run();
  db.update(billingProfile)
    .set({ stripeAccountId: account.id, stripeChargesEnabled: account.charges_enabled, stripeDetailsSubmitted: account.details_submitted, updatedAt: now })
    .where(eq(billingProfile.id, 1))
    .run();
}

function applyEffect(db: TenantDb, event: Stripe.Event, coachEmail: string | null, fx: Effects, now: Date) {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return sessionPaid(db, event, event.data.object, fx, now);
    case "checkout.session.async_payment_failed": {
      const session = event.data.object;
      const invoiceId = sessionInvoiceId(db, session);
      if (!invoiceId || !findInvoice(db, invoiceId)) return void (fx.ignored = "not a Coach OS invoice session");
      advanceAttempt(db, { sessionId: session.id, invoiceId, attempt: session.metadata?.attempt }, "failed", now);
      return logInvoiceEvent(db, invoiceId, "checkout", "Paiement en ligne refusé par la banque", now);
    }
    case "checkout.session.expired": {
      const session = event.data.object;
      return advanceAttempt(db, { sessionId: session.id, invoiceId: sessionInvoiceId(db, session), attempt: session.metadata?.attempt }, "expired", now);
    }
    case "charge.refunded":
      return chargeRefunded(db, event.data.object, coachEmail, fx, now);
    case "charge.dispute.created":
      return disputeCreated(db, event.data.object, fx, now);
    case "account.updated":
      return accountUpdated(db, event, event.data.object, now);
    default:
      fx.ignored = `unhandled type ${event.type}`;
  }
}

/** Applies a verified event to the tenant's books, once. */
export function applyStripeEvent(db: TenantDb, event: Stripe.Event, { coachEmail = null as string | null, now = new Date() } = {}): EventOutcome {
  return db.$client
    .transaction((): EventOutcome => {
      const seen = db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, event.id)).get();
      if (seen) return { duplicate: true, ignored: null, newlyPaid: [], disputes: [], strayPayments: [] };
      const fx: Effects = { ignored: null, newlyPaid: [], disputes: [], strayPayments: [], paidBefore: new Map() };
      try {
        // A savepoint: an event our books refuse (a draft's id, another currency) leaves nothing half-written.
        db.$client.transaction(() => applyEffect(db, event, coachEmail, fx, now))();
      } catch (error) {
        if (!(error instanceof BillingError)) throw error;
        // Retrying would not change the answer: record the event as seen, with why.
        Object.assign(fx, { ignored: `refused: ${error.message}`, disputes: [], strayPayments: [], paidBefore: new Map() });
      }
      db.insert(stripeEvents).values({ id: event.id, type: event.type, createdAt: now }).run();
      // Paid by this event, and still paid once all of it applied (a refund in the same event undoes it).
      const newlyPaid = [...fx.paidBefore].filter(([id, before]) => !before && isFullyPaid(db, id)).map(([id]) => id);
      return { duplicate: false, ignored: fx.ignored, newlyPaid, disputes: fx.disputes, strayPayments: fx.strayPayments };
    })
    .immediate();
}

/** For tests and the bench: how many events a tenant has recorded. */
export const stripeEventCount = (db: TenantDb) => db.select({ n: sql<number>`count(*)` }).from(stripeEvents).get()?.n ?? 0;

// The payments ledger: append-only (SQL triggers refuse edits and deletes). A payment is a
// positive row, a refund a negative one; invoices.paid_cents / paid_at cache the sum in the same
// transaction, and the sessions an invoice bills follow it (coaching_sessions.paid_at is set when
// the invoice is fully paid, cleared when a refund takes it below).
import { eq } from "drizzle-orm";
import { invoices, payments, type PaymentMethod } from "../../db/tenant.schema";
import { notify } from "~/email/notifications.server";
import { formatEuros } from "~/lib/format";
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError } from "./billing-error";
import { PAYMENT_METHOD_LABELS } from "./payment-methods";
import { amountDue } from "./invoice-status";
import { findInvoice, INVOICE_NOT_FOUND, logInvoiceEvent } from "./invoices.server";
import { creditedCents, refreshPaid } from "./settlement.server";
import { submittedEvent, withSubmission } from "./submission.server";

export { refreshPaid };

export type Payment = typeof payments.$inferSelect;

export { PAYMENT_METHOD_LABELS };

export type PaymentInput = {
  invoiceId: number;
  amountCents: number;
  method: PaymentMethod;
  paidAt: Date;
  reference?: string | null;
  stripePaymentIntentId?: string | null;
  stripeChargeId?: string | null;
  /** The form's one-time token (submission.server.ts): a replay records nothing. */
  submission?: string | null;
};

/**
 * Records a payment. With a Stripe PaymentIntent id it is idempotent (a replayed webhook returns
 * `{ created: false }`), and so with a form's submission token (`{ created: false, paymentId: null }`).
 * Must run inside the caller's transaction or opens its own.
 */
export function recordPayment(db: TenantDb, input: PaymentInput, now = new Date()): { paymentId: number | null; created: boolean } {
  return db.$client
    .transaction(() => {
      if (input.stripePaymentIntentId) {
        const existing = db.select({ id: payments.id }).from(payments).where(eq(payments.stripePaymentIntentId, input.stripePaymentIntentId)).get();
        if (existing) return { paymentId: existing.id, created: false };
      }
      if (submittedEvent(db, input.invoiceId, ["payment"], input.submission) !== null) return { paymentId: null, created: false };
      const invoice = findInvoice(db, input.invoiceId);
      if (!invoice) throw new BillingError(INVOICE_NOT_FOUND, "not_found");
      if (invoice.kind !== "invoice" || invoice.state === "draft") throw new BillingError("Seule une facture émise reçoit des paiements.");
      if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) throw new BillingError("Le montant doit être positif.");
      // A manual entry may not exceed what is due; money that already reached Stripe is recorded whatever it is.
      const due = amountDue({ totalTtcCents: invoice.totalTtcCents, paidCents: invoice.paidCents, creditedCents: creditedCents(db, invoice.id) });
      if (!input.stripePaymentIntentId && input.amountCents > due) {
        throw new BillingError(due === 0 ? "Cette facture ne doit plus rien." : `Le montant dépasse le reste dû (${formatEuros(due)}).`, "conflict");
      }
      const paymentId = db
        .insert(payments)
        .values({
          invoiceId: invoice.id,
          clientId: invoice.clientId,
          amountCents: input.amountCents,
          method: input.method,
          paidAt: input.paidAt,
          reference: input.reference ?? null,
          stripePaymentIntentId: input.stripePaymentIntentId ?? null,
          stripeChargeId: input.stripeChargeId ?? null,
          createdAt: now,
        })
        .returning({ id: payments.id })
        .get().id;
      logInvoiceEvent(db, invoice.id, "payment", withSubmission(`${formatEuros(input.amountCents)} (${PAYMENT_METHOD_LABELS[input.method]})`, input.submission), now);
      refreshPaid(db, invoice.id, now);
      notify(
        db,
        "payment_received",
        {
          title: `Paiement reçu : ${formatEuros(input.amountCents)}${invoice.buyer?.name ? ` de ${invoice.buyer.name}` : ""}`,
          body: `Facture ${invoice.number ?? ""} · ${PAYMENT_METHOD_LABELS[input.method]}`.trim(),
          href: `/dashboard/invoices/${invoice.id}`,
        },
        now,
      );
      return { paymentId, created: true };
    })
    .immediate();
}

export type RefundInput = {
  invoiceId: number;
  amountCents: number;
  refundedAt: Date;
  method?: PaymentMethod;
  stripeRefundId?: string | null;
  stripeChargeId?: string | null;
  reference?: string | null;
  /** The form's one-time token (submission.server.ts): a replay records nothing. */
  submission?: string | null;
};

/** Records money given back (a negative ledger row). Idempotent on the Stripe refund id and on a form's submission token. */
export function recordRefund(db: TenantDb, input: RefundInput, now = new Date()): { paymentId: number | null; created: boolean } {
  return db.$client
    .transaction(() => {
      if (input.stripeRefundId) {
        const existing = db.select({ id: payments.id }).from(payments).where(eq(payments.stripeRefundId, input.stripeRefundId)).get();
        if (existing) return { paymentId: existing.id, created: false };
      }
      if (submittedEvent(db, input.invoiceId, ["refund"], input.submission) !== null) return { paymentId: null, created: false };
      const invoice = findInvoice(db, input.invoiceId);
      if (!invoice) throw new BillingError(INVOICE_NOT_FOUND, "not_found");
      if (invoice.kind !== "invoice" || invoice.state === "draft") throw new BillingError("Seule une facture émise se rembourse.");
      if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) throw new BillingError("Le montant remboursé doit être positif.");
      if (!input.stripeRefundId && input.amountCents > invoice.paidCents) throw new BillingError("On ne rembourse pas plus que ce qui a été payé.", "conflict");
      // A card refund of money paid through Stripe is recorded by Stripe's webhook: entered by hand
      // as well, it would be counted twice.
      if (!input.stripeRefundId && (input.method ?? "card") === "card") {
        const viaStripe = db.$client.prepare("SELECT 1 FROM payments WHERE invoice_id = ? AND stripe_payment_intent_id IS NOT NULL").get(invoice.id);
        if (viaStripe) throw new BillingError("Cette facture a été payée par carte via Stripe : remboursez depuis votre tableau de bord Stripe, le remboursement s'enregistre tout seul ici.", "conflict");
      }
      const paymentId = db
        .insert(payments)
        .values({
          invoiceId: invoice.id,
          clientId: invoice.clientId,
          amountCents: -input.amountCents,
          method: input.method ?? "card",
          paidAt: input.refundedAt,
          reference: input.reference ?? null,
          stripeRefundId: input.stripeRefundId ?? null,
          stripeChargeId: input.stripeChargeId ?? null,
          createdAt: now,
        })
        .returning({ id: payments.id })
        .get().id;
      logInvoiceEvent(db, invoice.id, "refund", withSubmission(formatEuros(input.amountCents), input.submission), now);
      refreshPaid(db, invoice.id, now);
      return { paymentId, created: true };
    })
    .immediate();
}

export function paymentsOf(db: TenantDb, invoiceId: number): Payment[] {
  return db.select().from(payments).where(eq(payments.invoiceId, invoiceId)).orderBy(payments.paidAt, payments.id).all();
}

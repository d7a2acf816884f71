// The invoice's public page `/pay/:token` (no account): what the client sees, and "Payer par
// carte", which sends the client to the invoice's one open Checkout Session on the coach's Stripe
// account (a new one expires the older ones).
import { and, desc, eq, gte, sql } from "drizzle-orm";
import { electronicFormatIBAN, friendlyFormatIBAN } from "ibantools";
import { checkoutAttempts } from "../../db/tenant.schema";
import { dayKey } from "~/kpis/paris-days.server";
import { controlDb } from "~/lib/control-db.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { findTenant } from "~/platform/tenants.server";
import { withReportedTenantDb } from "~/platform/tenant-health.server";
import { BillingError } from "./billing-error";
import { readBillingProfile } from "./billing-profile.server";
import { amountDue, INVOICE_STATUS_LABELS, invoiceStatus } from "./invoice-status";
import { creditedCents, findInvoice, type Invoice } from "./invoices.server";
import { resolvePublicLink } from "./public-links.server";
import { logger } from "~/lib/logger.server";
import { CHECKOUT_LIFETIME_MS, createCheckoutSession, expireCheckoutSession, isStripeError, NOT_CONFIGURED_MESSAGE, stripeConfigured } from "./stripe.server";

export const PAY_LINK_NOT_FOUND = "Ce lien de paiement n'existe pas (ou plus). Vérifiez qu'il a été copié en entier.";
const notFound = () => new Response(PAY_LINK_NOT_FOUND, { status: 404 });

/** At most this many card attempts per invoice and hour (the page is public). */
const ATTEMPTS_PER_HOUR = 10;

/**
 * Runs `fn` with the tenant and issued invoice a public token opens, or throws a 404: unknown
 * token, suspended coach, a token that is not this row's (A's token never opens B's invoice).
 */
export async function withPublicInvoice<T>(token: string | undefined, fn: (db: TenantDb, invoice: Invoice, tenantId: string) => T | Promise<T>) {
  const link = resolvePublicLink("invoice", token);
  if (!link) throw notFound();
  const tenant = findTenant(controlDb(), link.tenantId);
  if (!tenant || tenant.status !== "active") throw notFound();
  return withReportedTenantDb(link.tenantId, (db) => {
    const invoice = findInvoice(db, link.documentId);
    if (!invoice || invoice.kind !== "invoice" || invoice.publicToken !== token || (invoice.state !== "issued" && invoice.state !== "cancelled")) throw notFound();
    return fn(db, invoice, link.tenantId);
  });
}

const formatIban = (iban: string | null | undefined) => {
  const e = iban ? electronicFormatIBAN(iban) : null;
  return e ? (friendlyFormatIBAN(e) ?? e) : null;
};

export function payPage(db: TenantDb, invoice: Invoice, now = new Date()) {
  const credited = creditedCents(db, invoice.id);
  const status = invoiceStatus({ ...invoice, creditedCents: credited }, dayKey(now));
  const due = invoice.state === "issued" ? amountDue({ totalTtcCents: invoice.totalTtcCents, paidCents: invoice.paidCents, creditedCents: credited }) : 0;
  const profile = readBillingProfile(db);
  const cardEnabled = stripeConfigured() && Boolean(profile.stripeAccountId) && profile.stripeChargesEnabled;
  const seller = invoice.seller;
  return {
    number: invoice.number ?? "",
    title: invoice.title,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    totalCents: invoice.totalTtcCents,
    paidCents: invoice.paidCents,
    creditedCents: credited,
    dueCents: due,
    status,
    statusLabel: INVOICE_STATUS_LABELS[status],
    seller: {
      name: seller?.tradeName || seller?.legalName || "",
      legalName: seller?.legalName ?? "",
      address: [seller?.address, [seller?.postalCode, seller?.city].filter(Boolean).join(" ")].filter(Boolean).join(", "),
      email: seller?.email ?? null,
      iban: formatIban(seller?.iban),
      bic: seller?.bic ?? null,
    },
    buyerName: invoice.buyer?.name ?? "",
    canPayByCard: cardEnabled && due > 0,
    /** Why card payment is not offered (null when it is, or when nothing is due). */
    cardNote: due === 0 ? null : !stripeConfigured() ? NOT_CONFIGURED_MESSAGE : !cardEnabled ? "Le paiement par carte n'est pas encore activé pour ce professionnel." : null,
  };
}

/** A stored session is reused only while it leaves the client this long to pay. */
const REUSE_MARGIN_MS = 5 * 60_000;
/** An attempt whose session is being created (no URL yet) holds off a second one this long. */
const OPENING_MS = 60_000;

export const CHECKOUT_OPENING_MESSAGE = "Un paiement par carte est en cours d'ouverture pour cette facture : patientez quelques secondes puis réessayez.";
export const CHECKOUT_ALREADY_PAID_MESSAGE = "Un paiement par carte vient d'être effectué pour cette facture : il sera pris en compte dans quelques instants.";
const UNAVAILABLE_MESSAGE = "Le paiement par carte est momentanément indisponible : réessayez dans un instant, ou payez par virement.";

type Attempt = typeof checkoutAttempts.$inferSelect;

/**
 * One payable Checkout Session per invoice at a time (two tabs must not mean two charges). The
 * latest attempt, still open, for the amount due now and far enough from its expiry, is reused
 * (its stored URL). Otherwise attempt n+1 is opened: the row first (its number is in the
 * idempotency key), the older open sessions expired at Stripe, then a session that expires on its
 * own after CHECKOUT_LIFETIME_MS. Returns Stripe's hosted page URL.
 */
export async function startCheckout(db: TenantDb, invoice: Invoice, { token, baseUrl, now = new Date() }: { token: string; baseUrl: string; now?: Date }) {
  const page = payPage(db, invoice, now);
  if (!page.canPayByCard) throw new BillingError(page.cardNote ?? "Cette facture ne doit plus rien.", "conflict");
  const stripeAccount = readBillingProfile(db).stripeAccountId!;
  const opened = db.$client
    .transaction((): { reuse: string } | { attempt: Attempt; older: Attempt[] } => {
      const open = db
        .select()
        .from(checkoutAttempts)
        .where(and(eq(checkoutAttempts.invoiceId, invoice.id), eq(checkoutAttempts.status, "open")))
        .orderBy(desc(checkoutAttempts.attempt))
        .all();
      const latest = open[0];
      if (latest && !latest.url && latest.createdAt.getTime() > now.getTime() - OPENING_MS) throw new BillingError(CHECKOUT_OPENING_MESSAGE, "conflict");
      if (latest?.url && latest.amountCents === page.dueCents && latest.createdAt.getTime() + CHECKOUT_LIFETIME_MS - REUSE_MARGIN_MS > now.getTime()) {
        return { reuse: latest.url };
      }
      const recent = db
        .select({ n: sql<number>`count(*)` })
        .from(checkoutAttempts)
        .where(and(eq(checkoutAttempts.invoiceId, invoice.id), gte(checkoutAttempts.createdAt, new Date(now.getTime() - 3600_000))))
        .get()!.n;
      if (recent >= ATTEMPTS_PER_HOUR) throw new BillingError("Trop de tentatives de paiement pour cette facture : réessayez dans une heure.", "conflict");
      const last = db.select({ n: sql<number>`coalesce(max(${checkoutAttempts.attempt}), 0)` }).from(checkoutAttempts).where(eq(checkoutAttempts.invoiceId, invoice.id)).get()!.n;
      const attempt = db
        .insert(checkoutAttempts)
        .values({ invoiceId: invoice.id, attempt: last + 1, amountCents: page.dueCents, status: "open", createdAt: now, updatedAt: now })
        .returning()
        .get();
      return { attempt, older: open.filter((a) => a.stripeCheckoutSessionId) };
    })
    .immediate();
  if ("reuse" in opened) return opened.reuse;
  const { attempt, older } = opened;
  const fail = () => db.update(checkoutAttempts).set({ status: "failed", updatedAt: new Date() }).where(and(eq(checkoutAttempts.id, attempt.id), eq(checkoutAttempts.status, "open"))).run();
  const back = `${baseUrl}/pay/${token}`;
  try {
    for (const old of older) {
      const status = await expireCheckoutSession(stripeAccount, old.stripeCheckoutSessionId!);
      if (status === "complete") {
        // Paid in another tab: its webhook is on its way; a new session would charge twice.
        fail();
        throw new BillingError(CHECKOUT_ALREADY_PAID_MESSAGE, "conflict");
      }
      if (status !== "expired") throw new Error(`Checkout Session ${old.stripeCheckoutSessionId} is still open after expire`);
      db.update(checkoutAttempts).set({ status: "expired", updatedAt: new Date() }).where(and(eq(checkoutAttempts.id, old.id), eq(checkoutAttempts.status, "open"))).run();
    }
    const session = await createCheckoutSession({
      stripeAccount,
      invoiceId: invoice.id,
      attempt: attempt.attempt,
      invoiceNumber: page.number,
      amountCents: page.dueCents,
      customerEmail: invoice.buyer?.email ?? null,
      successUrl: `${back}?paiement=ok`,
      cancelUrl: `${back}?paiement=annule`,
      expiresAt: new Date(now.getTime() + CHECKOUT_LIFETIME_MS),
    });
    if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL");
    db.update(checkoutAttempts).set({ stripeCheckoutSessionId: session.id, url: session.url, updatedAt: new Date() }).where(eq(checkoutAttempts.id, attempt.id)).run();
    return session.url;
  } catch (error) {
    fail();
    if (error instanceof BillingError) throw error;
    if (!isStripeError(error)) throw error;
    logger.warn({ invoiceId: invoice.id, attempt: attempt.attempt, stripe: error.message }, "checkout session refused by Stripe");
    throw new BillingError(UNAVAILABLE_MESSAGE, "conflict");
  }
}

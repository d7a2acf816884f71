// POST /webhooks/stripe, the one Connect endpoint: signature on the raw body, then routing by
// `event.account` (control DB) to the coach's file, where the event is applied once. Receipts
// and the coach's emails (dispute, card money on a cancelled invoice) go out after the commit and
// never fail the answer to Stripe.
import { json } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { stripeAccounts } from "../../db/control.schema";
import { sendEmail } from "~/email/email.server";
import { getEnv } from "~/env.server";
import { controlDb } from "~/lib/control-db.server";
import { formatEuros } from "~/lib/format";
import { logger } from "~/lib/logger.server";
import { withTenantDb } from "~/lib/tenant-db.server";
import { findTenant, tenantOwner } from "~/platform/tenants.server";
import { withReportedTenantDb } from "~/platform/tenant-health.server";
import { BillingError } from "./billing-error";
import { sendReceipt } from "./send.server";
import { applyStripeEvent, type EventOutcome } from "./stripe-events.server";
import { verifyWebhook, type Stripe } from "./stripe.server";
import { readRaw } from "~/lib/http/raw-body.server";
import { appUrlOf } from "~/lib/app-url.server";

/** Stripe's events are a few kB; anything far larger is not from Stripe. */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

// Remix's json(): the server's installGlobals() Response has no static Response.json().
const answer = (status: number, body: Record<string, unknown>) => json(body, { status });


export function tenantOfStripeAccount(accountId: string) {
  return controlDb().select({ tenantId: stripeAccounts.tenantId }).from(stripeAccounts).where(eq(stripeAccounts.accountId, accountId)).get()?.tenantId ?? null;
}

const followUps = new Set<Promise<unknown>>();

/** Waits for the receipts and emails started by webhooks (tests, shutdown). */
export async function settleStripeFollowUps() {
  while (followUps.size > 0) await Promise.allSettled([...followUps]);
}

function followUp(what: string, tenantId: string, task: () => Promise<unknown>) {
  const p = task()
    .catch((error) =>
      // A refusal the coach can act on (e.g. "Adresse en échec : email non envoyé (…)"): not a bug.
      error instanceof BillingError ? logger.warn({ tenantId, reason: error.message }, `stripe webhook: ${what} not sent`) : logger.error({ tenantId, err: error }, `stripe webhook: ${what} failed`),
    )
    .finally(() => followUps.delete(p));
  followUps.add(p);
}

function afterCommit(tenantId: string, outcome: EventOutcome, coachEmail: string | null, appUrl: string) {
  const coachName = findTenant(controlDb(), tenantId)?.name ?? "Votre coach";
  for (const invoiceId of outcome.newlyPaid) {
    followUp("receipt", tenantId, () => withTenantDb(tenantId, (db) => sendReceipt(db, invoiceId, { tenantId, appUrl, coachName })));
  }
  if (!coachEmail) return;
  const tell = (what: string, subject: string, text: string) =>
    followUp(what, tenantId, () => sendEmail({ to: coachEmail, subject, text, html: text.split("\n").map((l) => `<p>${l.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`).join("") }));
  for (const d of outcome.disputes) {
    const link = `${appUrl}/dashboard/invoices/${d.invoiceId}`;
    const text = `Bonjour,\n\nUn client conteste un paiement par carte de ${formatEuros(d.amountCents)} (facture ${d.number ?? d.invoiceId}, motif : ${d.reason}).\nRépondez à la contestation depuis votre tableau de bord Stripe avant l'échéance indiquée par Stripe.\n\nLa facture : ${link}\n`;
    tell("dispute email", `Paiement contesté : facture ${d.number ?? d.invoiceId}`, text);
  }
  for (const p of outcome.strayPayments) {
    const link = `${appUrl}/dashboard/invoices/${p.invoiceId}`;
    const name = p.number ? `la facture ${p.number}` : "un brouillon de facture";
    const why = p.state === "cancelled" ? "Cette facture est annulée par avoir : le client ne la doit plus." : "Ce brouillon n'est pas une facture émise : ce paiement n'a pas été enregistré.";
    const text = `Bonjour,\n\nUn paiement par carte de ${formatEuros(p.amountCents)} vient d'arriver sur ${name}.\n${why}\nRemboursez ce paiement au client depuis votre tableau de bord Stripe (ou émettez une nouvelle facture s'il la doit).\n\nLa facture : ${link}\n`;
    tell("stray payment email", p.state === "cancelled" ? `Paiement reçu sur une facture annulée : ${p.number ?? p.invoiceId}` : "Paiement reçu sur un brouillon de facture", text);
  }
}

export async function handleStripeWebhook(request: Request): Promise<Response> {
  if (!getEnv().STRIPE_WEBHOOK_SECRET) return answer(503, { error: "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET)." });
  const signature = request.headers.get("stripe-signature");
  if (!signature) return answer(400, { error: "Missing Stripe-Signature header." });
  const raw = await readRaw(request, MAX_WEBHOOK_BYTES);
  if (!raw) return answer(413, { error: "Body too large." });
  let event: Stripe.Event;
  try {
    event = verifyWebhook(raw, signature);
  } catch (error) {
    logger.warn({ reason: (error as Error).message.split("\n")[0] }, "stripe webhook: signature refused");
    return answer(400, { error: "Invalid signature or timestamp outside the tolerance." });
  }
  if (!event.account) return answer(200, { ignored: "not a connected-account event" });
  const tenantId = tenantOfStripeAccount(event.account);
  if (!tenantId) {
    logger.warn({ account: event.account, eventId: event.id }, "stripe webhook: unknown account");
    return answer(200, { ignored: "unknown account" });
  }
  const coachEmail = tenantOwner(controlDb(), tenantId)?.email ?? null;
  const outcome = await withReportedTenantDb(tenantId, (db) => applyStripeEvent(db, event, { coachEmail }));
  if (outcome.ignored) logger.info({ tenantId, eventId: event.id, type: event.type, reason: outcome.ignored }, "stripe webhook: no effect");
  afterCommit(tenantId, outcome, coachEmail, appUrlOf(request));
  return answer(200, { received: true, duplicate: outcome.duplicate, ...(outcome.ignored ? { ignored: outcome.ignored } : {}) });
}

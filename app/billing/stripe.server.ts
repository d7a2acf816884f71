// The one module that holds the Stripe SDK (Connect, direct charges): the platform's key comes
// from the environment, every call on a coach's behalf carries their account (`stripeAccount`).
// Tests point the SDK at a local stand-in (STRIPE_API_HOST/PORT/PROTOCOL).
import Stripe from "stripe";
import { getEnv } from "~/env.server";

export type { Stripe };

/** Stripe's recommended tolerance: a signed event older than 5 minutes is refused (replays). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export const NOT_CONFIGURED_MESSAGE = "Le paiement en ligne n'est pas configuré.";

/** Online payment needs both the platform key and the webhook secret (otherwise nothing would record the payments). */
export function stripeConfigured() {
  const env = getEnv();
  return Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET);
}

let cached: { key: string; client: Stripe } | undefined;

export function stripeClient(): Stripe {
  const env = getEnv();
  if (!env.STRIPE_SECRET_KEY) throw new Error("STRIPE_SECRET_KEY is not set");
  const config = {
    host: env.STRIPE_API_HOST,
    port: env.STRIPE_API_PORT,
    protocol: env.STRIPE_API_PROTOCOL,
  };
  const key = JSON.stringify([env.STRIPE_SECRET_KEY, config]);
  if (cached?.key !== key) {
    cached = {
      key,
      client: new Stripe(env.STRIPE_SECRET_KEY, {
        ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)),
        maxNetworkRetries: 2,
        timeout: 15_000,
        appInfo: { name: "Coach OS" },
      }),
    };
  }
  return cached.client;
}

/** The coach's connected account (controller properties equivalent to a Standard account: the coach owns it and its dashboard). */
export function createConnectedAccount({ tenantId, email }: { tenantId: string; email: string }) {
  return stripeClient().accounts.create(
    {
      country: "FR",
      email,
      controller: {
        stripe_dashboard: { type: "full" },
        fees: { payer: "account" },
        losses: { payments: "stripe" },
        requirement_collection: "stripe",
      },
      metadata: { tenant_id: tenantId },
    },
    // A double click creates one account, not two.
    { idempotencyKey: `tenant-${tenantId}-account` },
  );
}

export function createOnboardingLink({ account, returnUrl, refreshUrl }: { account: string; returnUrl: string; refreshUrl: string }) {
  return stripeClient().accountLinks.create({ account, type: "account_onboarding", return_url: returnUrl, refresh_url: refreshUrl });
}

export function retrieveAccount(account: string) {
  return stripeClient().accounts.retrieve(account);
}

/**
 * The mark Coach OS puts in the metadata of its Checkout Sessions and their PaymentIntents: other
 * tools on the coach's account create sessions and charges too, and only ours touch the books.
 */
export const COACH_OS_MARKER = { coach_os: "1" } as const;
export const hasCoachOsMarker = (metadata: Record<string, string> | null | undefined) => metadata?.coach_os === COACH_OS_MARKER.coach_os;

/**
 * How long a Checkout Session stays payable: Stripe's minimum (30 min after its creation) plus a
 * minute, so that our clock or the request's latency never puts it under the minimum.
 */
export const CHECKOUT_LIFETIME_MS = 31 * 60_000;

export type CheckoutInput = {
  stripeAccount: string;
  invoiceId: number;
  attempt: number;
  invoiceNumber: string;
  amountCents: number;
  customerEmail: string | null;
  successUrl: string;
  cancelUrl: string;
  /** When the session stops being payable (at least 30 min after now, Stripe's minimum). */
  expiresAt: Date;
};

/** A fresh Checkout Session on the coach's account; the idempotency key names the invoice and the attempt. */
export function createCheckoutSession(input: CheckoutInput) {
  const metadata = { ...COACH_OS_MARKER, invoice_id: String(input.invoiceId), attempt: String(input.attempt) };
  return stripeClient().checkout.sessions.create(
    {
      mode: "payment",
      locale: "fr",
      client_reference_id: String(input.invoiceId),
      ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
      line_items: [
        {
          quantity: 1,
          price_data: { currency: "eur", unit_amount: input.amountCents, product_data: { name: `Facture ${input.invoiceNumber}` } },
        },
      ],
      metadata,
      // Copied to the PaymentIntent (and its charge): refunds and disputes find the invoice too.
      payment_intent_data: { metadata },
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      expires_at: Math.floor(input.expiresAt.getTime() / 1000),
    },
    { stripeAccount: input.stripeAccount, idempotencyKey: `invoice-${input.invoiceId}-attempt-${input.attempt}` },
  );
}

/**
 * Expires an open Checkout Session on the coach's account (nobody can pay it any more). Returns its
 * status afterwards: "expired", or "complete" when the client paid it in the meantime (Stripe then
 * refuses to expire it). Other failures (network, outage) are thrown.
 */
export async function expireCheckoutSession(stripeAccount: string, sessionId: string): Promise<"expired" | "complete" | "open"> {
  const client = stripeClient();
  try {
    await client.checkout.sessions.expire(sessionId, {}, { stripeAccount });
    return "expired";
  } catch (error) {
    if (!isStripeError(error) || error.type !== "StripeInvalidRequestError") throw error;
    // Already expired or complete: Stripe says so in words that may change; its status does not.
    const session = await client.checkout.sessions.retrieve(sessionId, {}, { stripeAccount });
    return session.status === "expired" ? "expired" : session.status === "complete" ? "complete" : "open";
  }
}

/** A refusal or outage of Stripe's API (as opposed to a bug of ours). */
export const isStripeError = (error: unknown): error is InstanceType<typeof Stripe.errors.StripeError> => error instanceof Stripe.errors.StripeError;

/** Verifies the signature on the raw body (300 s tolerance) and parses the event; throws when it does not hold. */
export function verifyWebhook(rawBody: Buffer, signature: string) {
  const secret = getEnv().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new Error("STRIPE_WEBHOOK_SECRET is not set");
  // The signature check needs no network: a client without a key is fine for it.
  const client = getEnv().STRIPE_SECRET_KEY ? stripeClient() : new Stripe("sk_unused");
  return client.webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
}

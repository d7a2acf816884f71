// Connecting the coach's own Stripe account (Connect, Stripe-hosted onboarding through an
// account link). The control DB maps the account to the tenant for the webhook; the tenant's
// billing_profile keeps the account id and its flags (refreshed on return and by account.updated).
import { stripeAccounts } from "../../db/control.schema";
import { controlDb } from "~/lib/control-db.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { readBillingProfile, updateBillingProfile } from "./billing-profile.server";
import { logger } from "~/lib/logger.server";
import { createConnectedAccount, createOnboardingLink, isStripeError, NOT_CONFIGURED_MESSAGE, retrieveAccount, stripeConfigured } from "./stripe.server";

export type StripeConnectStatus = "not_connected" | "onboarding" | "enabled";
export type StripeConnectState = { configured: boolean; status: StripeConnectStatus; accountId: string | null; detailsSubmitted: boolean };

export function stripeConnectState(db: TenantDb): StripeConnectState {
  const p = readBillingProfile(db);
  const status: StripeConnectStatus = !p.stripeAccountId ? "not_connected" : p.stripeChargesEnabled ? "enabled" : "onboarding";
  return { configured: stripeConfigured(), status, accountId: p.stripeAccountId, detailsSubmitted: p.stripeDetailsSubmitted };
}

export const onboardingUrls = (baseUrl: string) => ({
  returnUrl: `${baseUrl}/dashboard/settings/stripe/return`,
  refreshUrl: `${baseUrl}/dashboard/settings/stripe/refresh`,
});

/** The coach's account, created once (a double click finds it through the idempotency key). */
async function ensureAccount(db: TenantDb, { tenantId, email }: { tenantId: string; email: string }) {
  const existing = readBillingProfile(db).stripeAccountId;
  const accountId = existing ?? (await createConnectedAccount({ tenantId, email })).id;
  // The webhook's routing first (another file), then the tenant's copy: a failure in between is
  // repaired by the next click, which finds the same account.
  controlDb().insert(stripeAccounts).values({ accountId, tenantId }).onConflictDoNothing().run();
  if (!existing) updateBillingProfile(db, { stripeAccountId: accountId, stripeChargesEnabled: false, stripeDetailsSubmitted: false });
  return accountId;
}

/** The Stripe-hosted onboarding URL to send the coach to (account links are single-use and short-lived). */
export async function startStripeOnboarding(db: TenantDb, ctx: { tenantId: string; email: string; baseUrl: string }) {
  const account = await ensureAccount(db, ctx);
  const link = await createOnboardingLink({ account, ...onboardingUrls(ctx.baseUrl) });
  return link.url;
}

/** The settings' "Connecter mon compte Stripe": where to send the coach, or why not (in French). */
export async function connectStripe(db: TenantDb, ctx: { tenantId: string; email: string; baseUrl: string }): Promise<{ url: string } | { error: string }> {
  if (!stripeConfigured()) return { error: NOT_CONFIGURED_MESSAGE };
  try {
    return { url: await startStripeOnboarding(db, ctx) };
  } catch (error) {
    if (!isStripeError(error)) throw error;
    logger.warn({ tenantId: ctx.tenantId, stripe: error.message }, "stripe onboarding refused");
    return { error: "Stripe n'a pas pu ouvrir l'inscription pour l'instant : réessayez dans un moment." };
  }
}

/** Reads the account's flags from Stripe (back from onboarding). */
export async function refreshStripeAccount(db: TenantDb) {
  const accountId = readBillingProfile(db).stripeAccountId;
  if (!accountId) return stripeConnectState(db);
  const account = await retrieveAccount(accountId);
  updateBillingProfile(db, { stripeChargesEnabled: account.charges_enabled, stripeDetailsSubmitted: account.details_submitted });
  return stripeConnectState(db);
}

// Back from Stripe's onboarding: read the account's flags and say where the coach stands.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { refreshStripeAccount } from "~/billing/stripe-connect.server";
import { withCoachDb } from "~/auth/guards.server";
import { redirectWithFlash } from "~/lib/flash.server";

const MESSAGES = {
  not_connected: "Aucun compte Stripe connecté.",
  onboarding: "Inscription Stripe enregistrée, mais pas encore terminée : Stripe attend encore des informations.",
  enabled: "Compte Stripe connecté : vos clients peuvent payer par carte.",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const state = await withCoachDb(request, (db) => refreshStripeAccount(db));
  return redirectWithFlash(request, "/dashboard/settings#stripe", state.configured ? MESSAGES[state.status] : "Le paiement en ligne n'est pas configuré.");
}

// Stripe's refresh_url: the onboarding link expired or was used; open a fresh one.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { startStripeOnboarding, stripeConnectState } from "~/billing/stripe-connect.server";
import { withCoachDb } from "~/auth/guards.server";
import { appUrlOf } from "~/lib/app-url.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = await withCoachDb(request, (db, { tenant, user }) => {
    const state = stripeConnectState(db);
    if (!state.configured || state.status === "not_connected") return null;
    return startStripeOnboarding(db, { tenantId: tenant.id, email: user.email, baseUrl: appUrlOf(request) });
  });
  return redirect(url ?? "/dashboard/settings#stripe", 303);
}

// POST /webhooks/stripe: the Stripe Connect webhook (see app/billing/stripe-webhook.server.ts).
// The body is read raw by the action: nothing before Remix parses /webhooks/* (express-app.server.ts).
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStripeWebhook } from "~/billing/stripe-webhook.server";

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
  return handleStripeWebhook(request);
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}

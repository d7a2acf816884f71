// POST /webhooks/resend: Resend's delivery events (see app/email/resend-webhook.server.ts).
// The body is read raw by the action: nothing before Remix parses /webhooks/* and the cross-site
// check lets machine endpoints through (app/lib/http).
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleResendWebhook } from "~/email/resend-webhook.server";

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
  return handleResendWebhook(request);
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}

// POST /webhooks/resend: the Svix-style signature (svix-id, svix-timestamp, svix-signature;
// 5-minute tolerance) is checked on the raw body with RESEND_WEBHOOK_SECRET, then the event is
// parsed and routed to its coach by tags (webhook-events.server.ts). The svix-id is the event id
// stored once per tenant: Resend's retries carry the same one.
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { getEnv } from "~/env.server";
import { logger } from "~/lib/logger.server";
import { TenantUnavailableError } from "~/lib/tenant-db.server";
import { parseResendEvent, routeResendEvent } from "./webhook-events.server";
import { readRaw } from "~/lib/http/raw-body.server";

/** Resend's events are a few kB; anything far larger is not from Resend. */
const MAX_WEBHOOK_BYTES = 256 * 1024;

/**
 * A JSON answer of a few dozen bytes. Its length lets the compression middleware leave it alone
 * (starting a deflate stream per event cost more than the event itself in the benchmark).
 */
function answer(status: number, body: Record<string, unknown>) {
  const text = JSON.stringify(body);
  return new Response(text, { status, headers: { "Content-Type": "application/json; charset=utf-8", "Content-Length": String(Buffer.byteLength(text)) } });
}


let verifier: { secret: string; webhook: Webhook } | undefined;
function webhookFor(secret: string) {
  if (verifier?.secret !== secret) verifier = { secret, webhook: new Webhook(secret) };
  return verifier.webhook;
}

/** Why the signature is refused, in the words of the JSON answer. */
function refusal(error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  if (/timestamp too (old|new)/i.test(message)) return "Timestamp outside the 5-minute tolerance.";
  if (/invalid signature headers/i.test(message)) return "Malformed svix-timestamp header.";
  return "Invalid signature.";
}

export async function handleResendWebhook(request: Request): Promise<Response> {
  const secret = getEnv().RESEND_WEBHOOK_SECRET;
  if (!secret) return answer(503, { error: "Resend webhooks are not configured (RESEND_WEBHOOK_SECRET)." });
  const id = request.headers.get("svix-id");
  const timestamp = request.headers.get("svix-timestamp");
  const signature = request.headers.get("svix-signature");
  if (!id || !timestamp || !signature) return answer(400, { error: "Missing svix-id, svix-timestamp or svix-signature header." });
  if (id.length > 200) return answer(400, { error: "svix-id too long." });
  const raw = await readRaw(request, MAX_WEBHOOK_BYTES);
  if (!raw) return answer(413, { error: "Body too large." });
  let webhook: Webhook;
  try {
    webhook = webhookFor(secret);
  } catch (error) {
    logger.error({ err: error }, "resend webhook: RESEND_WEBHOOK_SECRET is not a valid whsec_ secret");
    return answer(503, { error: "Resend webhooks are misconfigured (RESEND_WEBHOOK_SECRET is not a valid signing secret)." });
  }
  try {
    webhook.verify(raw, { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature }, { jsonParse: false });
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    const reason = refusal(error);
    logger.warn({ svixId: id.slice(0, 60), reason }, "resend webhook: signature refused");
    return answer(400, { error: reason });
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return answer(400, { error: "Body is not JSON." });
  }
  const parsed = parseResendEvent(body);
  if (parsed.kind === "other") return answer(200, { received: true, ignored: `event type ${parsed.type.slice(0, 60)} not handled` });
  if (parsed.kind === "invalid") {
    logger.warn({ svixId: id, reason: parsed.reason }, "resend webhook: malformed event");
    return answer(400, { error: `Malformed event: ${parsed.reason}`.slice(0, 500) });
  }
  try {
    const outcome = await routeResendEvent(id, parsed.event);
    return answer(200, { received: true, duplicate: outcome.duplicate, ...(outcome.ignored ? { ignored: outcome.ignored } : {}), ...(outcome.paused ? { paused: outcome.paused.reason } : {}) });
  } catch (error) {
    if (!(error instanceof TenantUnavailableError)) throw error;
    // The coach's file cannot be used right now: Resend retries later.
    return answer(503, { error: "Tenant temporarily unavailable." });
  }
}

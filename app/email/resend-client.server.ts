// The Resend SDK behind one function for the queue worker: a batch of ≤ 100 emails under one
// idempotency key, and Resend's answer sorted into what the worker does with it.
import { Resend, type CreateBatchOptions } from "resend";
import { getEnv } from "~/env.server";

export type BatchEmail = CreateBatchOptions[number];

export type BatchOutcome =
  /**
   * Accepted (permissive validation): `ids[i]` is email i's Resend id, or null when Resend
   * refused that one email (its reason in `errors[i]`); the others were sent.
   */
  | { kind: "sent"; ids: (string | null)[]; errors?: Record<number, string> }
  /** 429: nothing was sent; nobody may call before `retryAfterMs`. */
  | { kind: "rate_limited"; retryAfterMs: number; message: string }
  /** 5xx, network error, timeout, auth or a concurrent request under the same key: maybe sent, retry under the same key. */
  | { kind: "retry"; message: string }
  /** 4xx validation error: Resend will never accept this batch. */
  | { kind: "rejected"; message: string }
  /**
   * 409 invalid_idempotent_request: Resend already holds a request under this key with another
   * payload (the copy changed between two attempts: the coach's name, APP_URL, EMAIL_FROM…).
   * That first request may well have been delivered: the rows must be neither re-sent (a new key
   * could send twice) nor counted as simply undelivered.
   */
  | { kind: "uncertain"; message: string };

/** Resend's batch endpoint takes at most 100 emails. */
export const BATCH_SIZE = 100;
const TIMEOUT_MS = 30_000;

let client: { key: string; base: string | undefined; resend: Resend } | undefined;

/** One SDK instance per key and base URL (RESEND_BASE_URL is read by the SDK when it is built). */
function resendClient(key: string) {
  const base = process.env.RESEND_BASE_URL;
  if (!client || client.key !== key || client.base !== base) client = { key, base, resend: new Resend(key) };
  return client.resend;
}

/** A monthly quota is looked at again after this (the coach may upgrade the plan meanwhile). */
export const MONTHLY_QUOTA_RECHECK_MS = 3_600_000;

/** Until the next UTC midnight (Resend's daily quota is counted per UTC day). */
export const untilNextUtcDay = (now: number) => {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) - now;
};

/**
 * A 429 in the worker's terms: a quota (daily, monthly) holds every send for long, with a reason
 * the coach can read on the campaign page; a plain rate limit for Retry-After.
 */
export function rateLimitHold(name: string, message: string, retryAfter: string | undefined, now = Date.now()) {
  if (name === "daily_quota_exceeded") return { retryAfterMs: untilNextUtcDay(now), message: "Quota quotidien d'envoi de la plateforme atteint : reprise automatique demain (minuit UTC)." };
  if (name === "monthly_quota_exceeded") return { retryAfterMs: MONTHLY_QUOTA_RECHECK_MS, message: "Quota mensuel d'envoi de la plateforme atteint : nouvel essai toutes les heures. Prévenez le support Coach OS si cela dure." };
  return { retryAfterMs: retryAfterMs(retryAfter, now), message: `${name}: ${message}` };
}

/** Seconds (Retry-After) or an HTTP date; 1 s when Resend gave nothing usable. */
function retryAfterMs(value: string | undefined, now = Date.now()) {
  if (!value) return 1000;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : 1000;
}

/**
 * One batch under one idempotency key, in permissive validation: an email Resend refuses (a bad
 * address) fails alone, named by its index in `errors`, and the others are sent.
 */
export async function sendBatch(emails: BatchEmail[], idempotencyKey: string, now = Date.now()): Promise<BatchOutcome> {
  const key = getEnv().RESEND_API_KEY;
  if (!key) throw new Error("sendBatch needs RESEND_API_KEY (without it the worker uses the outbox)");
  const { data, error, headers } = await resendClient(key).batch.send(emails, { idempotencyKey, batchValidation: "permissive", signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!error) {
    const created = (data?.data ?? []).map((d) => d.id);
    const errors: Record<number, string> = {};
    for (const e of data?.errors ?? []) if (Number.isInteger(e.index) && e.index >= 0 && e.index < emails.length) errors[e.index] = e.message;
    const refused = Object.keys(errors).length;
    // `data` lists the created emails in the batch's order, the refused ones left out.
    if (created.length + refused !== emails.length) return { kind: "retry", message: `Resend a répondu ${created.length} identifiant(s) et ${refused} refus pour ${emails.length} email(s)` };
    let next = 0;
    const ids = emails.map((_, i) => (i in errors ? null : created[next++]));
    return refused ? { kind: "sent", ids, errors } : { kind: "sent", ids };
  }
  const status = (error as { statusCode?: number | null }).statusCode ?? null;
  const message = `${error.name}: ${error.message}`;
  if (status === 429) return { kind: "rate_limited", ...rateLimitHold(error.name, error.message, headers?.["retry-after"], now) };
  if (error.name === "invalid_idempotent_request") return { kind: "uncertain", message };
  // 401/403 (a key problem) and 409 (the same key still in flight) are ours to fix or wait for.
  if (status === null || status >= 500 || status === 401 || status === 403 || error.name === "concurrent_idempotent_requests") return { kind: "retry", message };
  return { kind: "rejected", message };
}

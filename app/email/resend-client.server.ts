// The Resend SDK behind one function for the queue worker: a batch of ≤ 100 emails under one
// idempotency key, and Resend's answer sorted into what the worker does with it.
import { Resend, type CreateBatchOptions } from "resend";
import { getEnv } from "~/env.server";

export type BatchEmail = CreateBatchOptions[number];

export type BatchOutcome =
  /** Accepted: one Resend id per email, in the batch's order. */
  | { kind: "sent"; ids: string[] }
  /** 429: nothing was sent; nobody may call before `retryAfterMs`. */
  | { kind: "rate_limited"; retryAfterMs: number; message: string }
  /** 5xx, network error, timeout, auth or a concurrent request under the same key: maybe sent, retry under the same key. */
  | { kind: "retry"; message: string }
  /** 4xx validation error: Resend will never accept this batch. */
  | { kind: "rejected"; message: string };

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

/** Seconds (Retry-After) or an HTTP date; 1 s when Resend gave nothing usable. */
function retryAfterMs(value: string | undefined, now = Date.now()) {
  if (!value) return 1000;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : 1000;
}

export async function sendBatch(emails: BatchEmail[], idempotencyKey: string): Promise<BatchOutcome> {
  const key = getEnv().RESEND_API_KEY;
  if (!key) throw new Error("sendBatch needs RESEND_API_KEY (without it the worker uses the outbox)");
  const { data, error, headers } = await resendClient(key).batch.send(emails, { idempotencyKey, signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!error) {
    const ids = (data?.data ?? []).map((d) => d.id);
    if (ids.length !== emails.length) return { kind: "retry", message: `Resend a répondu ${ids.length} identifiant(s) pour ${emails.length} email(s)` };
    return { kind: "sent", ids };
  }
  const status = (error as { statusCode?: number | null }).statusCode ?? null;
  const message = `${error.name}: ${error.message}`;
  if (status === 429) return { kind: "rate_limited", retryAfterMs: retryAfterMs(headers?.["retry-after"]), message };
  // 401/403 (a key problem) and 409 (the same key still in flight) are ours to fix or wait for.
  if (status === null || status >= 500 || status === 401 || status === 403 || error.name === "concurrent_idempotent_requests") return { kind: "retry", message };
  return { kind: "rejected", message };
}

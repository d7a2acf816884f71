// A local HTTP server standing in for Resend's API in tests and benchmarks: the real `resend` SDK
// talks to it through RESEND_BASE_URL. It answers POST /emails and POST /emails/batch, honours
// the Idempotency-Key header as Resend does (same key → the same answer, nothing delivered
// twice), can be told to answer 429 (with Retry-After, or a daily/monthly quota) or 500 for the
// next N requests, and records every request (headers and body) and every delivery (per
// recipient). Batches honour `x-batch-validation`: strict (422 for the whole batch when one email
// is invalid) or permissive (the valid ones delivered, `errors: [{ index, message }]` for the others).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { resetEnvForTests } from "~/env.server";

export type StandInRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: unknown; at: number };
type OutEmail = { from: string; to: string | string[]; reply_to?: string | string[]; subject: string; html?: string; text?: string; headers?: Record<string, string>; tags?: { name: string; value: string }[] };
export type Delivery = OutEmail & { id: string; idempotencyKey: string | null; at: number };
type Answer = { status: number; json: unknown; headers?: Record<string, string> };

export async function startResendStandIn() {
  const requests: StandInRequest[] = [];
  const deliveries: Delivery[] = [];
  const byKey = new Map<string, { body: string; answer: Answer }>();
  const forced: Answer[] = [];
  let counter = 0;
  /**
   * Called once a request was accepted and its emails delivered, before the answer goes out;
   * returning false leaves the request unanswered (the caller is about to "crash").
   */
  let onAccepted: ((req: StandInRequest) => boolean | void) | null = null;
  // Runs as each request arrives, whatever the answer (a test acts "while Resend is being called").
  let onRequest: ((req: StandInRequest) => void) | null = null;

  const deliver = (email: OutEmail, key: string | null, at: number) => {
    const id = `re_standin_${++counter}`;
    deliveries.push({ ...email, id, idempotencyKey: key, at });
    return id;
  };

  function answer(req: StandInRequest, raw: string): Answer {
    if (req.headers.authorization !== "Bearer re_test_key") return { status: 401, json: { statusCode: 401, name: "validation_error", message: "API key is invalid" } };
    const next = forced.shift();
    if (next) return next;
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
    const seen = key ? byKey.get(`${req.path}:${key}`) : undefined;
    if (seen) {
      if (seen.body !== raw) return { status: 409, json: { statusCode: 409, name: "invalid_idempotent_request", message: "Same idempotency key used with a different request payload." } };
      return seen.answer;
    }
    let result: Answer;
    if (req.method === "POST" && req.path === "/emails") {
      result = { status: 200, json: { id: deliver(req.body as OutEmail, key, req.at) } };
    } else if (req.method === "POST" && req.path === "/emails/batch") {
      const emails = req.body as OutEmail[];
      if (!Array.isArray(emails) || emails.length > 100) return { status: 422, json: { statusCode: 422, name: "validation_error", message: "The batch must hold 1 to 100 emails." } };
      const valid = (e: OutEmail) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(e.to));
      if (req.headers["x-batch-validation"] === "permissive") {
        const errors = emails.flatMap((e, index) => (valid(e) ? [] : [{ index, message: `Invalid \`to\` field at index ${index}.` }]));
        result = { status: 200, json: { data: emails.filter(valid).map((e) => ({ id: deliver(e, key, req.at) })), errors } };
      } else {
        const invalid = emails.findIndex((e) => !valid(e));
        if (invalid >= 0) return { status: 422, json: { statusCode: 422, name: "validation_error", message: `Invalid \`to\` field at index ${invalid}.` } };
        result = { status: 200, json: { data: emails.map((e) => ({ id: deliver(e, key, req.at) })) } };
      }
    } else {
      return { status: 404, json: { statusCode: 404, name: "not_found", message: "Not found" } };
    }
    if (key) byKey.set(`${req.path}:${key}`, { body: raw, answer: result });
    return result;
  }

  const server = http.createServer((req, res) => {
    // When the request arrives (its first bytes), as a vendor's rate limiter would count it.
    const at = Date.now();
    let raw = "";
    // Decoded across chunks: a multi-byte character split between two chunks stays whole.
    req.setEncoding("utf8");
    req.on("data", (c: string) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      const recorded: StandInRequest = { method: req.method ?? "", path: url.pathname, headers: req.headers, body, at };
      requests.push(recorded);
      onRequest?.(recorded);
      const { status, json, headers } = answer(recorded, raw);
      if (status === 200 && onAccepted?.(recorded) === false) return;
      res.writeHead(status, { "Content-Type": "application/json", ...headers });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    deliveries,
    /** How many emails reached this address. */
    deliveredTo: (email: string) => deliveries.filter((d) => String(d.to).toLowerCase() === email.toLowerCase()).length,
    /** The next `times` requests answer 429 with Retry-After `retryAfterSeconds`. */
    rateLimitNext: (times = 1, retryAfterSeconds = 1) => {
      for (let i = 0; i < times; i++) forced.push({ status: 429, json: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests. You can only make 5 requests per second." }, headers: { "Retry-After": String(retryAfterSeconds) } });
    },
    /** The next request answers 429 for a spent daily or monthly quota (no Retry-After). */
    quotaExceededNext: (period: "daily" | "monthly") => {
      forced.push({ status: 429, json: { statusCode: 429, name: `${period}_quota_exceeded`, message: `You have reached your ${period} email sending quota.` } });
    },
    /** The next `times` requests answer 500 (nothing delivered). */
    failNext: (times = 1) => {
      for (let i = 0; i < times; i++) forced.push({ status: 500, json: { statusCode: 500, name: "internal_server_error", message: "An unexpected error occurred." } });
    },
    /** Forgets requests, deliveries, forced answers and keys (between tests). */
    reset: () => {
      requests.length = 0;
      deliveries.length = 0;
      forced.length = 0;
      byKey.clear();
      onAccepted = null;
      onRequest = null;
    },
    onRequest: (fn: ((req: StandInRequest) => void) | null) => {
      onRequest = fn;
    },
    onAccepted: (fn: ((req: StandInRequest) => boolean | void) | null) => {
      onAccepted = fn;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type ResendStandIn = Awaited<ReturnType<typeof startResendStandIn>>;

/** Points the app's Resend configuration at the stand-in (or back to the outbox: `null`). */
export function configureResend(standIn: { url: string } | null) {
  if (standIn) {
    process.env.RESEND_API_KEY = "re_test_key";
    process.env.RESEND_BASE_URL = standIn.url;
  } else {
    delete process.env.RESEND_API_KEY;
    delete process.env.RESEND_BASE_URL;
  }
  resetEnvForTests();
}

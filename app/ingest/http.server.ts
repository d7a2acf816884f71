// The request handling shared by the ingestion endpoints: method, bearer token, rate limit,
// work budget, body size, JSON, validation, then one write into the token's tenant. No CSRF
// check here: these routes take bearer tokens, never cookies.
import { json } from "@remix-run/node";
import type { ZodType, ZodTypeDef } from "zod";
import { controlDb } from "~/lib/control-db.server";
import { SchemaBehindError } from "~/lib/migrations.server";
import { noteTenant } from "~/lib/request-context.server";
import { refreshScoresSince } from "~/crm/score.server";
import { TenantUnavailableError, type TenantDb } from "~/lib/tenant-db.server";
import { noteTenantWrite, withReportedTenantDb } from "~/platform/tenant-health.server";
import { authenticateApiToken } from "~/platform/api-tokens.server";
import { MAX_BODY_BYTES } from "./limits";
import { chargeIngestWork, consumeIngestRequest, ingestWorkRetryAfter } from "./rate-limit.server";
import { MAX_BATCH_ITEMS, parseBatch, type IngestCounts } from "./schemas";
import { inTurn } from "./turns.server";

export { MAX_BODY_BYTES };

export type Endpoint<T> = {
  key: "leads" | "messages";
  item: ZodType<T, ZodTypeDef, unknown>;
  write: (db: TenantDb, items: T[], now: Date) => IngestCounts;
};

const noStore = { "Cache-Control": "no-store" };

export function errorAnswer(status: number, error: string, headers: Record<string, string> = {}) {
  return json({ error }, { status, headers: { ...noStore, ...headers } });
}

function workBudgetSpent(retryAfter: number) {
  return errorAnswer(429, `Too much ingestion work for this coach's space right now: retry in ${retryAfter} s.`, {
    "Retry-After": String(retryAfter),
  });
}

export function methodNotAllowed() {
  return errorAnswer(405, "Method not allowed: use POST with a JSON body.", { Allow: "POST" });
}

/**
 * `rawBody`: the body as our HTTP server already read it, capped (see express-app.server.ts);
 * without it (tests, other servers) the body is read here with the same cap.
 */
export async function handleIngest<T>(request: Request, endpoint: Endpoint<T>, rawBody?: Buffer) {
  if (request.method !== "POST") return methodNotAllowed();

  // The tenant comes from the token alone; nothing in the URL or body can choose it.
  const auth = authenticateApiToken(controlDb(), request.headers.get("Authorization"));
  if (!auth.ok) {
    return errorAnswer(auth.status, auth.reason, auth.status === 401 ? { "WWW-Authenticate": 'Bearer realm="coach-os"' } : {});
  }
  noteTenant(auth.tenantId);
  const retryAfter = await consumeIngestRequest(auth.tokenId);
  if (retryAfter !== null) {
    return errorAnswer(429, `Too many requests for this API token: retry in ${retryAfter} s.`, { "Retry-After": String(retryAfter) });
  }
  // Before parsing the body: a tenant over its work budget costs the others nothing more.
  const workRetryAfter = await ingestWorkRetryAfter(auth.tenantId);
  if (workRetryAfter !== null) return workBudgetSpent(workRetryAfter);

  const text = rawBody ? (rawBody.byteLength > MAX_BODY_BYTES ? null : rawBody.toString("utf8")) : await readBody(request, MAX_BODY_BYTES);
  if (text === null) {
    return errorAnswer(413, `Request body too large: at most ${MAX_BODY_BYTES} bytes (1 MiB) and ${MAX_BATCH_ITEMS} ${endpoint.key} per request.`);
  }
  let body: unknown;
  try {
    body = chargeIngestWork(auth.tenantId, () => JSON.parse(text)); // parsing is work too (a 422 flood is not free)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return json({ errors: [{ path: "", message: `Invalid JSON: ${detail}` }] }, { status: 400, headers: noStore });
  }
  const parsed = chargeIngestWork(auth.tenantId, () => parseBatch(body, endpoint.key, endpoint.item));
  if (!parsed.ok) {
    if (parsed.status === 413) return errorAnswer(413, parsed.error);
    return json({ errors: parsed.errors }, { status: 422, headers: noStore });
  }

  try {
    // One write at a time per coach, other requests served in between; the budget is checked
    // again at the write's turn, since the requests queued behind may find it spent.
    const counts = await inTurn(auth.tenantId, async () => {
      const wait = await ingestWorkRetryAfter(auth.tenantId);
      if (wait !== null) return wait;
      return withReportedTenantDb(auth.tenantId, (db) => {
        const now = new Date();
        const written = chargeIngestWork(auth.tenantId, () => {
          const counts = endpoint.write(db, parsed.items, now);
          refreshScoresSince(db.$client, now, now); // the leads this batch touched (updated_at = now)
          return counts;
        });
        noteTenantWrite(auth.tenantId, db);
        return written;
      });
    });
    if (typeof counts === "number") return workBudgetSpent(counts);
    return json(counts, { status: counts.created > 0 ? 201 : 200, headers: noStore });
  } catch (error) {
    // The batch was one transaction: a failure leaves nothing half-written, so a retry is safe.
    if (error instanceof TenantUnavailableError || error instanceof SchemaBehindError) {
      // Only this coach's file is affected (support is notified); the sender should retry later.
      return errorAnswer(503, "The coach's workspace is temporarily unavailable; support has been notified. Nothing was written: retry later.", {
        "Retry-After": "300",
      });
    }
    if (isBusy(error)) return errorAnswer(503, "The coach's database is busy: retry shortly. Nothing was written.", { "Retry-After": "1" });
    console.error(`[ingest] ${endpoint.key} for tenant ${auth.tenantId} failed`, error);
    return errorAnswer(500, "Internal error. Nothing was written; the request can be retried.");
  }
}

/**
 * Reads at most `limit` bytes. The declared Content-Length is checked first, then the bytes
 * actually received (chunked uploads have no Content-Length, and a header can lie).
 */
async function readBody(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get("Content-Length") ?? 0) > limit) return null;
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function isBusy(error: unknown) {
  return error instanceof Error && "code" in error && (error.code === "SQLITE_BUSY" || error.code === "SQLITE_LOCKED");
}

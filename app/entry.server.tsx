import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { getEnv } from "./env.server";
import { leadJobCount, waitForLeadJobs } from "./crm/lead-jobs.server";
import { startEmailWorker, stopEmailWorker } from "./email/worker-loop.server";
import { closeControlDb } from "./lib/control-db.server";
import { logRequestError } from "./lib/logger.server";
import { closeAllTenantDbs } from "./lib/tenant-db.server";
import { sweepOldSnapshots } from "./platform/tenant-export.server";

// Fail at boot on a bad environment (e.g. no SESSION_SECRET in production), not at the first request.
getEnv();
// Export snapshots left by a crash or an abandoned download hold a coach's data: not for long.
// At boot none is in flight; then hourly, those over an hour old.
sweepOldSnapshots(Date.now(), 0);
setInterval(() => sweepOldSnapshots(), 60 * 60 * 1000).unref();
// The email queue worker (EMAIL_WORKER=off when a separate process runs scripts/send-email-queue.ts).
if (getEnv().EMAIL_WORKER === "on" && !process.env.VITEST) startEmailWorker();

/**
 * Pages are rendered in one piece: nothing here streams (no `defer`), and renderToString
 * costs less CPU per request than the streaming pipeline of the default entry.
 */
export default function handleRequest(request: Request, status: number, headers: Headers, context: EntryContext, loadContext: AppLoadContext) {
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : "";
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={context} url={request.url} nonce={nonce} />
    </NonceProvider>,
  );
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { status, headers });
}

/**
 * Unexpected errors only, as one JSON line with the request id and a redacted URL. A 404 for
 * an unknown URL is an answer, not an error (and its URL may hold somebody's token).
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logRequestError(error, request);
}

// For the HTTP server (server.ts): the request context it fills, and what to close once the
// last in-flight request has finished.
export { requestContext } from "./lib/request-context.server";

type ShutdownLog = { info: (data: object, msg: string) => void; warn: (data: object, msg: string) => void };

/**
 * Once the last in-flight request is done: stops the email worker (its batch in flight is
 * recorded), lets the running imports, undos and bulk jobs finish
 * (their workers write to the tenant files) for at most `graceMs`, then closes the files. A job
 * still running then is killed with the process: its transaction is lost whole, and the import
 * shows as interrupted at the next boot (failInterruptedImports). Returns those jobs.
 */
export async function shutdown(graceMs = 0, log?: ShutdownLog) {
  // No new email batch from now on; the one in flight is sent and recorded first.
  await stopEmailWorker();
  const count = leadJobCount();
  if (count > 0) log?.info({ jobs: count, graceMs }, "waiting for running lead jobs (imports, bulk actions)");
  const left = await waitForLeadJobs(graceMs);
  if (left.length > 0) log?.warn({ jobs: left }, "grace period over: lead jobs still running are cut short");
  closeAllTenantDbs();
  closeControlDb();
  return left;
}

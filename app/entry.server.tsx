import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { getEnv } from "./env.server";
import { closeControlDb } from "./lib/control-db.server";
import { closeAllTenantDbs } from "./lib/tenant-db.server";
import { sweepOldSnapshots } from "./platform/tenant-export.server";

// Fail at boot on a bad environment (e.g. no SESSION_SECRET in production), not at the first request.
getEnv();
// Export snapshots left by a crash or an abandoned download hold a coach's data: not for long.
sweepOldSnapshots();

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

// For the HTTP server (server.ts): the request context it fills, and what to close once the
// last in-flight request has finished.
export { requestContext } from "./lib/request-context.server";

export function shutdown() {
  closeAllTenantDbs();
  closeControlDb();
}

import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { getEnv } from "./env.server";

// Fail at boot on a bad environment (e.g. no SESSION_SECRET in production), not at the first request.
getEnv();

/**
 * Pages are rendered in one piece: nothing here streams (no `defer`), and renderToString
 * costs less CPU per request than the streaming pipeline of the default entry.
 */
export default function handleRequest(request: Request, status: number, headers: Headers, context: EntryContext) {
  const html = renderToString(<RemixServer context={context} url={request.url} />);
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { status, headers });
}

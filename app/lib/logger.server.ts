import pino from "pino";
import { redactUrl } from "./http/redact";
import { currentRequest } from "./request-context.server";

/** The app's structured log (JSON lines on stdout, like the server's request lines). */
export const logger = pino({ base: { service: "coach-os" } });

/** An unexpected error of a request: its id and redacted URL, never the raw URL (tokens). */
export function logRequestError(error: unknown, request: Request) {
  const url = new URL(request.url);
  logger.error({ reqId: currentRequest()?.requestId, tenantId: currentRequest()?.tenantId, url: redactUrl(`${url.pathname}${url.search}`), err: error }, "request failed");
}

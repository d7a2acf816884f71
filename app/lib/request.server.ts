import { getEnv } from "~/env.server";
import { clientIpFrom } from "./client-ip";
import { CROSS_SITE_MESSAGE, crossSiteRefusal } from "./http/cross-site";
import { currentRequest } from "./request-context.server";

/**
 * The caller's IP. Under our HTTP server it was worked out there (socket + trusted proxy
 * header, see client-ip.ts); elsewhere (tests, scripts) from the trusted header alone.
 */
export function clientIp(request: Request) {
  return currentRequest()?.clientIp ?? clientIpFrom(request.headers, getEnv().TRUST_PROXY);
}

/**
 * Refuses cross-site form posts (CSRF): browsers send Origin on every POST and
 * Sec-Fetch-Site on modern ones; either naming another site is refused. The HTTP server
 * applies the same rule before the app (see http/cross-site.ts); this is the second line.
 */
export function assertSameOrigin(request: Request) {
  const env = getEnv();
  const refusal = crossSiteRefusal({
    method: request.method,
    fetchSite: request.headers.get("sec-fetch-site"),
    origin: request.headers.get("origin"),
    host: request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host,
    allowedHosts: env.APP_URL ? [new URL(env.APP_URL).host] : [],
  });
  if (refusal) throw new Response(CROSS_SITE_MESSAGE, { status: 403 });
}

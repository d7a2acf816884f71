// Cross-site request refusal (CSRF), shared by the HTTP server (which answers 403 before the
// framework sees the request) and the app's guards (defence in depth, and for tests that call
// loaders and actions directly).

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Token-authenticated endpoints: no cookies, so no cross-site risk; servers post to them. `/u/`
 * is the unsubscribe link: mailbox providers post RFC 8058 one-click unsubscribes to it from
 * anywhere, and the token alone decides what it does (a forged request could do nothing the
 * token's holder cannot already do).
 */
export function isMachineEndpoint(path: string) {
  return path.startsWith("/api/v1/") || path.startsWith("/webhooks/") || path.startsWith("/u/");
}

export type CrossSiteInput = {
  method: string;
  /** Sec-Fetch-Site, sent by modern browsers. */
  fetchSite: string | null;
  /** Origin, sent by browsers on every POST ("null" from sandboxed or opaque contexts). */
  origin: string | null;
  /** The host the request was addressed to (Host, or X-Forwarded-Host behind a trusted proxy). */
  host: string | null;
  /** Other hosts of this app (APP_URL's). */
  allowedHosts?: string[];
};

/** Why an unsafe request must be refused, or null when it may proceed. */
export function crossSiteRefusal({ method, fetchSite, origin, host, allowedHosts = [] }: CrossSiteInput): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  if (fetchSite === "cross-site") return "Sec-Fetch-Site: cross-site";
  if (origin === null) return null; // old browsers and non-browser clients: nothing to compare
  let originHost: string;
  try {
    originHost = new URL(origin).host; // "null" throws: opaque origins are refused
  } catch {
    return `Origin ${origin}`;
  }
  if (!originHost) return `Origin ${origin}`;
  if (originHost === host || allowedHosts.includes(originHost)) return null;
  return `Origin ${originHost} is not ${host ?? "this host"}`;
}

export const CROSS_SITE_MESSAGE = "Requête refusée : elle ne vient pas de Coach OS (origine différente).";

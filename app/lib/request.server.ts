/** The caller's IP: Fly's edge sets Fly-Client-IP; behind another proxy, X-Forwarded-For. */
export function clientIp(request: Request) {
  return (
    request.headers.get("fly-client-ip") ??
    request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ??
    "local"
  );
}

/**
 * Refuses cross-site form posts (CSRF): browsers send Origin on every POST and
 * Sec-Fetch-Site on modern ones; either naming another site is refused.
 */
export function assertSameOrigin(request: Request) {
  if (request.method === "GET" || request.method === "HEAD") return;
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site") throw forbiddenOrigin();
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw forbiddenOrigin();
  }
  if (originHost !== host) throw forbiddenOrigin();
}

function forbiddenOrigin() {
  return new Response("Requête refusée : elle ne vient pas de Coach OS (origine différente).", { status: 403 });
}

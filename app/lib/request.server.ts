import { getEnv } from "~/env.server";

/**
 * The caller's IP, from the header the trusted proxy sets (TRUST_PROXY): Fly's edge overwrites
 * Fly-Client-IP; another proxy appends the address it saw as the last X-Forwarded-For entry.
 * Anything a client could write itself is ignored, so it cannot dodge the per-IP sign-in limit.
 */
export function clientIp(request: Request) {
  switch (getEnv().TRUST_PROXY) {
    case "fly":
      return request.headers.get("fly-client-ip") ?? "unknown";
    case "forwarded":
      return request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
    default:
      return "unknown"; // remix-serve does not expose the socket address
  }
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

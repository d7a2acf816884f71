// The public page of a quote (/q/:token, no account). The token's hash names the tenant in the
// control DB; the quote row of that tenant must carry the same token (a token registered for A
// never opens a row of B, nor another row of A), and a draft is never shown. Every miss is the
// same 404.
import { eq } from "drizzle-orm";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { tenants } from "../../db/control.schema";
import { controlDb } from "~/lib/control-db.server";
import { TenantUnavailableError, withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { resolvePublicLink } from "./public-links.server";
import { findPublicQuote, type Quote } from "./quotes.server";

export const PUBLIC_QUOTE_NOT_FOUND = "Ce devis n'existe pas, ou son lien est incomplet : vérifiez qu'il a été copié en entier.";
const notFound = () => new Response(PUBLIC_QUOTE_NOT_FOUND, { status: 404 });

export async function withPublicQuote<T>(token: string | undefined, fn: (db: TenantDb, quote: Quote, tenantId: string) => T | Promise<T>): Promise<T> {
  const link = resolvePublicLink("quote", token);
  if (!link || !token) throw notFound();
  const tenant = controlDb().select({ status: tenants.status }).from(tenants).where(eq(tenants.id, link.tenantId)).get();
  if (tenant?.status !== "active") throw notFound();
  try {
    return await withTenantDb(link.tenantId, async (db) => {
      const quote = findPublicQuote(db, link.documentId, token);
      if (!quote) throw notFound();
      return fn(db, quote, link.tenantId);
    });
  } catch (error) {
    if (error instanceof TenantUnavailableError) throw new Response("Ce devis est momentanément indisponible. Réessayez un peu plus tard.", { status: 503, headers: { "Retry-After": "300" } });
    throw error;
  }
}

// Answers on public pages: a link is for one client, who answers once; these only stop a
// script from hammering the page (per link and per IP, 15 minutes).
const perToken = new RateLimiterMemory({ keyPrefix: "public_quote_token", points: 20, duration: 15 * 60 });
const perIp = new RateLimiterMemory({ keyPrefix: "public_quote_ip", points: 60, duration: 15 * 60 });

/** Null when allowed, else the seconds to wait. */
export async function publicAnswerThrottle(token: string, ip: string): Promise<number | null> {
  try {
    await Promise.all([perToken.consume(token), ip === "unknown" ? null : perIp.consume(ip)]);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.ceil(error.msBeforeNext / 1000);
    throw error;
  }
}

// `/u/:token`: a recipient leaves this coach's marketing emails. The signed token names the
// tenant (so a token of A only ever writes in A's file) and the address hash; GET only shows a
// confirmation (link scanners follow GETs), POST unsubscribes — also the RFC 8058 one-click POST
// that mailbox providers send without cookies. Every miss is the same 404.
import { readBillingProfile } from "~/billing/billing-profile.server";
import { controlDb } from "~/lib/control-db.server";
import { cachedStatement } from "~/lib/statements.server";
import { TenantUnavailableError, withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { findTenant } from "~/platform/tenants.server";
import { emailHash, suppressHash } from "./recipients.server";
import { readUnsubscribeToken } from "./unsubscribe-token.server";

export const UNSUBSCRIBE_NOT_FOUND = "Ce lien de désinscription n'est pas valide : vérifiez qu'il a été copié en entier.";
const notFound = () => new Response(UNSUBSCRIBE_NOT_FOUND, { status: 404 });

export type UnsubscribeLink = { tenantId: string; emailHash: string; sendId: number | null; sender: string };

/**
 * Runs `fn` in the token's tenant; a forged token, an unknown or a deleted tenant is a 404. A
 * suspended coach's recipients can still unsubscribe: the emails they already received carry
 * the link, and the right to object (RGPD art. 21) does not wait for the coach's account.
 */
export async function withUnsubscribeLink<T>(token: string | undefined, fn: (db: TenantDb, link: UnsubscribeLink) => T | Promise<T>): Promise<T> {
  const link = token ? readUnsubscribeToken(token) : null;
  if (!link) throw notFound();
  const tenant = findTenant(controlDb(), link.tenantId);
  if (tenant?.status !== "active" && tenant?.status !== "suspended") throw notFound();
  try {
    return await withTenantDb(tenant.id, (db) => fn(db, { ...link, sender: senderName(db, tenant.name) }));
  } catch (error) {
    if (error instanceof TenantUnavailableError) throw new Response("Service momentanément indisponible. Réessayez un peu plus tard.", { status: 503, headers: { "Retry-After": "300" } });
    throw error;
  }
}

/** Who the recipient hears from: the coach's trade name, else legal name, else the account's name. */
function senderName(db: TenantDb, fallback: string) {
  const profile = readBillingProfile(db);
  return profile.tradeName?.trim() || profile.legalName?.trim() || fallback;
}

export const isUnsubscribed = (db: TenantDb, hash: string) =>
  Boolean(cachedStatement(db.$client, "SELECT 1 FROM email_suppressions WHERE email_hash = ? AND reason = 'unsubscribed'").get(hash));

const RECENT_MS = 90 * 24 * 3600 * 1000;

/**
 * The send the unsubscribe is counted on: the token's (when its address matches), else the most
 * recent marketing email sent to that address in the last 90 days.
 */
function attributedSend(db: TenantDb, link: UnsubscribeLink, now: Date) {
  if (link.sendId !== null) {
    const row = cachedStatement(db.$client, "SELECT id, to_email AS toEmail FROM email_sends WHERE id = ?").get(link.sendId) as { id: number; toEmail: string } | undefined;
    return row && emailHash(row.toEmail) === link.emailHash ? row.id : null;
  }
  const recent = cachedStatement(
    db.$client,
    "SELECT id, to_email AS toEmail FROM email_sends WHERE category = 'marketing' AND sent_at >= ? AND unsubscribed_at IS NULL ORDER BY sent_at DESC, id DESC",
  );
  for (const row of recent.iterate(now.getTime() - RECENT_MS) as Iterable<{ id: number; toEmail: string }>) {
    if (emailHash(row.toEmail) === link.emailHash) return row.id;
  }
  return null;
}

/** Suppresses the address for marketing in this tenant and dates the unsubscribe on its send (idempotent). */
export function unsubscribe(db: TenantDb, link: UnsubscribeLink, now = new Date()) {
  db.$client
    .transaction(() => {
      const sendId = attributedSend(db, link, now);
      suppressHash(db, link.emailHash, "unsubscribed", { sendId, now });
      if (sendId !== null) cachedStatement(db.$client, "UPDATE email_sends SET unsubscribed_at = coalesce(unsubscribed_at, ?) WHERE id = ?").run(now.getTime(), sendId);
    })
    .immediate();
}

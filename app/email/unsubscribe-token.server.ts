// `/u/:token`: the unsubscribe link of a marketing email. The token names the tenant and the
// recipient (the hash of the address, never the address) and is signed with an HMAC of the
// server secret, so it needs no session, cannot be forged, and a token of tenant A only ever
// unsubscribes from tenant A (the tenant is inside the signed part). No table: a 10,000-recipient
// campaign writes no extra rows.
import crypto from "node:crypto";
import { getEnv } from "~/env.server";
import { emailHash } from "./recipients.server";

const sign = (payload: string) => crypto.createHmac("sha256", `unsubscribe:${getEnv().SESSION_SECRET}`).update(payload).digest("base64url");

/**
 * `sendId` (optional) names the send the link came from, so that the unsubscribe is counted on
 * that campaign; it is inside the signed part like the rest.
 */
export function unsubscribeToken(tenantId: string, email: string, sendId?: number | null) {
  const parts = [Buffer.from(tenantId).toString("base64url"), Buffer.from(emailHash(email), "hex").toString("base64url")];
  if (sendId) parts.push(String(sendId));
  const payload = parts.join(".");
  return `${payload}.${sign(payload)}`;
}

/** The link of an email's unsubscribe footer and List-Unsubscribe header. */
export const unsubscribeUrlOf = (appUrl: string, tenantId: string, email: string, sendId?: number | null) => `${appUrl}/u/${unsubscribeToken(tenantId, email, sendId)}`;

/** `{ tenantId, emailHash, sendId }` when the token is genuine, else null. */
export function readUnsubscribeToken(token: string): { tenantId: string; emailHash: string; sendId: number | null } | null {
  const parts = token.split(".");
  if (parts.length !== 3 && parts.length !== 4) return null;
  const mac = parts.pop()!;
  const expected = Buffer.from(sign(parts.join(".")));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  const [tenant, hash, send] = parts;
  const emailHashHex = Buffer.from(hash, "base64url").toString("hex");
  if (emailHashHex.length !== 64) return null;
  if (send !== undefined && !/^[1-9]\d{0,15}$/.test(send)) return null;
  return { tenantId: Buffer.from(tenant, "base64url").toString(), emailHash: emailHashHex, sendId: send === undefined ? null : Number(send) };
}

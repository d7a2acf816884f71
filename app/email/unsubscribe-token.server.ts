// `/u/:token`: the unsubscribe link of a marketing email. The token names the tenant and the
// recipient (the hash of the address, never the address) and is signed with an HMAC of the
// server secret, so it needs no session, cannot be forged, and a token of tenant A only ever
// unsubscribes from tenant A (the tenant is inside the signed part). No table: a 10,000-recipient
// campaign writes no extra rows.
import crypto from "node:crypto";
import { getEnv } from "~/env.server";
import { emailHash } from "./recipients.server";

const sign = (payload: string) => crypto.createHmac("sha256", `unsubscribe:${getEnv().SESSION_SECRET}`).update(payload).digest("base64url");

export function unsubscribeToken(tenantId: string, email: string) {
  const payload = `${Buffer.from(tenantId).toString("base64url")}.${Buffer.from(emailHash(email), "hex").toString("base64url")}`;
  return `${payload}.${sign(payload)}`;
}

/** `{ tenantId, emailHash }` when the token is genuine, else null. */
export function readUnsubscribeToken(token: string): { tenantId: string; emailHash: string } | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [tenant, hash, mac] = parts;
  const expected = Buffer.from(sign(`${tenant}.${hash}`));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  const emailHashHex = Buffer.from(hash, "base64url").toString("hex");
  if (emailHashHex.length !== 64) return null;
  return { tenantId: Buffer.from(tenant, "base64url").toString(), emailHash: emailHashHex };
}

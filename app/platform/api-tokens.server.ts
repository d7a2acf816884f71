import crypto from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiTokens, tenants } from "../../db/control.schema";
import type { ControlDbOrTx as ControlDb } from "~/lib/control-db.server";
import { hashToken } from "./invites.server";

export const TOKEN_PREFIX = "cos_";

/** A new token: `cos_` + 32 random bytes (base64url). Only its hash and first characters are kept. */
export function createApiToken(db: ControlDb, { tenantId, name, userId }: { tenantId: string; name: string; userId: string }) {
  const token = `${TOKEN_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
  const row = db
    .insert(apiTokens)
    .values({ tenantId, name, prefix: token.slice(0, 10), tokenHash: hashToken(token), createdByUserId: userId })
    .returning()
    .get();
  return { token, row };
}

export function listApiTokens(db: ControlDb, tenantId: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.tenantId, tenantId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .all();
}

/** Revokes a token of this tenant only; false when the id is not one of its live tokens. */
export function revokeApiToken(db: ControlDb, { tenantId, tokenId }: { tenantId: string; tokenId: number }) {
  const result = db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.tenantId, tenantId), isNull(apiTokens.revokedAt)))
    .run();
  return result.changes === 1;
}

export type TokenCheck =
  | { ok: true; tokenId: number; tenantId: string }
  | { ok: false; status: 401 | 403; reason: string };

/** Resolves a bearer token to its tenant. The tenant comes from the token, never from the request. */
export function authenticateApiToken(db: ControlDb, authorization: string | null, now = new Date()): TokenCheck {
  const match = /^Bearer\s+(cos_[A-Za-z0-9_-]{20,100})\s*$/.exec(authorization ?? "");
  if (!match) return { ok: false, status: 401, reason: "Missing or malformed Authorization header: expected `Bearer cos_…`." };
  const row = db
    .select({ id: apiTokens.id, tenantId: apiTokens.tenantId, revokedAt: apiTokens.revokedAt, status: tenants.status, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(tenants, eq(tenants.id, apiTokens.tenantId))
    .where(eq(apiTokens.tokenHash, hashToken(match[1])))
    .get();
  if (!row || row.revokedAt || row.status === "deleted") return { ok: false, status: 401, reason: "Unknown or revoked API token." };
  if (row.status !== "active") return { ok: false, status: 403, reason: "This coach's space is suspended: ingestion is refused." };
  // last_used_at at minute precision: one write per token per minute, not one per request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  }
  return { ok: true, tokenId: row.id, tenantId: row.tenantId };
}

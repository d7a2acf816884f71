import crypto from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { invites, tenants, users } from "../../db/control.schema";
import type { ControlDbOrTx as ControlDb } from "~/lib/control-db.server";

export const INVITE_TTL_MS = 72 * 60 * 60 * 1000;

/** Invitation tokens are shown once (in the email) and stored as a SHA-256 hash. */
export function hashToken(token: string) {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function createInvite(db: ControlDb, { userId, tenantId, now = new Date() }: { userId: string; tenantId: string; now?: Date }) {
  const token = crypto.randomBytes(32).toString("base64url");
  db.insert(invites)
    .values({ tokenHash: hashToken(token), userId, tenantId, expiresAt: new Date(now.getTime() + INVITE_TTL_MS) })
    .run();
  return token;
}

export type InviteLookup =
  | { state: "valid"; inviteId: number; user: typeof users.$inferSelect; tenant: typeof tenants.$inferSelect }
  | { state: "unknown" | "used" | "expired" | "tenant_unavailable" };

export function lookupInvite(db: ControlDb, token: string, now = new Date()): InviteLookup {
  if (!token || token.length > 100) return { state: "unknown" };
  const row = db
    .select({ invite: invites, user: users, tenant: tenants })
    .from(invites)
    .innerJoin(users, eq(users.id, invites.userId))
    .innerJoin(tenants, eq(tenants.id, invites.tenantId))
    .where(eq(invites.tokenHash, hashToken(token)))
    .get();
  if (!row) return { state: "unknown" };
  if (row.invite.usedAt || row.user.passwordHash) return { state: "used" };
  if (row.invite.expiresAt.getTime() <= now.getTime()) return { state: "expired" };
  if (row.tenant.status !== "active") return { state: "tenant_unavailable" };
  return { state: "valid", inviteId: row.invite.id, user: row.user, tenant: row.tenant };
}

/**
 * Sets the password and burns the token in one transaction; false if someone used it first.
 * Every other pending invitation of the user is burnt too: an older email must not be able
 * to set the password again.
 */
export function acceptInvite(db: ControlDb, { inviteId, userId, passwordHash }: { inviteId: number; userId: string; passwordHash: string }) {
  return db.transaction((tx) => {
    const burned = tx
      .update(invites)
      .set({ usedAt: new Date() })
      .where(and(eq(invites.id, inviteId), isNull(invites.usedAt)))
      .run();
    if (burned.changes !== 1) return false;
    tx.update(invites)
      .set({ usedAt: new Date() })
      .where(and(eq(invites.userId, userId), isNull(invites.usedAt)))
      .run();
    tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
    return true;
  });
}

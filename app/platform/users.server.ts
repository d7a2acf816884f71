import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { memberships, tenants, users, type PlatformRole } from "../../db/control.schema";
import type { ControlDbOrTx as ControlDb } from "~/lib/control-db.server";
import { prepared } from "~/lib/prepared.server";

export type User = typeof users.$inferSelect;

export function newUserId() {
  return `u_${crypto.randomBytes(12).toString("hex")}`;
}

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export function findUserByEmail(db: ControlDb, email: string) {
  return db.select().from(users).where(eq(users.email, normalizeEmail(email))).get();
}

export function findUserById(db: ControlDb, id: string) {
  return prepared(db, "user.byId", () => db.select().from(users).where(eq(users.id, sql.placeholder("id"))).prepare()).get({ id });
}

export function createUser(
  db: ControlDb,
  input: { email: string; name: string; passwordHash?: string | null; platformRole?: PlatformRole | null },
) {
  return db
    .insert(users)
    .values({
      id: newUserId(),
      email: normalizeEmail(input.email),
      name: input.name,
      passwordHash: input.passwordHash ?? null,
      platformRole: input.platformRole ?? null,
    })
    .returning()
    .get();
}

/** The tenant a coach belongs to (one per coach for now; memberships leave room for teams). */
export function findCoachTenant(db: ControlDb, userId: string) {
  return prepared(db, "user.coachTenant", () =>
    db
      .select({ tenant: tenants, role: memberships.role })
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(eq(memberships.userId, sql.placeholder("userId")))
      .prepare(),
  ).get({ userId });
}

export function tenantMemberIds(db: ControlDb, tenantId: string) {
  return db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.tenantId, tenantId))
    .all()
    .map((r) => r.userId);
}

import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import { memberships, tenants, tenantStats, users } from "../../db/control.schema";
import { revokeSessionsOfUsers } from "~/auth/session.server";
import type { ControlDb, ControlDbOrTx } from "~/lib/control-db.server";
import { createTenantFile, evictTenantDb, removeTenantFile } from "~/lib/tenant-db.server";
import { isTenantId, newTenantId } from "~/lib/tenant-id.server";
import { createInvite } from "./invites.server";
import { createUser, findUserByEmail, tenantMemberIds } from "./users.server";

export type Tenant = typeof tenants.$inferSelect;

export function slugify(name: string) {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base || "coach";
}

function uniqueSlug(db: ControlDbOrTx, name: string) {
  const base = slugify(name);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug)).get()) return slug;
  }
}

export class EmailTakenError extends Error {
  constructor() {
    super("Un compte existe déjà avec cette adresse email.");
  }
}

/**
 * Provisions a coach: a migrated tenant file first (so no control row ever points at a
 * missing file), then the control rows and the invitation in one transaction. If the
 * transaction fails the new file is removed again.
 */
export function provisionTenant(db: ControlDb, input: { name: string; email: string; specialty: string }) {
  if (findUserByEmail(db, input.email)) throw new EmailTakenError();
  const tenantId = newTenantId();
  createTenantFile(tenantId);
  try {
    return db.transaction((tx) => {
      const tenant = tx
        .insert(tenants)
        .values({
          id: tenantId,
          slug: uniqueSlug(tx, input.name),
          name: input.name,
          specialty: input.specialty,
          fileName: `${tenantId}.sqlite`,
        })
        .returning()
        .get();
      const user = createUser(tx, { email: input.email, name: input.name });
      tx.insert(memberships).values({ userId: user.id, tenantId, role: "owner" }).run();
      const token = createInvite(tx, { userId: user.id, tenantId });
      return { tenant, user, token };
    });
  } catch (error) {
    removeTenantFile(tenantId);
    throw error;
  }
}

export function findTenant(db: ControlDb, tenantId: string) {
  if (!isTenantId(tenantId)) return undefined;
  return db.select().from(tenants).where(eq(tenants.id, tenantId)).get();
}

/** The coach who owns the tenant (signs its emails, gets the replies): the first owner membership. */
export function tenantOwner(db: ControlDb, tenantId: string) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, hasPassword: users.passwordHash })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "owner")))
    .orderBy(memberships.createdAt)
    .get();
}

/**
 * The admin list: tenants with their figures and health from the control DB only (tenant_stats,
 * refreshed by writes, the nightly job and the boot migration). It never opens a tenant file,
 * so 1,000 coaches cost one indexed query, and a damaged file shows as such instead of erroring.
 */
export function listTenantsWithStats(db: ControlDb) {
  return db
    .select({
      tenant: tenants,
      ownerEmail: users.email,
      leadCount: tenantStats.leadCount,
      sizeBytes: tenantStats.sizeBytes,
      lastActivityAt: tenantStats.lastActivityAt,
      health: tenantStats.health,
      healthReason: tenantStats.healthReason,
    })
    .from(tenants)
    .leftJoin(memberships, eq(memberships.tenantId, tenants.id))
    .leftJoin(users, eq(users.id, memberships.userId))
    .leftJoin(tenantStats, eq(tenantStats.tenantId, tenants.id))
    .where(ne(tenants.status, "deleted"))
    .orderBy(tenants.name)
    .all()
    .map(({ tenant, ...rest }) => ({ ...tenant, ...rest, health: rest.health ?? "ok" }));
}

export function tenantStatsOf(db: ControlDb, tenantId: string) {
  return db.select().from(tenantStats).where(eq(tenantStats.tenantId, tenantId)).get();
}

export function setTenantStatus(db: ControlDb, tenantId: string, status: "active" | "suspended") {
  db.update(tenants).set({ status, statusChangedAt: new Date() }).where(eq(tenants.id, tenantId)).run();
  if (status === "suspended") {
    // A suspended coach is signed out at once and their file handle is released.
    revokeSessionsOfUsers(tenantMemberIds(db, tenantId));
    evictTenantDb(tenantId);
  }
}

/**
 * Marks the tenant deleted (the row stays for the audit trail), deletes its coach
 * accounts (personal data; sessions and invites cascade) and removes its file.
 */
export function deleteTenant(db: ControlDb, tenantId: string) {
  const memberIds = tenantMemberIds(db, tenantId);
  db.transaction((tx) => {
    tx.update(tenants).set({ status: "deleted", statusChangedAt: new Date() }).where(eq(tenants.id, tenantId)).run();
    if (memberIds.length > 0) tx.delete(users).where(and(inArray(users.id, memberIds), isNull(users.platformRole))).run();
  });
  removeTenantFile(tenantId);
}

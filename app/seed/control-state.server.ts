// What the seed needs to know about (and do to) the existing control DB: open it, wipe it
// for --reset, detect a previous seed and anything that would collide with a new one.
import fs from "node:fs";
import { eq, inArray, isNotNull, like, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as controlSchema from "../../db/control.schema";
import { memberships, tenants, users } from "../../db/control.schema";
import { getEnv } from "~/env.server";
import type { ControlDb } from "~/lib/control-db.server";
import { openSqlite } from "~/lib/sqlite.server";
import { removeTenantFile } from "~/lib/tenant-db.server";
import { isTenantId, tenantFilePath } from "~/lib/tenant-id.server";
import { ADMIN_EMAIL, SUPPORT_EMAIL, type AccountPlan, type DemoLogin } from "./accounts.server";

/**
 * A handle of our own rather than the app's cached controlDb(): the seed closes it when
 * done, so tests can seed several directories in one process.
 */
export function openControl(): ControlDb {
  const sqlite = openSqlite(getEnv().CONTROL_DB_PATH, { synchronous: "FULL" });
  return drizzle(sqlite, { schema: controlSchema }) as ControlDb;
}

/**
 * --reset: every control table emptied (whatever tables later migrations add), then the
 * files of every tenant it listed removed. Rows go first: a failure then leaves orphan
 * files, which the next seed clears (see clearOrphanFile), never rows pointing at nothing.
 */
export function resetControl(db: ControlDb) {
  const sqlite = db.$client;
  const tenantIds = db.select({ id: tenants.id }).from(tenants).all().map((r) => r.id);
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'")
    .all() as { name: string }[];
  const hasSequence = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get() !== undefined;
  sqlite.transaction(() => {
    sqlite.pragma("defer_foreign_keys = ON"); // everything goes, so order does not matter
    for (const { name } of tables) sqlite.prepare(`DELETE FROM "${name.replaceAll('"', '""')}"`).run();
    if (hasSequence) sqlite.prepare("DELETE FROM sqlite_sequence").run();
  })();
  for (const id of tenantIds) if (isTenantId(id)) removeTenantFile(id);
  return tenantIds.length;
}

export function adminExists(db: ControlDb) {
  return db.select({ id: users.id }).from(users).where(eq(users.email, ADMIN_EMAIL)).get() !== undefined;
}

/** The demo accounts present in the DB, for the "already seeded" message. */
export function existingLogins(db: ControlDb): { logins: DemoLogin[]; adminPasswordHash: string | null } {
  const rows = db
    .select({ email: users.email, name: users.name, role: users.platformRole, hash: users.passwordHash, specialty: tenants.specialty })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(or(isNotNull(users.platformRole), like(users.email, "coach%@example.com")))
    .all();
  const rank = (email: string) => (email === ADMIN_EMAIL ? -2 : email === SUPPORT_EMAIL ? -1 : Number(/^coach(\d+)@/.exec(email)?.[1] ?? 1e9));
  rows.sort((a, b) => rank(a.email) - rank(b.email) || a.email.localeCompare(b.email));
  return {
    logins: rows.map((r) => ({ email: r.email, name: r.specialty ? `${r.name} (${r.specialty})` : r.name, role: r.role ?? "coach" })),
    adminPasswordHash: rows.find((r) => r.email === ADMIN_EMAIL)?.hash ?? null,
  };
}

export function existingSlugs(db: ControlDb) {
  return new Set(db.select({ slug: tenants.slug }).from(tenants).all().map((r) => r.slug));
}

/** Without --reset, demo emails or tenant ids that already exist would abort halfway: refuse up front. */
export function findConflicts(db: ControlDb, plan: AccountPlan) {
  const emails = [ADMIN_EMAIL, SUPPORT_EMAIL, ...plan.coaches.map((c) => c.email)];
  const ids = plan.coaches.map((c) => c.tenantId);
  const conflicts: string[] = [];
  for (let i = 0; i < emails.length; i += 500) {
    const taken = db.select({ email: users.email }).from(users).where(inArray(users.email, emails.slice(i, i + 500))).all();
    conflicts.push(...taken.map((r) => r.email));
  }
  for (let i = 0; i < ids.length; i += 500) {
    const taken = db.select({ id: tenants.id }).from(tenants).where(inArray(tenants.id, ids.slice(i, i + 500))).all();
    conflicts.push(...taken.map((r) => `tenant ${r.id}`));
  }
  return conflicts;
}

/**
 * Tenant ids are deterministic, so a seed killed mid-way leaves files that the next run
 * would collide with. A file no control row points at is unreachable: remove it.
 */
export function clearOrphanFile(tenantId: string) {
  if (fs.existsSync(tenantFilePath(getEnv().TENANTS_DIR, tenantId))) removeTenantFile(tenantId);
}

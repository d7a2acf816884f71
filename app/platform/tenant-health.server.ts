// Per-tenant health and figures kept in the control DB (tenant_stats), so that /admin and
// /healthz never open a tenant file, and one broken file is reported instead of hidden.
import { and, count, eq } from "drizzle-orm";
import { leads } from "../../db/tenant.schema";
import { tenants, tenantStats, type TenantHealth } from "../../db/control.schema";
import { controlDb, type ControlDb } from "~/lib/control-db.server";
import { TenantUnavailableError, tenantFileSize, withTenantDb, type TenantDb } from "~/lib/tenant-db.server";

export type TenantFigures = { leadCount?: number | null; sizeBytes?: number | null; lastActivityAt?: Date | null };

/** Upserts the figures given (others are left as they are). */
export function recordTenantFigures(db: ControlDb, tenantId: string, figures: TenantFigures, now = new Date()) {
  const set = { ...figures, statsRefreshedAt: now };
  db.insert(tenantStats)
    .values({ tenantId, ...set })
    .onConflictDoUpdate({ target: tenantStats.tenantId, set })
    .run();
}

// What this process last wrote (or read) of each tenant's health: writes happen on change only.
const knownHealth = new Map<string, TenantHealth>();

function healthOf(db: ControlDb, tenantId: string): TenantHealth {
  let health = knownHealth.get(tenantId);
  if (!health) {
    health = db.select({ health: tenantStats.health }).from(tenantStats).where(eq(tenantStats.tenantId, tenantId)).get()?.health ?? "ok";
    knownHealth.set(tenantId, health);
  }
  return health;
}

export function markTenantHealth(db: ControlDb, tenantId: string, health: TenantHealth, reason: string | null = null, now = new Date()) {
  const set = { health, healthReason: health === "ok" ? null : reason, healthCheckedAt: now };
  db.insert(tenantStats)
    .values({ tenantId, ...set })
    .onConflictDoUpdate({ target: tenantStats.tenantId, set })
    .run();
  knownHealth.set(tenantId, health);
}

/** A tenant found unusable: flagged for the admin list and /healthz, and logged once. */
export function reportUnavailable(error: TenantUnavailableError) {
  const db = controlDb();
  if (healthOf(db, error.tenantId) === "unavailable") return;
  console.error(`[tenant ${error.tenantId}] unavailable: ${error.reason}`);
  markTenantHealth(db, error.tenantId, "unavailable", error.reason);
}

/**
 * withTenantDb for request handlers and jobs: a damaged file is reported (then rethrown for
 * the caller's 503), and a file that works again after a repair is flagged healthy again.
 */
export async function withReportedTenantDb<T>(tenantId: string, fn: (db: TenantDb) => T | Promise<T>): Promise<T> {
  try {
    const result = await withTenantDb(tenantId, fn);
    if (knownHealth.get(tenantId) !== "ok" && healthOf(controlDb(), tenantId) === "unavailable") {
      console.error(`[tenant ${tenantId}] available again`);
      markTenantHealth(controlDb(), tenantId, "ok");
    }
    return result;
  } catch (error) {
    if (error instanceof TenantUnavailableError) reportUnavailable(error);
    throw error;
  }
}

/** Active tenants whose file is unavailable, with why (for /healthz and the admin list). */
export function unavailableTenants(db: ControlDb) {
  return db
    .select({ id: tenants.id, reason: tenantStats.healthReason })
    .from(tenantStats)
    .innerJoin(tenants, eq(tenants.id, tenantStats.tenantId))
    .where(and(eq(tenantStats.health, "unavailable"), eq(tenants.status, "active")))
    .all();
}

const ACTIVITY_EVERY_MS = 60_000;
const lastNoted = new Map<string, number>();

/**
 * After a write to a tenant: its last activity, lead count and size in the control DB, at
 * most once a minute per tenant (the control DB syncs every commit; a batch a second must
 * not become a control write a second).
 */
export function noteTenantWrite(tenantId: string, db: TenantDb, now = new Date()) {
  const last = lastNoted.get(tenantId);
  if (last !== undefined && now.getTime() - last < ACTIVITY_EVERY_MS) return;
  lastNoted.set(tenantId, now.getTime());
  const leadCount = db.select({ n: count() }).from(leads).get()?.n ?? 0;
  recordTenantFigures(controlDb(), tenantId, { leadCount, sizeBytes: tenantFileSize(tenantId)?.bytes ?? null, lastActivityAt: now }, now);
}

/** Figures read from an open tenant file (boot-time migration, nightly job). */
export function measureTenant(tenantId: string, db: TenantDb | { $client: TenantDb["$client"] }) {
  const row = db.$client.prepare("SELECT count(*) AS n FROM leads").get() as { n: number };
  const file = tenantFileSize(tenantId);
  return { leadCount: row.n, sizeBytes: file?.bytes ?? null, lastActivityAt: file?.lastWriteAt ?? null };
}

/** Tests: forget what this process knows. */
export function resetTenantHealthMemory() {
  knownHealth.clear();
  lastNoted.clear();
}

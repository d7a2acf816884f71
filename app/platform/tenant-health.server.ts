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

// What this process knows of each tenant's health, re-read from the control DB after a while
// (`npm run migrate` or the nightly job may have changed it from another process).
const HEALTH_TTL_MS = 30_000;
const knownHealth = new Map<string, { health: TenantHealth; reason: string | null; readAt: number }>();

function healthOf(db: ControlDb, tenantId: string, now = Date.now()) {
  let known = knownHealth.get(tenantId);
  if (!known || now - known.readAt > HEALTH_TTL_MS) {
    const row = db.select({ health: tenantStats.health, reason: tenantStats.healthReason }).from(tenantStats).where(eq(tenantStats.tenantId, tenantId)).get();
    known = { health: row?.health ?? "ok", reason: row?.reason ?? null, readAt: now };
    knownHealth.set(tenantId, known);
  }
  return known;
}

export function markTenantHealth(db: ControlDb, tenantId: string, health: TenantHealth, reason: string | null = null, now = new Date()) {
  const set = { health, healthReason: health === "ok" ? null : reason, healthCheckedAt: now };
  db.insert(tenantStats)
    .values({ tenantId, ...set })
    .onConflictDoUpdate({ target: tenantStats.tenantId, set })
    .run();
  knownHealth.set(tenantId, { health, reason: set.healthReason, readAt: now.getTime() });
}

/** A tenant found unusable: flagged for the admin list and /healthz, and logged once. */
export function reportUnavailable(error: TenantUnavailableError) {
  if (!error.persistent) {
    console.error(`[tenant ${error.tenantId}] could not be used just now: ${error.reason}`);
    return; // the next request tries again; nothing to flag
  }
  const db = controlDb();
  if (healthOf(db, error.tenantId).health === "unavailable") return;
  console.error(`[tenant ${error.tenantId}] unavailable: ${error.reason}`);
  markTenantHealth(db, error.tenantId, "unavailable", error.reason);
}

/**
 * withTenantDb for request handlers and jobs. A tenant flagged unavailable stays refused
 * without touching its file — part of a damaged file may still read fine, and serving it would
 * hide the damage — until a check clears the flag (`npm run migrate`, or "Vérifier le fichier"
 * in /admin). A file found damaged now is flagged, and the error goes up for the caller's 503.
 */
export async function withReportedTenantDb<T>(tenantId: string, fn: (db: TenantDb) => T | Promise<T>): Promise<T> {
  const known = healthOf(controlDb(), tenantId);
  if (known.health === "unavailable") throw new TenantUnavailableError(tenantId, known.reason ?? "signalé indisponible");
  try {
    return await withTenantDb(tenantId, fn);
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

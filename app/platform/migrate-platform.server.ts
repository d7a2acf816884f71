// The deploy and boot step (`npm run migrate`): migrate everything, record each tenant's
// health and figures in the control DB, and never let one tenant stop the others.
import { eq } from "drizzle-orm";
import { tenantStats } from "../../db/control.schema";
import { controlDb, type ControlDb } from "~/lib/control-db.server";
import { checkAndMigrateTenant, migrateAll, type MigrationReport, type TenantMigration, type TenantRepair } from "~/lib/migrate-all.server";
import { evictTenantDb } from "~/lib/tenant-db.server";
import { repairOutOfRangeDates } from "~/ingest/repair-dates.server";
import { markTenantHealth, recordTenantFigures } from "./tenant-health.server";

/** Data repairs run on every healthy tenant after its migrations (idempotent, cheap when nothing to fix). */
export const TENANT_REPAIRS: TenantRepair[] = [
  // Dates outside 2015-01-01..tomorrow stored before ingestion bounded them (docs/api.md).
  (sqlite) => void repairOutOfRangeDates(sqlite, new Date()),
];

function recordMigrated(control: ControlDb, t: TenantMigration, now: Date) {
  // Last activity is the coach's last write; the file's date is only a first guess.
  const known = control.select({ at: tenantStats.lastActivityAt }).from(tenantStats).where(eq(tenantStats.tenantId, t.tenantId)).get()?.at;
  recordTenantFigures(control, t.tenantId, { leadCount: t.leadCount, sizeBytes: t.sizeBytes, lastActivityAt: known ?? t.lastWriteAt }, now);
  markTenantHealth(control, t.tenantId, "ok", null, now);
}

export function migratePlatform({ repairs = TENANT_REPAIRS, now = new Date() }: { repairs?: TenantRepair[]; now?: Date } = {}): MigrationReport {
  return migrateAll({
    repairs,
    onMigrated: (control, t) => recordMigrated(control, t, now),
    onFailed: (control, f) => markTenantHealth(control, f.tenantId, "unavailable", f.error, now),
  });
}

/**
 * Support's "Vérifier le fichier" after restoring a tenant file: the boot-time check for one
 * tenant (header, migrations table, quick_check, pending migrations). Clears or sets the flag.
 */
export function recheckTenant(tenantId: string, now = new Date()) {
  evictTenantDb(tenantId);
  const outcome = checkAndMigrateTenant(tenantId, TENANT_REPAIRS);
  if ("error" in outcome) markTenantHealth(controlDb(), tenantId, "unavailable", outcome.error, now);
  else recordMigrated(controlDb(), outcome, now);
  return outcome;
}

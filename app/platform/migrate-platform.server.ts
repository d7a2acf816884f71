// The deploy and boot step (`npm run migrate`): migrate everything, record each tenant's
// health and figures in the control DB, and never let one tenant stop the others.
import { eq } from "drizzle-orm";
import { tenantStats } from "../../db/control.schema";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { controlDb, type ControlDb } from "~/lib/control-db.server";
import { failInterruptedImports } from "~/crm/import/jobs.server";
import { checkAndMigrateTenant, migrateAll, type MigrationReport, type TenantMigration, type TenantRepair } from "~/lib/migrate-all.server";
import { evictTenantDb } from "~/lib/tenant-db.server";
import { TENANT_REPAIRS } from "./tenant-repairs.server";
import { markTenantHealth, recordTenantFigures } from "./tenant-health.server";

export { TENANT_REPAIRS };

function recordMigrated(control: ControlDb, t: TenantMigration, now: Date) {
  // Last activity is the coach's last write; the file's date is only a first guess.
  const known = control.select({ at: tenantStats.lastActivityAt }).from(tenantStats).where(eq(tenantStats.tenantId, t.tenantId)).get()?.at;
  recordTenantFigures(control, t.tenantId, { leadCount: t.leadCount, sizeBytes: t.sizeBytes, lastActivityAt: known ?? t.lastWriteAt }, now);
  markTenantHealth(control, t.tenantId, "ok", null, now);
}

export function migratePlatform({ repairs = TENANT_REPAIRS, now = new Date() }: { repairs?: TenantRepair[]; now?: Date } = {}): MigrationReport {
  return migrateAll({
    // Boot only (not support's re-check, which runs beside a live server): imports cut short by
    // the last stop show as failed at once.
    repairs: [...repairs, (sqlite) => void failInterruptedImports(sqlite, now.getTime())],
    onMigrated: (control, t) => recordMigrated(control, t, now),
    onFailed: (control, f) => markTenantHealth(control, f.tenantId, "unavailable", f.error, now),
  });
}

/**
 * Support's "Vérifier le fichier" after restoring a tenant file: the boot-time check for one
 * tenant (header, migrations table, quick_check, pending migrations), in a worker thread so
 * that a big file does not hold up every other coach. Clears or sets the flag.
 */
export async function recheckTenant(tenantId: string, now = new Date()) {
  evictTenantDb(tenantId);
  const outcome = await new Promise<ReturnType<typeof checkAndMigrateTenant>>((resolve) => {
    const worker = new Worker(path.resolve("scripts/recheck-worker.mjs"), { workerData: { tenantId } });
    worker.once("message", resolve);
    worker.once("error", (error) => resolve({ tenantId, error: error.message }));
  });
  if ("error" in outcome) markTenantHealth(controlDb(), tenantId, "unavailable", outcome.error, now);
  else recordMigrated(controlDb(), outcome, now);
  return outcome;
}

// The deploy and boot step (`npm run migrate`): migrate everything, record each tenant's
// health and figures in the control DB, and never let one tenant stop the others.
import { eq } from "drizzle-orm";
import { tenantStats } from "../../db/control.schema";
import { migrateAll, type MigrationReport, type TenantRepair } from "~/lib/migrate-all.server";
import { markTenantHealth, recordTenantFigures } from "./tenant-health.server";

export function migratePlatform({ repairs = [], now = new Date() }: { repairs?: TenantRepair[]; now?: Date } = {}): MigrationReport {
  return migrateAll({
    repairs,
    onMigrated(control, t) {
      // Last activity is the coach's last write; the file's date is only a first guess.
      const known = control.select({ at: tenantStats.lastActivityAt }).from(tenantStats).where(eq(tenantStats.tenantId, t.tenantId)).get()?.at;
      recordTenantFigures(control, t.tenantId, { leadCount: t.leadCount, sizeBytes: t.sizeBytes, lastActivityAt: known ?? t.lastWriteAt }, now);
      markTenantHealth(control, t.tenantId, "ok", null, now);
    },
    onFailed(control, f) {
      markTenantHealth(control, f.tenantId, "unavailable", f.error, now);
    },
  });
}

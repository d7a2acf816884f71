// The walk every scheduled job makes over the coaches (pre-briefs, billing reminders, the
// notification digest): active tenants only (`--tenant` narrows it), files support already knows
// to be unusable are skipped without being opened, a file found unusable now is skipped and
// flagged, and a tenant whose work throws is reported: none of these stops the others.
import { and, eq } from "drizzle-orm";
import { tenants } from "../../db/control.schema";
import { controlDb } from "~/lib/control-db.server";
import { TenantUnavailableError, withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { markTenantHealth, unavailableTenants } from "./tenant-health.server";

export type TenantJobReport = {
  skipped: { tenantId: string; reason: string }[];
  failed: { tenantId: string; error: string }[];
};

/** Runs `work` in each active tenant's file, one after the other; fills `report.skipped` and `report.failed`. */
export async function forEachActiveTenant(
  { tenantId, now = new Date(), report }: { tenantId?: string; now?: Date; report: TenantJobReport },
  work: (db: TenantDb, tenant: { id: string; name: string }) => Promise<unknown> | unknown,
) {
  const control = controlDb();
  const rows = control
    .select({ id: tenants.id, name: tenants.name })
    .from(tenants)
    // A suspended or deleted tenant is never worked on.
    .where(tenantId ? and(eq(tenants.id, tenantId), eq(tenants.status, "active")) : eq(tenants.status, "active"))
    .all();
  const flagged = new Map(unavailableTenants(control).map((t) => [t.id, t.reason ?? "signalé indisponible"]));
  for (const tenant of rows) {
    if (flagged.has(tenant.id)) {
      report.skipped.push({ tenantId: tenant.id, reason: flagged.get(tenant.id)! });
      continue;
    }
    try {
      await withTenantDb(tenant.id, (db) => work(db, tenant));
    } catch (error) {
      if (error instanceof TenantUnavailableError) {
        report.skipped.push({ tenantId: tenant.id, reason: error.reason });
        markTenantHealth(control, tenant.id, "unavailable", error.reason, now);
      } else report.failed.push({ tenantId: tenant.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}

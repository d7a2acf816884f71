import { eq } from "drizzle-orm";
import { tenants } from "../../db/control.schema";
import { controlDb } from "~/lib/control-db.server";
import { withTenantDb } from "~/lib/tenant-db.server";
import { isTenantId } from "~/lib/tenant-id.server";
import { aggregateTenant, aggregationWindow, firstDataDay } from "./aggregate.server";
import { dayKey, daysBetween } from "./paris-days.server";

export type AggregationOptions = { days: number | "all"; tenantId?: string; now?: Date };
export type AggregationReport = { tenants: number; days: number; seconds: number; failed: { tenantId: string; error: string }[] };

/**
 * The nightly job: every active tenant (or one), each in its own try so that one corrupt
 * or locked file is reported while the others still run.
 */
export async function runAggregation({ days, tenantId, now = new Date() }: AggregationOptions): Promise<AggregationReport> {
  const started = performance.now();
  if (tenantId !== undefined && !isTenantId(tenantId)) throw new Error(`Not a tenant id: ${tenantId}`);
  const rows = controlDb()
    .select({ id: tenants.id })
    .from(tenants)
    .where(tenantId ? eq(tenants.id, tenantId) : eq(tenants.status, "active"))
    .all();
  if (tenantId && rows.length === 0) throw new Error(`Unknown tenant: ${tenantId}`);

  const report: AggregationReport = { tenants: 0, days: 0, seconds: 0, failed: [] };
  for (const { id } of rows) {
    try {
      report.days += await withTenantDb(id, (db) => {
        const window = days === "all" ? allTimeWindow(firstDataDay(db), now) : aggregationWindow({ days, now });
        return window.length ? aggregateTenant(db, window, now) : 0;
      });
      report.tenants++;
    } catch (error) {
      report.failed.push({ tenantId: id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

function allTimeWindow(first: string | null, now: Date) {
  return first ? daysBetween(first, dayKey(now)) : [];
}

// The KPI history after an import or its undo: leads created or changed on past days (an
// import carries their creation date) change the figures of those days. The days already
// stored in kpi_daily are recomputed (as bulk delete and erasure do); later days are computed
// live by the dashboard.
import type Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../../db/tenant.schema";
import { aggregateTenant } from "~/kpis/aggregate.server";
import type { TenantDb } from "~/lib/tenant-db.server";

/** Recomputes the stored days among `days` (Paris day keys); returns how many. */
export function recomputeKpiDays(sqlite: Database.Database, days: Iterable<string>, now = new Date()) {
  const wanted = new Set(days);
  if (wanted.size === 0) return 0;
  const stored = (sqlite.prepare("SELECT day FROM kpi_daily").pluck().all() as string[]).filter((d) => wanted.has(d)).sort();
  if (stored.length === 0) return 0;
  const db = drizzle(sqlite, { schema }) as TenantDb;
  sqlite.transaction(() => {
    for (const day of stored) aggregateTenant(db, [day], now, { recordRun: false });
  }).immediate();
  return stored.length;
}

import { and, gte, lt } from "drizzle-orm";
import { kpiDaily, kpiDailyBreakdown, settings } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { computeDaily } from "./compute-daily.server";
import { addDays, dayKey, daysBetween } from "./paris-days.server";

export const LAST_AGGREGATED_KEY = "kpi.last_aggregated_at";

/** The `days` full days before today (Paris): what the nightly run rewrites. */
export function aggregationWindow({ days, now = new Date() }: { days: number; now?: Date }) {
  const today = dayKey(now);
  return daysBetween(addDays(today, -days), today);
}

/**
 * Rewrites the KPI rows of `days` (one row per day, zeros included) in one transaction:
 * re-running gives identical rows. The run time goes to `settings`, never to `kpi_daily`.
 */
export function aggregateTenant(db: TenantDb, days: string[], now = new Date()) {
  const { rows, breakdown } = computeDaily(db.$client, days);
  const from = days[0];
  const to = addDays(days[days.length - 1], 1);
  db.transaction((tx) => {
    tx.delete(kpiDaily).where(and(gte(kpiDaily.day, from), lt(kpiDaily.day, to))).run();
    tx.delete(kpiDailyBreakdown).where(and(gte(kpiDailyBreakdown.day, from), lt(kpiDailyBreakdown.day, to))).run();
    for (const chunk of chunks(rows, 200)) tx.insert(kpiDaily).values(chunk).run();
    for (const chunk of chunks(breakdown, 500)) tx.insert(kpiDailyBreakdown).values(chunk).run();
    tx.insert(settings)
      .values({ key: LAST_AGGREGATED_KEY, value: now.toISOString() })
      .onConflictDoUpdate({ target: settings.key, set: { value: now.toISOString() } })
      .run();
  });
  return rows.length;
}

/** The first day with data, for an all-time back-fill. */
export function firstDataDay(db: TenantDb) {
  const row = db.$client
    .prepare("SELECT min(at) AS at FROM (SELECT min(created_at) AS at FROM leads UNION ALL SELECT min(sent_at) FROM messages)")
    .get() as { at: number | null };
  return row.at === null ? null : dayKey(row.at);
}

function* chunks<T>(items: T[], size: number) {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

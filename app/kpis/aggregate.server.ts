import { kpiDaily } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { CATEGORY_FIELDS, columnName, computeDaily, emptyRow, type DailyRow } from "./compute-daily.server";
import { addDays, dayKey, daysBetween } from "./paris-days.server";
import { cachedStatement } from "~/lib/statements.server";

export const LAST_AGGREGATED_KEY = "kpi.last_aggregated_at";

const DAY_COLUMNS = Object.keys(emptyRow("")) as (keyof typeof kpiDaily.$inferSelect)[];
const INSERT_DAY = `INSERT INTO kpi_daily (${DAY_COLUMNS.map(columnName).join(", ")}) VALUES (${DAY_COLUMNS.map((c) => `@${c}`).join(", ")})`;
const DELETE_DAYS = "DELETE FROM kpi_daily WHERE day >= ? AND day < ?";
const FIRST_DAY = "SELECT min(day) AS day FROM (SELECT min(created_day) AS day FROM leads UNION ALL SELECT min(sent_day) FROM messages)";
const SAVE_RUN = "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value";

/** The `days` full days before today (Paris): what the nightly run rewrites. */
export function aggregationWindow({ days, now = new Date() }: { days: number; now?: Date }) {
  const today = dayKey(now);
  return daysBetween(addDays(today, -days), today);
}

function toParams(row: DailyRow) {
  const params: Record<string, unknown> = { ...row };
  for (const f of CATEGORY_FIELDS) params[f] = JSON.stringify(row[f]);
  return params;
}

/**
 * Rewrites the KPI rows of `days` (one row per day, zeros included) in one transaction:
 * re-running gives identical rows. The run time goes to `settings`, never to `kpi_daily`.
 */
export function aggregateTenant(db: TenantDb, days: string[], now = new Date()) {
  const rows = computeDaily(db.$client, days);
  const sqlite = db.$client;
  sqlite.transaction(() => {
    cachedStatement(sqlite, DELETE_DAYS).run(days[0], addDays(days[days.length - 1], 1));
    const insert = cachedStatement(sqlite, INSERT_DAY); // prepared once, run per row
    for (const row of rows) insert.run(toParams(row));
    cachedStatement(sqlite, SAVE_RUN).run(LAST_AGGREGATED_KEY, now.toISOString());
  })();
  return rows.length;
}

/** The first day with data, for an all-time back-fill. */
export function firstDataDay(db: TenantDb) {
  const row = cachedStatement(db.$client, FIRST_DAY).get() as { day: string | null };
  return row.day;
}


import { kpiDaily } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { CATEGORY_FIELDS, columnName, computeDaily, emptyRow, type DailyRow } from "./compute-daily.server";
import { addDays, dayKey, daysBetween, EARLIEST_DAY } from "./paris-days.server";
import { cachedStatement } from "~/lib/statements.server";

export const LAST_AGGREGATED_KEY = "kpi.last_aggregated_at";

const DAY_COLUMNS = Object.keys(emptyRow("")) as (keyof typeof kpiDaily.$inferSelect)[];
const INSERT_DAY = `INSERT INTO kpi_daily (${DAY_COLUMNS.map(columnName).join(", ")}) VALUES (${DAY_COLUMNS.map((c) => `@${c}`).join(", ")})`;
const UPSERT_DAY = `${INSERT_DAY} ON CONFLICT (day) DO UPDATE SET ${DAY_COLUMNS.filter((c) => c !== "day")
  .map((c) => `${columnName(c)} = excluded.${columnName(c)}`)
  .join(", ")}`;
const SELECT_DAYS = `SELECT ${DAY_COLUMNS.map((c) => `${columnName(c)} AS ${c}`).join(", ")} FROM kpi_daily WHERE day >= ? AND day < ?`;
const FIRST_DAY = "SELECT min(day) AS day FROM (SELECT min(created_day) AS day FROM leads UNION ALL SELECT min(sent_day) FROM messages)";
const SAVE_RUN = "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value";

/** The `days` full days before today (Paris): what the nightly run rewrites. */
export function aggregationWindow({ days, now = new Date() }: { days: number; now?: Date }) {
  const today = dayKey(now);
  return daysBetween(addDays(today, -days), today);
}

type StoredRow = Record<string, string | number>;

/** The row as stored: category counts as JSON with sorted keys, so equal counts give equal text. */
function toStored(row: DailyRow): StoredRow {
  const stored: StoredRow = { ...row } as unknown as StoredRow;
  for (const f of CATEGORY_FIELDS) stored[f] = JSON.stringify(Object.fromEntries(Object.entries(row[f]).sort(([a], [b]) => (a < b ? -1 : 1))));
  return stored;
}

const sameRow = (a: StoredRow | undefined, b: StoredRow) => a !== undefined && DAY_COLUMNS.every((c) => a[c] === b[c]);

/**
 * Brings the KPI rows of `days` (one row per day, zeros included) up to date in one
 * transaction, writing only the days whose figures changed: most past days do not change
 * from one night to the next. Re-running gives identical rows. The run time goes to
 * `settings`, never to `kpi_daily`.
 */
export function aggregateTenant(db: TenantDb, days: string[], now = new Date(), { recordRun = true } = {}) {
  const sqlite = db.$client;
  const rows = computeDaily(sqlite, days).map(toStored);
  const before = cachedStatement(sqlite, SELECT_DAYS).all(days[0], addDays(days[days.length - 1], 1)) as StoredRow[];
  const stored = new Map(before.map((r) => [r.day as string, r]));
  sqlite.transaction(() => {
    const upsert = cachedStatement(sqlite, UPSERT_DAY);
    for (const row of rows) if (!sameRow(stored.get(row.day as string), row)) upsert.run(row);
    // A partial rewrite (a repair) is not a nightly run: the stale banner must still show.
    if (recordRun) cachedStatement(sqlite, SAVE_RUN).run(LAST_AGGREGATED_KEY, now.toISOString());
  })();
  return rows.length;
}

/**
 * The nightly window: the last `days` days, reaching further back once when the tenant has
 * data older than anything stored (history imported through the API, a first run).
 */
export function nightlyWindow(db: TenantDb, days: number, now = new Date()) {
  const window = aggregationWindow({ days, now });
  const first = firstDataDay(db);
  if (!first || window.length === 0 || first >= window[0]) return window;
  const minStored = (cachedStatement(db.$client, "SELECT min(day) AS day FROM kpi_daily").get() as { day: string | null }).day;
  return minStored === null || first < minStored ? daysBetween(first, dayKey(now)) : window;
}

/**
 * The first day with data, for an all-time back-fill and the "all" range. Never before
 * EARLIEST_DAY: a stray 1970 (or year 1) row stored before the API refused them must not
 * make every window span decades.
 */
export function firstDataDay(db: TenantDb) {
  const row = cachedStatement(db.$client, FIRST_DAY).get() as { day: string | null };
  return row.day !== null && row.day < EARLIEST_DAY ? EARLIEST_DAY : row.day;
}


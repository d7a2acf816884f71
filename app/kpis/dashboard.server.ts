import { eq } from "drizzle-orm";
import { settings } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { LAST_AGGREGATED_KEY } from "./aggregate.server";
import { readAssumptions } from "./assumptions.server";
import { computeDaily, emptyRow, type BreakdownRow, type DailyRow } from "./compute-daily.server";
import { computeKpis, type FollowUp, type Totals } from "./kpis";
import { addDays, dayKey, dayStart } from "./paris-days.server";

export const RANGES = ["7", "30", "90", "all"] as const;
export type Range = (typeof RANGES)[number];

export function parseRange(value: string | null): Range {
  return (RANGES as readonly string[]).includes(value ?? "") ? (value as Range) : "30";
}

const TOTAL_COLUMNS = Object.keys(emptyRow("")).filter((k) => k !== "day") as (keyof Totals)[];
const snake = (k: string) => k.replace(/[A-Z0-9]/g, (c) => (/\d/.test(c) ? c : `_${c.toLowerCase()}`)).replace(/msg_?(\d)/, "msg$1");

/** Sum of the stored days in [from, to): one indexed scan of kpi_daily. */
function sumStoredDays(db: TenantDb, from: string | null, to: string): Totals {
  const cols = TOTAL_COLUMNS.map((k) => `total(${snake(k)}) AS ${k}`).join(", ");
  const row = db.$client.prepare(`SELECT ${cols} FROM kpi_daily WHERE day >= ? AND day < ?`).get(from ?? "0000-00-00", to) as Totals;
  return Object.fromEntries(TOTAL_COLUMNS.map((k) => [k, Math.round(row[k] ?? 0)])) as Totals;
}

const SERIES_COLUMNS = ["leadsCreated", "messagesOut", "messagesIn", "leadsQualified", "callsBooked", "leadsWon"] as const;
export type SeriesPoint = { day: string } & Record<(typeof SERIES_COLUMNS)[number], number>;

function storedSeries(db: TenantDb, from: string | null, to: string): SeriesPoint[] {
  const cols = SERIES_COLUMNS.map((k) => `${snake(k)} AS ${k}`).join(", ");
  return db.$client.prepare(`SELECT day, ${cols} FROM kpi_daily WHERE day >= ? AND day < ? ORDER BY day`).all(from ?? "0000-00-00", to) as SeriesPoint[];
}

function storedBreakdown(db: TenantDb, dimension: BreakdownRow["dimension"], from: string | null, to: string) {
  return db.$client
    .prepare("SELECT key, total(count) AS count FROM kpi_daily_breakdown WHERE dimension = ? AND day >= ? AND day < ? GROUP BY key")
    .all(dimension, from ?? "0000-00-00", to) as { key: string; count: number }[];
}

function mergeCounts(a: { key: string; count: number }[], b: { key: string; count: number }[]) {
  const m = new Map<string, number>();
  for (const { key, count } of [...a, ...b]) m.set(key, (m.get(key) ?? 0) + count);
  return [...m.entries()].map(([key, count]) => ({ key, count }));
}

const DAY_MS = 86_400_000;

/** Leads waiting for a follow-up, stalest first: 7+ days without contact is high priority, 3–6 medium. */
export function followUpList(db: TenantDb, now: Date, limit = 10): FollowUp[] {
  const rows = db.$client
    .prepare(
      `SELECT id, username, first_name AS firstName, last_name AS lastName, status, coalesce(last_contact_at, created_at) AS lastAt
       FROM leads WHERE status = 'follow_up' AND blacklisted = 0
       ORDER BY last_contact_at IS NOT NULL, last_contact_at LIMIT ?`,
    )
    .all(limit) as { id: number; username: string | null; firstName: string | null; lastName: string | null; status: string; lastAt: number }[];
  return rows.map((r) => {
    const days = Math.max(0, Math.floor((now.getTime() - r.lastAt) / DAY_MS));
    const name = r.username ? `@${r.username}` : [r.firstName, r.lastName].filter(Boolean).join(" ") || `Lead #${r.id}`;
    return { id: r.id, name, status: r.status, daysWithoutContact: days, priority: days >= 7 ? "high" : days >= 3 ? "medium" : "low" };
  });
}

/**
 * Everything /dashboard/kpis shows. Past days come from kpi_daily (written nightly);
 * only today is computed from raw rows, with the same code as the nightly job.
 */
export function loadKpiDashboard(db: TenantDb, { range, now = new Date() }: { range: Range; now?: Date }) {
  const today = dayKey(now);
  const firstStored = (db.$client.prepare("SELECT min(day) AS day FROM kpi_daily").get() as { day: string | null }).day;
  const from = range === "all" ? firstStored : addDays(today, -(Number(range) - 1));
  const rangeDays = from && from < today ? Math.round((dayStart(today) - dayStart(from)) / DAY_MS) + 1 : 1;

  const live = computeDaily(db.$client, [today]);
  const todayRow: DailyRow = live.rows[0];
  const stored = sumStoredDays(db, from, today);
  const totals = Object.fromEntries(TOTAL_COLUMNS.map((k) => [k, stored[k] + todayRow[k]])) as Totals;
  const liveBreakdown = (dimension: BreakdownRow["dimension"]) =>
    live.breakdown.filter((b) => b.dimension === dimension).map(({ key, count }) => ({ key, count }));
  const breakdown = (dimension: BreakdownRow["dimension"]) => mergeCounts(storedBreakdown(db, dimension, from, today), liveBreakdown(dimension));

  const kpis = computeKpis({
    totals,
    rangeDays,
    leadsToday: todayRow.leadsCreated,
    sources: breakdown("source"),
    professions: breakdown("job_title"),
    lostReasons: breakdown("lost_reason"),
    bookingSlots: breakdown("booking_slot"),
    followUps: followUpList(db, now),
    assumptions: readAssumptions(db),
  });
  const series: SeriesPoint[] = [
    ...storedSeries(db, from, today),
    { day: today, ...Object.fromEntries(SERIES_COLUMNS.map((k) => [k, todayRow[k]])) } as SeriesPoint,
  ];
  const lastAggregatedAt = db.select().from(settings).where(eq(settings.key, LAST_AGGREGATED_KEY)).get()?.value ?? null;
  return { range, from: from ?? today, today, rangeDays, kpis, series, lastAggregatedAt, empty: totals.leadsCreated === 0 && totals.messagesOut === 0 };
}

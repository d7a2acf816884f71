import { eq } from "drizzle-orm";
import { settings } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { firstDataDay, LAST_AGGREGATED_KEY } from "./aggregate.server";
import { readAssumptions } from "./assumptions.server";
import { CATEGORY_FIELDS, columnName, computeDaily, emptyRow, type CategoryField, type DailyRow } from "./compute-daily.server";
import { computeKpis, type FollowUp, type Totals } from "./kpis";
import { addDays, dayKey, dayStart, daysBetween } from "./paris-days.server";
import { cachedStatement } from "~/lib/statements.server";

export const RANGES = ["7", "30", "90", "all"] as const;
export type Range = (typeof RANGES)[number];

/** "All" spans at most ten years of days: the page and its charts stay of bounded size. */
export const MAX_RANGE_DAYS = 3653;

export function parseRange(value: string | null): Range {
  return (RANGES as readonly string[]).includes(value ?? "") ? (value as Range) : "30";
}

const TOTAL_COLUMNS = Object.keys(emptyRow("")).filter((k) => k !== "day" && !(CATEGORY_FIELDS as readonly string[]).includes(k)) as (keyof Totals)[];

/** Sum of the stored days in [from, to): one indexed scan of kpi_daily. */
function sumStoredDays(db: TenantDb, from: string | null, to: string): Totals {
  const cols = TOTAL_COLUMNS.map((k) => `total(${columnName(k)}) AS ${k}`).join(", ");
  const row = cachedStatement(db.$client, `SELECT ${cols} FROM kpi_daily WHERE day >= ? AND day < ?`).get(from ?? "0000-00-00", to) as Totals;
  return Object.fromEntries(TOTAL_COLUMNS.map((k) => [k, Math.round(row[k] ?? 0)])) as Totals;
}

const SERIES_COLUMNS = ["leadsCreated", "messagesOut", "messagesIn", "leadsQualified", "callsBooked", "leadsWon"] as const;
export type SeriesPoint = { day: string } & Record<(typeof SERIES_COLUMNS)[number], number>;

function storedSeries(db: TenantDb, from: string | null, to: string): SeriesPoint[] {
  const cols = SERIES_COLUMNS.map((k) => `${columnName(k)} AS ${k}`).join(", ");
  return cachedStatement(db.$client, `SELECT day, ${cols} FROM kpi_daily WHERE day >= ? AND day < ? ORDER BY day`).all(from ?? "0000-00-00", to) as SeriesPoint[];
}

type Counts = Record<CategoryField, Map<string, number>>;

/** Category counts of the stored days in [from, to) plus the live days', summed per key. */
function categoryCounts(db: TenantDb, from: string | null, to: string, live: DailyRow[]): Counts {
  const cols = CATEGORY_FIELDS.map((f) => `${columnName(f)} AS ${f}`).join(", ");
  const stored = cachedStatement(db.$client, `SELECT ${cols} FROM kpi_daily WHERE day >= ? AND day < ?`).all(from ?? "0000-00-00", to) as Record<CategoryField, string>[];
  const counts = Object.fromEntries(CATEGORY_FIELDS.map((f) => [f, new Map<string, number>()])) as Counts;
  const addAll = (f: CategoryField, c: Record<string, number>) => {
    for (const [key, n] of Object.entries(c)) counts[f].set(key, (counts[f].get(key) ?? 0) + n);
  };
  for (const row of stored) for (const f of CATEGORY_FIELDS) if (row[f] !== "{}") addAll(f, JSON.parse(row[f]));
  for (const row of live) for (const f of CATEGORY_FIELDS) addAll(f, row[f]);
  return counts;
}

const entries = (m: Map<string, number>) => [...m.entries()].map(([key, count]) => ({ key, count }));

const DAY_MS = 86_400_000;

// Two index-friendly queries instead of one ORDER BY coalesce(...) that would sort every
// follow-up lead: never-contacted leads (by arrival) and contacted ones (by last contact).
const FOLLOW_UP_COLUMNS = "id, username, first_name AS firstName, last_name AS lastName, status";
const FOLLOW_UPS_NEVER_CONTACTED = `SELECT ${FOLLOW_UP_COLUMNS}, created_at AS lastAt FROM leads
  WHERE status = 'follow_up' AND blacklisted = 0 AND last_contact_at IS NULL ORDER BY created_at LIMIT ?`;
const FOLLOW_UPS_CONTACTED = `SELECT ${FOLLOW_UP_COLUMNS}, last_contact_at AS lastAt FROM leads
  WHERE status = 'follow_up' AND blacklisted = 0 AND last_contact_at IS NOT NULL ORDER BY last_contact_at LIMIT ?`;

/** Leads waiting for a follow-up, stalest first: 7+ days without contact is high priority, 3–6 medium. */
export function followUpList(db: TenantDb, now: Date, limit = 10): FollowUp[] {
  type Row = { id: number; username: string | null; firstName: string | null; lastName: string | null; status: string; lastAt: number };
  const rows = [
    ...(cachedStatement(db.$client, FOLLOW_UPS_NEVER_CONTACTED).all(limit) as Row[]),
    ...(cachedStatement(db.$client, FOLLOW_UPS_CONTACTED).all(limit) as Row[]),
  ]
    .sort((a, b) => a.lastAt - b.lastAt || a.id - b.id)
    .slice(0, limit);
  return rows.map((r) => {
    const days = Math.max(0, Math.floor((now.getTime() - r.lastAt) / DAY_MS));
    const name = r.username ? `@${r.username}` : [r.firstName, r.lastName].filter(Boolean).join(" ") || `Lead #${r.id}`;
    return { id: r.id, name, status: r.status, daysWithoutContact: days, priority: days >= 7 ? "high" : days >= 3 ? "medium" : "low" };
  });
}

/** Days not yet written by the nightly job are computed live, up to this many (older gaps: stale banner). */
const MAX_LIVE_DAYS = 14;

/**
 * The range's days, split in two: stored days [from, liveFrom) read from kpi_daily, and the
 * days after the last stored one (today, and yesterday until the nightly job has run)
 * computed live from raw rows. "All" starts at the tenant's first data, not at the first
 * (possibly empty) stored day, so that rates per day and costs are right.
 */
function rangeBounds(db: TenantDb, range: Range, now: Date) {
  const today = dayKey(now);
  const firstData = firstDataDay(db);
  const days = range === "all" ? MAX_RANGE_DAYS : Number(range);
  const earliest = addDays(today, -(days - 1));
  // firstDataDay is never before EARLIEST_DAY; the cap keeps "all" to MAX_RANGE_DAYS.
  const from = range === "all" ? firstData && (firstData < earliest ? earliest : firstData) : earliest;
  const rangeDays = from && from < today ? Math.round((dayStart(today) - dayStart(from)) / DAY_MS) + 1 : 1;
  const lastStored = (cachedStatement(db.$client, "SELECT max(day) AS day FROM kpi_daily").get() as { day: string | null }).day;
  // Nothing stored yet (a new coach before the first nightly run): live from the first data.
  let liveFrom = lastStored ? addDays(lastStored, 1) : (firstData ?? today);
  if (from && liveFrom < from) liveFrom = from;
  if (liveFrom > today) liveFrom = today;
  const oldestLive = addDays(today, -(MAX_LIVE_DAYS - 1));
  if (liveFrom < oldestLive) liveFrom = oldestLive;
  return { today, from, rangeDays, liveFrom, liveDays: daysBetween(liveFrom, addDays(today, 1)) };
}

function withLiveSeries(db: TenantDb, from: string | null, liveFrom: string, live: DailyRow[]): SeriesPoint[] {
  const livePoints = live.map((row) => ({ day: row.day, ...Object.fromEntries(SERIES_COLUMNS.map((k) => [k, row[k]])) }) as SeriesPoint);
  return [...storedSeries(db, from, liveFrom), ...livePoints];
}

/** The daily series of a range, for the trend charts (their own requests: see dashboard.kpis.charts). */
export function loadKpiSeries(db: TenantDb, { range, now = new Date() }: { range: Range; now?: Date }) {
  const { from, liveFrom, liveDays } = rangeBounds(db, range, now);
  return withLiveSeries(db, from, liveFrom, computeDaily(db.$client, liveDays));
}

/**
 * Everything /dashboard/kpis shows. Past days come from kpi_daily (written nightly); the
 * days after the last stored one are computed from raw rows with the same code as the job.
 */
export function loadKpiDashboard(db: TenantDb, { range, now = new Date() }: { range: Range; now?: Date }) {
  const { today, from, rangeDays, liveFrom, liveDays } = rangeBounds(db, range, now);
  const live = computeDaily(db.$client, liveDays);
  const todayRow = live[live.length - 1];
  const stored = sumStoredDays(db, from, liveFrom);
  const totals = Object.fromEntries(TOTAL_COLUMNS.map((k) => [k, live.reduce((sum, row) => sum + row[k], stored[k])])) as Totals;
  const categories = categoryCounts(db, from, liveFrom, live);

  const kpis = computeKpis({
    totals,
    rangeDays,
    leadsToday: todayRow.leadsCreated,
    sources: entries(categories.sources),
    professions: entries(categories.jobTitles),
    lostReasons: entries(categories.lostReasons),
    bookingSlots: entries(categories.bookingSlots),
    followUps: followUpList(db, now),
    assumptions: readAssumptions(db),
  });
  const series = withLiveSeries(db, from, liveFrom, live);
  const lastAggregatedAt = db.select().from(settings).where(eq(settings.key, LAST_AGGREGATED_KEY)).get()?.value ?? null;
  return { range, from: from ?? today, today, rangeDays, kpis, series, lastAggregatedAt, empty: totals.leadsCreated === 0 && totals.messagesOut === 0 };
}

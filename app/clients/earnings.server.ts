// The earnings ledger (seeds/002 view 3): what the coach earned this month, what is pending,
// the year so far, six months of history and the last transactions. Months and years are
// Europe/Paris calendar months: a session at 23:30 UTC on 31 October is a November session.
// Only completed sessions are earned; refunded ones are listed but never summed.
import type Database from "better-sqlite3";
import { addDays, addMonths, dayKey, dayStart, monthKey, monthStart } from "~/kpis/paris-days.server";
import { prepared } from "~/lib/prepared.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { sessionNumberSqlText } from "./session-number.server";

export const HISTORY_MONTHS = 6;
export const LAST_TRANSACTIONS = 10;

/** Statuses the ledger lists (see EARNING_MARKS): ✅ completed, ⏳ confirmed, ❌ refunded. */
const LISTED = ["completed", "confirmed", "refunded"] as const;

export type Total = { cents: number; count: number };
export type MonthTotal = Total & { month: string };
export type Transaction = {
  id: number;
  scheduledAt: number;
  clientId: number;
  firstName: string;
  lastName: string;
  number: number | null;
  priceCents: number;
  status: (typeof LISTED)[number];
  /**
   * A confirmed session whose start has passed and that was never closed (completed, no-show,
   * cancelled): not pending any more (the "En attente" card counts confirmed sessions from now
   * on), so the list says "À clôturer" and links to the session instead of ⏳.
   */
  toClose: boolean;
};

// Every query is served by sessions_scheduled_idx (status, scheduled_at): one range per status,
// never a scan of the table (see docs/benchmarks.md, issue 8).
function statements(sqlite: Database.Database) {
  return prepared(sqlite, "earnings", () => ({
    completed: sqlite.prepare<[number, number], { cents: number; count: number }>(
      `SELECT coalesce(sum(price_cents), 0) AS cents, count(*) AS count FROM coaching_sessions
       WHERE status = 'completed' AND scheduled_at >= ? AND scheduled_at < ?`,
    ),
    pending: sqlite.prepare<[number], { cents: number; count: number }>(
      `SELECT coalesce(sum(price_cents), 0) AS cents, count(*) AS count FROM coaching_sessions
       WHERE status = 'confirmed' AND scheduled_at >= ?`,
    ),
    // The 10 latest of each listed status (an index range each, read backwards), merged: one
    // ORDER BY over the three statuses at once would sort every session the coach ever had.
    any: sqlite.prepare<[], { one: number }>("SELECT 1 AS one FROM coaching_sessions LIMIT 1"),
    last: sqlite.prepare<[number, number, number], Omit<Transaction, "toClose">>(
      `SELECT s.id, s.scheduled_at AS scheduledAt, s.client_id AS clientId, c.first_name AS firstName,
         c.last_name AS lastName, ${sessionNumberSqlText("s")} AS number, s.price_cents AS priceCents, s.status
       FROM (${LISTED.map(
         (status) =>
           `SELECT * FROM (SELECT id FROM coaching_sessions WHERE status = '${status}' AND scheduled_at < ?
            ORDER BY scheduled_at DESC, id DESC LIMIT ${LAST_TRANSACTIONS})`,
       ).join(" UNION ALL ")}) AS latest
       JOIN coaching_sessions s ON s.id = latest.id
       JOIN clients c ON c.id = s.client_id
       ORDER BY s.scheduled_at DESC, s.id DESC LIMIT ${LAST_TRANSACTIONS}`,
    ),
  }));
}

/** Completed sessions whose start is in [from, to) (UTC ms). */
export function completedBetween(db: TenantDb, from: number, to: number): Total {
  return statements(db.$client).completed.get(from, to)!;
}

/** The 6 Paris months ending with the one of `now`, oldest first, months without sessions at 0. */
export function monthlyHistory(db: TenantDb, now: Date, months = HISTORY_MONTHS): MonthTotal[] {
  const current = monthKey(now);
  return Array.from({ length: months }, (_, i) => {
    const month = addMonths(current, i - months + 1);
    return { month, ...completedBetween(db, monthStart(month), monthStart(addMonths(month, 1))) };
  });
}

const sum = (xs: Total[], key: keyof Total) => xs.reduce((n, x) => n + x[key], 0);

/** Everything /dashboard/earnings shows. */
export function earningsSummary(db: TenantDb, { now = new Date() }: { now?: Date } = {}) {
  const q = statements(db.$client);
  const at = now.getTime();
  const month = monthKey(now);
  const history = monthlyHistory(db, now);
  // The year total reuses the history's months of this year and reads only the months before
  // them: each completed session is read once (its price is not in the index: see benchmarks).
  const yearFirst = `${month.slice(0, 4)}-01`;
  const yearParts = history.filter((h) => h.month >= yearFirst);
  if (yearFirst < history[0].month) yearParts.push({ month: yearFirst, ...completedBetween(db, monthStart(yearFirst), monthStart(history[0].month)) });
  const year = { year: Number(month.slice(0, 4)), cents: sum(yearParts, "cents"), count: sum(yearParts, "count") };
  // Listed: sessions up to the end of today, so today's booked sessions show as ⏳ next to the
  // completed ones while the weeks of future bookings (the "pending" card) do not fill the list.
  // A confirmed session already started is "À clôturer", not ⏳: the ⏳ rows are exactly the
  // listed ones the pending card counts.
  const endOfToday = dayStart(addDays(dayKey(now), 1));
  return {
    month,
    hasSessions: q.any.get() !== undefined,
    thisMonth: history[history.length - 1],
    pending: q.pending.get(at)!,
    year,
    history,
    transactions: q.last.all(endOfToday, endOfToday, endOfToday).map((t): Transaction => ({ ...t, toClose: t.status === "confirmed" && t.scheduledAt < at })),
  };
}

export type EarningsSummary = ReturnType<typeof earningsSummary>;

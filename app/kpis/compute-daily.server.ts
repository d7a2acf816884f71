import type Database from "better-sqlite3";
import type { kpiDaily, kpiDailyBreakdown } from "../../db/tenant.schema";
import { dayStart, addDays, weekdayHour } from "./paris-days.server";

export type DailyRow = Required<Omit<typeof kpiDaily.$inferInsert, "day">> & { day: string };
export type BreakdownRow = typeof kpiDailyBreakdown.$inferInsert;

/** Lead statuses that count as "reached" each funnel stage (a won lead was qualified, proposed and booked). */
const QUALIFIED = "('qualified','call_proposed','call_booked','won')";
const PROPOSED = "('call_proposed','call_booked','won')";
const BOOKED = "('call_booked','won')";

export function emptyRow(day: string): DailyRow {
  return {
    day,
    leadsCreated: 0, leadsNew: 0, leadsEngaged: 0, leadsQualified: 0, callsProposed: 0, callsBooked: 0,
    leadsWon: 0, leadsLost: 0, leadsFollowUp: 0, messagesOut: 0, messagesIn: 0,
    msg1Sent: 0, msg1Replied: 0, msg2Sent: 0, msg2Replied: 0, msg3Sent: 0, msg3Replied: 0, msg4Sent: 0, msg4Replied: 0,
    genderMale: 0, genderFemale: 0, genderOther: 0, ageSum: 0, ageCount: 0, revenueCents: 0,
    timeToActionSum: 0, timeToActionCount: 0, discussionMinutesSum: 0, discussionCount: 0,
  };
}

/**
 * The `days` CTE: one (day, start, end) row per Paris day, so SQLite buckets rows by day
 * with index range scans instead of JS converting every timestamp.
 */
function daysCte(days: string[]) {
  const values = days.map(() => "(?, ?, ?)").join(", ");
  const params = days.flatMap((d) => [d, dayStart(d), dayStart(addDays(d, 1))]);
  return { sql: `WITH days(day, start, end) AS (VALUES ${values})`, params };
}

const LEADS_SQL = `
  , cohort AS (
    SELECT d.day, l.*,
      s.call_proposed_at, s.call_booked_at,
      (SELECT max(m.sent_at) - min(m.sent_at) FROM messages m WHERE m.lead_id = l.id HAVING count(*) >= 2) AS span_ms
    FROM days d
    JOIN leads l ON l.created_at >= d.start AND l.created_at < d.end
    LEFT JOIN message_sequences s ON s.lead_id = l.id
  )
  SELECT day,
    count(*) AS leadsCreated,
    total(status = 'new') AS leadsNew,
    total(status = 'engaged') AS leadsEngaged,
    total(status IN ${QUALIFIED}) AS leadsQualified,
    total(status IN ${PROPOSED} OR call_proposed_at IS NOT NULL) AS callsProposed,
    total(status IN ${BOOKED} OR call_booked_at IS NOT NULL) AS callsBooked,
    total(status = 'won') AS leadsWon,
    total(status = 'lost') AS leadsLost,
    total(status = 'follow_up') AS leadsFollowUp,
    total(gender = 'male') AS genderMale,
    total(gender = 'female') AS genderFemale,
    total(gender = 'other') AS genderOther,
    total(age) AS ageSum,
    count(age) AS ageCount,
    total(CASE WHEN status = 'won' THEN deal_value_cents END) AS revenueCents,
    total(time_to_action_minutes) AS timeToActionSum,
    count(time_to_action_minutes) AS timeToActionCount,
    total(span_ms / 60000) AS discussionMinutesSum,
    count(span_ms) AS discussionCount
  FROM cohort GROUP BY day`;

const MESSAGES_SQL = `
  SELECT d.day,
    total(m.direction = 'out') AS messagesOut,
    total(m.direction = 'in') AS messagesIn,
    ${[1, 2, 3, 4]
      .map(
        (n) =>
          `total(m.direction = 'out' AND m.message_number = ${n}) AS msg${n}Sent, ` +
          `total(m.direction = 'out' AND m.message_number = ${n} AND m.is_replied) AS msg${n}Replied`,
      )
      .join(",\n    ")}
  FROM days d JOIN messages m ON m.sent_at >= d.start AND m.sent_at < d.end
  GROUP BY d.day`;

const BREAKDOWN_SQL = `
  SELECT d.day, 'source' AS dimension, trim(l.source) AS key, count(*) AS count
  FROM days d JOIN leads l ON l.created_at >= d.start AND l.created_at < d.end
  WHERE trim(coalesce(l.source, '')) <> '' GROUP BY d.day, key
  UNION ALL
  SELECT d.day, 'job_title', trim(l.job_title), count(*)
  FROM days d JOIN leads l ON l.created_at >= d.start AND l.created_at < d.end
  WHERE trim(coalesce(l.job_title, '')) <> '' GROUP BY d.day, trim(l.job_title)
  UNION ALL
  SELECT d.day, 'lost_reason', trim(l.lost_reason), count(*)
  FROM days d JOIN leads l ON l.created_at >= d.start AND l.created_at < d.end
  WHERE l.status = 'lost' AND trim(coalesce(l.lost_reason, '')) <> '' GROUP BY d.day, trim(l.lost_reason)`;

const BOOKINGS_SQL = `
  SELECT d.day, s.call_booked_at AS at
  FROM days d JOIN message_sequences s ON s.call_booked_at >= d.start AND s.call_booked_at < d.end`;

/**
 * Computes the KPI rows of the given Paris days from the raw rows. Used by the nightly
 * aggregation (past days) and by the dashboard (today, live): one definition for both.
 */
export function computeDaily(sqlite: Database.Database, days: string[]): { rows: DailyRow[]; breakdown: BreakdownRow[] } {
  if (days.length === 0) return { rows: [], breakdown: [] };
  const cte = daysCte(days);
  const rows = new Map(days.map((d) => [d, emptyRow(d)]));

  for (const r of sqlite.prepare(`${cte.sql} ${LEADS_SQL}`).all(cte.params) as DailyRow[]) Object.assign(rows.get(r.day)!, r);
  for (const r of sqlite.prepare(`${cte.sql} ${MESSAGES_SQL}`).all(cte.params) as DailyRow[]) Object.assign(rows.get(r.day)!, r);

  const breakdown = sqlite.prepare(`${cte.sql} ${BREAKDOWN_SQL}`).all(cte.params) as BreakdownRow[];
  // Booking slots need the Paris weekday and hour: few rows, converted in JS.
  const slots = new Map<string, BreakdownRow>();
  for (const { day, at } of sqlite.prepare(`${cte.sql} ${BOOKINGS_SQL}`).all(cte.params) as { day: string; at: number }[]) {
    const { weekday, hour } = weekdayHour(at);
    const key = `${weekday}-${String(hour).padStart(2, "0")}`;
    const slot = slots.get(`${day}|${key}`) ?? { day, dimension: "booking_slot" as const, key, count: 0 };
    slot.count += 1;
    slots.set(`${day}|${key}`, slot);
  }
  // total() returns REAL in SQLite; the columns are integers.
  const out = [...rows.values()].map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? Math.round(v) : v])) as DailyRow);
  return { rows: out, breakdown: [...breakdown, ...slots.values()] };
}

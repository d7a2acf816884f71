import type Database from "better-sqlite3";
import { getTableColumns } from "drizzle-orm";
import { kpiDaily, type CategoryCounts } from "../../db/tenant.schema";
import { addDays, dayKey, dayStart, weekdayHour } from "./paris-days.server";
import { cachedStatement } from "~/lib/statements.server";

export type DailyRow = Required<Omit<typeof kpiDaily.$inferInsert, "day">> & { day: string };
export const CATEGORY_FIELDS = ["sources", "jobTitles", "lostReasons", "bookingSlots"] as const;
export type CategoryField = (typeof CATEGORY_FIELDS)[number];

const COLUMNS = getTableColumns(kpiDaily);

/** SQL name of a kpi_daily field (`msg1Sent` → `msg1_sent`), from the drizzle schema. */
export function columnName(field: keyof typeof COLUMNS) {
  return COLUMNS[field].name;
}

export function emptyRow(day: string): DailyRow {
  return {
    day,
    leadsCreated: 0, leadsNew: 0, leadsEngaged: 0, leadsQualified: 0, callsProposed: 0, callsBooked: 0,
    leadsWon: 0, leadsLost: 0, leadsFollowUp: 0, messagesOut: 0, messagesIn: 0,
    msg1Sent: 0, msg1Replied: 0, msg2Sent: 0, msg2Replied: 0, msg3Sent: 0, msg3Replied: 0, msg4Sent: 0, msg4Replied: 0,
    genderMale: 0, genderFemale: 0, genderOther: 0, ageSum: 0, ageCount: 0, revenueCents: 0,
    timeToActionSum: 0, timeToActionCount: 0, discussionMinutesSum: 0, discussionCount: 0,
    sources: {}, jobTitles: {}, lostReasons: {}, bookingSlots: {},
  };
}

/** Lead statuses that count as having reached each funnel stage (a won lead was qualified, proposed and booked). */
const QUALIFIED = "('qualified','call_proposed','call_booked','won')";
const PROPOSED = "('call_proposed','call_booked','won')";
const BOOKED = "('call_booked','won')";

// leads.created_day and messages.sent_day (Paris days, written with each row) are indexed:
// SQLite groups by day in index order, with no per-row time-zone work.
const LEADS_SQL = `
  SELECT l.created_day AS day,
    count(*) AS leadsCreated,
    total(l.status = 'new') AS leadsNew,
    total(l.status = 'engaged') AS leadsEngaged,
    total(l.status IN ${QUALIFIED}) AS leadsQualified,
    total(l.status IN ${PROPOSED} OR s.call_proposed_at IS NOT NULL) AS callsProposed,
    total(l.status IN ${BOOKED} OR s.call_booked_at IS NOT NULL) AS callsBooked,
    total(l.status = 'won') AS leadsWon,
    total(l.status = 'lost') AS leadsLost,
    total(l.status = 'follow_up') AS leadsFollowUp,
    total(l.gender = 'male') AS genderMale,
    total(l.gender = 'female') AS genderFemale,
    total(l.gender = 'other') AS genderOther,
    total(l.age) AS ageSum,
    count(l.age) AS ageCount,
    total(CASE WHEN l.status = 'won' THEN l.deal_value_cents END) AS revenueCents,
    total(l.time_to_action_minutes) AS timeToActionSum,
    count(l.time_to_action_minutes) AS timeToActionCount,
    -- Discussion time: first to last message, two seeks on (lead_id, sent_at); the lead's
    -- counters say whether it has the two messages a duration needs.
    total(CASE WHEN l.messages_sent + l.messages_received >= 2 THEN
      ((SELECT max(sent_at) FROM messages WHERE lead_id = l.id) - (SELECT min(sent_at) FROM messages WHERE lead_id = l.id)) / 60000
    END) AS discussionMinutesSum,
    total(l.messages_sent + l.messages_received >= 2) AS discussionCount,
    json_group_array(json_array(trim(l.source), trim(l.job_title), CASE WHEN l.status = 'lost' THEN trim(l.lost_reason) END)) AS categories
  FROM leads l LEFT JOIN message_sequences s ON s.lead_id = l.id
  WHERE l.created_day >= ? AND l.created_day < ?
  GROUP BY l.created_day`;

const MESSAGES_SQL = `
  SELECT sent_day AS day, direction, message_number AS n, is_replied AS replied, count(*) AS count
  FROM messages WHERE sent_day >= ? AND sent_day < ?
  GROUP BY sent_day, direction, message_number, is_replied`;

const BOOKINGS_SQL = "SELECT call_booked_at AS at FROM message_sequences WHERE call_booked_at >= ? AND call_booked_at < ?";

function add(counts: CategoryCounts, key: string | null) {
  if (key) counts[key] = (counts[key] ?? 0) + 1;
}

type LeadDay = Record<string, number> & { day: string; categories: string };
type MessageCount = [day: string, direction: "in" | "out", n: number | null, replied: number, count: number];

/**
 * The KPI rows of `days` (consecutive Paris days), from the raw rows. Used by the nightly
 * aggregation (past days) and by the dashboard (today, live): one definition for both.
 */
export function computeDaily(sqlite: Database.Database, days: string[]): DailyRow[] {
  if (days.length === 0) return [];
  const from = days[0];
  const to = addDays(days[days.length - 1], 1);
  const rows = new Map(days.map((d) => [d, emptyRow(d)]));

  for (const { day, categories, ...sums } of cachedStatement(sqlite, LEADS_SQL).all(from, to) as LeadDay[]) {
    const row = rows.get(day)!;
    // total() returns REAL in SQLite; the columns are integers.
    for (const [k, v] of Object.entries(sums)) (row as unknown as Record<string, number>)[k] = Math.round(v);
    for (const [source, jobTitle, lostReason] of JSON.parse(categories) as (string | null)[][]) {
      add(row.sources, source);
      add(row.jobTitles, jobTitle);
      add(row.lostReasons, lostReason);
    }
  }

  // Arrays rather than objects: a few thousand groups on a large tenant.
  for (const [day, direction, n, replied, count] of cachedStatement(sqlite, MESSAGES_SQL).raw().all(from, to) as MessageCount[]) {
    const m = { direction, n, replied, count };
    const row = rows.get(day)!;
    if (m.direction === "in") {
      row.messagesIn += m.count;
      continue;
    }
    row.messagesOut += m.count;
    if (m.n === 1 || m.n === 2 || m.n === 3 || m.n === 4) {
      row[`msg${m.n}Sent`] += m.count;
      if (m.replied) row[`msg${m.n}Replied`] += m.count;
    }
  }

  // Booking slots need the Paris weekday and hour: few rows, converted in JS.
  for (const { at } of cachedStatement(sqlite, BOOKINGS_SQL).all(dayStart(from), dayStart(to)) as { at: number }[]) {
    const { weekday, hour } = weekdayHour(at);
    add(rows.get(dayKey(at))!.bookingSlots, `${weekday}-${String(hour).padStart(2, "0")}`);
  }
  return [...rows.values()];
}

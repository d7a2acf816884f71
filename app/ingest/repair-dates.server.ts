// Rows stored before the API bounded its dates (a 1970 from an empty N8N field, a year 1, a
// far future) are moved into range once, at deploy time: migrateAll calls this for every
// tenant after its migrations. Idempotent: a second run finds nothing to do.
import type Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/tenant.schema";
import { aggregateTenant } from "~/kpis/aggregate.server";
import { addDays, dayKey, daysBetween, EARLIEST_DAY } from "~/kpis/paris-days.server";
import { cachedStatement } from "~/lib/statements.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { recomputeConversation } from "./conversation.server";
import { acceptedTimes } from "./schemas";

export type DateRepair = { messages: number; leads: number; kpiDays: number; reaggregatedDays: number };

// A well-formed day key has 10 characters; "1-01-01" (year 1 before keys were padded) sorts before 2015.
const BAD_DAY = (column: string) => `(${column} < @firstDay OR ${column} > @lastDay OR length(${column}) <> 10)`;
const BAD_MESSAGES = `SELECT id, lead_id AS leadId, sent_at AS sentAt, created_at AS receivedAt FROM messages
  WHERE sent_at < @min OR sent_at > @max OR ${BAD_DAY("sent_day")}`;
const MOVE_MESSAGE = "UPDATE messages SET sent_at = ?, sent_day = ? WHERE id = ?";
const BAD_LEADS = `SELECT l.id, l.created_at AS createdAt, l.updated_at AS updatedAt, l.time_to_action_minutes AS minutes,
  (SELECT min(sent_at) FROM messages WHERE lead_id = l.id) AS firstAt, s.call_booked_at AS bookedAt
  FROM leads l LEFT JOIN message_sequences s ON s.lead_id = l.id
  WHERE l.created_at < @min OR l.created_at > @max OR ${BAD_DAY("l.created_day")}`;
const MOVE_LEAD = "UPDATE leads SET created_at = ?, created_day = ?, time_to_action_minutes = ?, updated_at = ? WHERE id = ?";
const DROP_KPI_DAYS = "DELETE FROM kpi_daily WHERE day < ? OR length(day) <> 10";
const LAST_STORED_DAY = "SELECT max(day) AS day FROM kpi_daily";

type BadMessage = { id: number; leadId: number; sentAt: number; receivedAt: number };
type BadLead = { id: number; createdAt: number; updatedAt: number; minutes: number | null; firstAt: number | null; bookedAt: number | null };

/**
 * Moves every created_at / sent_at before 2015-01-01 (Paris) or after `now` + 1 day into range:
 * a message takes the time it was received when that is in range (else `now`); a lead takes its
 * earliest message, else its last update, else `now`. Then the derived data of the leads
 * concerned is recomputed, kpi_daily rows before 2015 are deleted and the stored days that
 * received repaired rows are aggregated again. One transaction; returns what it changed.
 */
export function repairOutOfRangeDates(sqlite: Database.Database, now: Date): DateRepair {
  const db = drizzle(sqlite, { schema }) as TenantDb;
  const at = now.getTime();
  const { min, max } = acceptedTimes(at);
  const bounds = { min, max, firstDay: EARLIEST_DAY, lastDay: dayKey(max) };
  const inRange = (ms: number | null): ms is number => ms !== null && ms >= min && ms <= max;

  return sqlite.transaction(() => {
    const touchedLeads = new Set<number>();
    const touchedDays = new Set<string>();

    const badMessages = cachedStatement(sqlite, BAD_MESSAGES).all(bounds) as BadMessage[];
    for (const m of badMessages) {
      // A day key alone may be wrong (written before keys were padded): the timestamp then stays.
      const sentAt = inRange(m.sentAt) ? m.sentAt : inRange(m.receivedAt) ? m.receivedAt : at;
      cachedStatement(sqlite, MOVE_MESSAGE).run(sentAt, dayKey(sentAt), m.id);
      touchedLeads.add(m.leadId);
      touchedDays.add(dayKey(sentAt));
    }

    // After the messages: a lead's earliest message is now in range.
    const badLeads = cachedStatement(sqlite, BAD_LEADS).all(bounds) as BadLead[];
    for (const lead of badLeads) {
      const createdAt = [lead.createdAt, lead.firstAt, lead.updatedAt].find(inRange) ?? at;
      // Time to action runs from created_at to the first booking: it moves with created_at.
      const minutes = lead.bookedAt !== null ? Math.max(0, Math.round((lead.bookedAt - createdAt) / 60_000)) : lead.minutes;
      cachedStatement(sqlite, MOVE_LEAD).run(createdAt, dayKey(createdAt), minutes, at, lead.id);
      touchedLeads.add(lead.id);
      touchedDays.add(dayKey(createdAt));
    }

    // Message order may have changed: numbers, replies, counters and created_at are derived again.
    for (const leadId of touchedLeads) recomputeConversation(db, leadId, now);
    const kpiDays = cachedStatement(sqlite, DROP_KPI_DAYS).run(EARLIEST_DAY).changes;

    // Stored history that now misses the repaired rows is rewritten; later days are live or nightly.
    const lastStored = (cachedStatement(sqlite, LAST_STORED_DAY).get() as { day: string | null }).day;
    const days = [...touchedDays].sort();
    const last = days.at(-1);
    const window = lastStored && last ? daysBetween(days[0], addDays(last < lastStored ? last : lastStored, 1)) : [];
    if (window.length) aggregateTenant(db, window, now, { recordRun: false });
    return { messages: badMessages.length, leads: badLeads.length, kpiDays, reaggregatedDays: window.length };
  }).immediate();
}

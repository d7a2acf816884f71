// The coach's home ("what must I do in the next 48 h?", seeds/002 Vue 1): the confirmed
// sessions of the next 48 hours grouped by Paris calendar day, the CRM follow-ups due today
// and the month's figures. Raw SQL prepared once per tenant file: Focus is the page opened most.
import { prepared } from "~/lib/prepared.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { leadName } from "~/crm/lead-status";
import { addDays, addMonths, dayKey, dayStart, monthKey, monthStart } from "~/kpis/paris-days.server";
import { sessionNumberSqlText } from "./session-number.server";

const HOUR = 3_600_000;
export const FOCUS_WINDOW_MS = 48 * HOUR;
export const FOLLOW_UP_LIMIT = 10;
export const TO_CLOSE_LIMIT = 10;
// Sessions last at most 8 h (session-schemas: 15–480 min): a session that started more than a
// day ago has ended, so this bound lets sessions_scheduled_idx serve the "in progress" range.
const LONGEST_SESSION_MS = 24 * HOUR;

export type FocusSession = {
  id: number;
  scheduledAt: number;
  durationMinutes: number;
  theme: string | null;
  clientId: number;
  clientName: string;
  number: number | null;
  lastMoment: string | null;
  /** Started (scheduled time passed) and not over yet: shown "en cours". */
  inProgress: boolean;
  flags: { newClient: boolean; firstSession: boolean; previousUnpaid: boolean };
};
export type ToClose = { id: number; scheduledAt: number; durationMinutes: number; clientId: number; clientName: string; number: number | null };
export type FocusDay = { day: string; label: string; sessions: FocusSession[] };
export type FollowUp = { id: number; leadId: number; leadName: string; type: string; dueAt: number; overdue: boolean; details: string | null };

type SessionRow = Omit<FocusSession, "flags" | "clientName" | "inProgress"> & {
  firstName: string;
  lastName: string;
  doneCount: number;
  previousPaidAt: number | null;
  hasPrevious: number;
};

function statements(db: TenantDb) {
  return prepared(db, "focus:v3", () => {
    const sqlite = db.$client;
    return {
      // EXISTS stops at the first row: Focus must not count every lead on each load.
      counts: sqlite.prepare("SELECT EXISTS (SELECT 1 FROM leads) AS hasLeads, EXISTS (SELECT 1 FROM clients) AS hasClients"),
      // Served by sessions_scheduled_idx (status, scheduled_at); per row, the subqueries use
      // sessions_client_idx (client_id, status, scheduled_at) and session_moments_session_idx.
      sessions: sqlite.prepare(`
        SELECT s.id, s.scheduled_at AS scheduledAt, s.duration_minutes AS durationMinutes, s.theme,
          c.id AS clientId, c.first_name AS firstName, c.last_name AS lastName,
          ${sessionNumberSqlText("s")} AS number,
          (SELECT count(*) FROM coaching_sessions d WHERE d.client_id = s.client_id AND d.status = 'completed') AS doneCount,
          -- As in the pre-brief: only the client's completed sessions before this one.
          (SELECT m.body FROM coaching_sessions ms JOIN session_moments m ON m.session_id = ms.id
            WHERE ms.client_id = s.client_id AND ms.status = 'completed' AND ms.scheduled_at < s.scheduled_at
            ORDER BY ms.scheduled_at DESC, ms.id DESC, m.id DESC LIMIT 1) AS lastMoment,
          (SELECT count(*) FROM (SELECT 1 FROM coaching_sessions p WHERE p.client_id = s.client_id AND p.status = 'completed'
            AND p.scheduled_at < s.scheduled_at LIMIT 1)) AS hasPrevious,
          (SELECT p.paid_at FROM coaching_sessions p WHERE p.client_id = s.client_id AND p.status = 'completed'
            AND p.scheduled_at < s.scheduled_at ORDER BY p.scheduled_at DESC, p.id DESC LIMIT 1) AS previousPaidAt
        FROM coaching_sessions s JOIN clients c ON c.id = s.client_id
        WHERE s.status = 'confirmed' AND s.scheduled_at >= @earliest AND s.scheduled_at <= @until
          AND s.scheduled_at + s.duration_minutes * 60000 > @from
        ORDER BY s.scheduled_at, s.id`),
      // Confirmed sessions already over: forgotten, to complete or mark absent. Most recent first.
      toClose: sqlite.prepare(`
        SELECT s.id, s.scheduled_at AS scheduledAt, s.duration_minutes AS durationMinutes,
          c.id AS clientId, c.first_name AS firstName, c.last_name AS lastName, ${sessionNumberSqlText("s")} AS number
        FROM coaching_sessions s JOIN clients c ON c.id = s.client_id
        WHERE s.status = 'confirmed' AND s.scheduled_at < @from AND s.scheduled_at + s.duration_minutes * 60000 <= @from
        ORDER BY s.scheduled_at DESC, s.id DESC LIMIT @limit`),
      toCloseCount: sqlite.prepare(
        "SELECT count(*) AS n FROM coaching_sessions s WHERE s.status = 'confirmed' AND s.scheduled_at < @from AND s.scheduled_at + s.duration_minutes * 60000 <= @from",
      ),
      // Served by activities_due_idx (state, due_at).
      followUps: sqlite.prepare(`
        SELECT a.id, a.lead_id AS leadId, a.type, a.due_at AS dueAt, a.details,
          l.first_name AS firstName, l.last_name AS lastName, l.username, l.instagram_id AS instagramId
        FROM activities a JOIN leads l ON l.id = a.lead_id
        WHERE a.state = 'planned' AND a.due_at IS NOT NULL AND a.due_at < @until
        ORDER BY a.due_at, a.id LIMIT @limit`),
      followUpCount: sqlite.prepare(
        "SELECT count(*) AS n FROM activities a JOIN leads l ON l.id = a.lead_id WHERE a.state = 'planned' AND a.due_at IS NOT NULL AND a.due_at < @until",
      ),
      month: sqlite.prepare(`
        SELECT coalesce(sum(price_cents), 0) AS revenueCents, count(*) AS sessions
        FROM coaching_sessions WHERE status = 'completed' AND scheduled_at >= @from AND scheduled_at < @until`),
    };
  });
}

const DAY_LABELS = ["Aujourd'hui", "Demain", "Après-demain"];
const longDay = new Intl.DateTimeFormat("fr-FR", { weekday: "long", day: "numeric", month: "long", timeZone: "Europe/Paris" });

/** "Aujourd'hui", "Demain", "Après-demain" — or the date, for the rare 4th day a 23-hour day lets in. */
export function dayLabel(day: string, today: string) {
  for (let i = 0; i < DAY_LABELS.length; i++) if (addDays(today, i) === day) return DAY_LABELS[i];
  const text = longDay.format(dayStart(day) + 12 * HOUR);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Sessions grouped by the Paris calendar day they start on (not 24-hour slices: DST days are 23 or 25 h). */
export function groupByParisDay(sessions: FocusSession[], now: Date | number): FocusDay[] {
  const today = dayKey(now);
  const groups = new Map<string, FocusSession[]>();
  for (const s of sessions) {
    const day = dayKey(s.scheduledAt);
    let list = groups.get(day);
    if (!list) groups.set(day, (list = []));
    list.push(s);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, list]) => ({ day, label: dayLabel(day, today), sessions: list }));
}

/**
 * Confirmed sessions not over yet and starting by now + 48 h (a session in progress stays, with
 * its "Démarrer" button), with the client's number, last marked moment and flags.
 */
export function upcomingSessions(db: TenantDb, now: Date | number = new Date()): FocusSession[] {
  const from = typeof now === "number" ? now : now.getTime();
  const rows = statements(db).sessions.all({ from, earliest: from - LONGEST_SESSION_MS, until: from + FOCUS_WINDOW_MS }) as SessionRow[];
  return rows.map(({ firstName, lastName, doneCount, previousPaidAt, hasPrevious, ...s }) => ({
    ...s,
    clientName: `${firstName} ${lastName}`.trim(),
    inProgress: s.scheduledAt <= from,
    flags: {
      newClient: doneCount === 0,
      firstSession: s.number === 1,
      previousUnpaid: hasPrevious > 0 && previousPaidAt == null,
    },
  }));
}

/** Confirmed sessions whose end has passed (most recent first, at most `limit`), with the total. */
export function sessionsToClose(db: TenantDb, now: Date | number = new Date(), limit = TO_CLOSE_LIMIT) {
  const from = typeof now === "number" ? now : now.getTime();
  const q = statements(db);
  type Row = Omit<ToClose, "clientName"> & { firstName: string; lastName: string };
  const items: ToClose[] = (q.toClose.all({ from, limit }) as Row[]).map(({ firstName, lastName, ...s }) => ({ ...s, clientName: `${firstName} ${lastName}`.trim() }));
  return { items, total: (q.toCloseCount.get({ from }) as { n: number }).n };
}

/** Planned CRM activities due by the end of today (Paris), overdue first; at most `limit`, with the total. */
export function followUpsDue(db: TenantDb, now: Date | number = new Date(), limit = FOLLOW_UP_LIMIT) {
  const at = typeof now === "number" ? now : now.getTime();
  const until = dayStart(addDays(dayKey(at), 1));
  const q = statements(db);
  type Row = { id: number; leadId: number; type: string; dueAt: number; details: string | null; firstName: string | null; lastName: string | null; username: string | null; instagramId: string | null };
  const items: FollowUp[] = (q.followUps.all({ until, limit }) as Row[]).map((r) => ({
    id: r.id,
    leadId: r.leadId,
    leadName: leadName(r),
    type: r.type,
    dueAt: r.dueAt,
    details: r.details,
    overdue: r.dueAt < at,
  }));
  return { items, total: (q.followUpCount.get({ until }) as { n: number }).n };
}

/** Revenue (cents) and count of the sessions completed in the Paris calendar month of `now`. */
export function monthFigures(db: TenantDb, now: Date | number = new Date()) {
  const month = monthKey(now);
  const row = statements(db).month.get({ from: monthStart(month), until: monthStart(addMonths(month, 1)) }) as { revenueCents: number; sessions: number };
  return { month, revenueCents: row.revenueCents, sessions: row.sessions };
}

/** Everything the Focus page shows. */
export function focusSummary(db: TenantDb, { now = new Date() }: { now?: Date } = {}) {
  const counts = statements(db).counts.get() as { hasLeads: number; hasClients: number };
  const sessions = upcomingSessions(db, now);
  return {
    hasLeads: counts.hasLeads === 1,
    hasClients: counts.hasClients === 1,
    now: now.getTime(),
    sessionCount: sessions.length,
    inProgressCount: sessions.filter((s) => s.inProgress).length,
    days: groupByParisDay(sessions, now),
    toClose: sessionsToClose(db, now),
    followUps: followUpsDue(db, now),
    month: monthFigures(db, now),
  };
}

// A client's sessions on their page (upcoming and history, each with its "Séance #N") and the
// money side. Reads only: sessions are created and changed on /dashboard/sessions/*.
import type Database from "better-sqlite3";
import { cachedStatement } from "~/lib/statements.server";
import type { SessionStatus } from "../../db/tenant.schema";
import { sessionNumberSqlText } from "./session-number.server";

export type ClientSessionRow = {
  id: number;
  scheduledAt: number;
  durationMinutes: number;
  priceCents: number;
  status: SessionStatus;
  theme: string | null;
  paid: boolean;
  /** "Séance #N"; null for a session that does not count (cancelled, no-show, refunded). */
  number: number | null;
};

const SESSIONS = `SELECT s.id, s.scheduled_at AS scheduledAt, s.duration_minutes AS durationMinutes, s.price_cents AS priceCents,
  s.status, s.theme, s.paid_at IS NOT NULL AS paid, ${sessionNumberSqlText("s")} AS number
FROM coaching_sessions s WHERE s.client_id = ? ORDER BY s.scheduled_at DESC, s.id DESC LIMIT 500`;

/** Upcoming = confirmed and not started yet (soonest first); history = all the others (latest first). */
export function clientSessions(sqlite: Database.Database, clientId: number, now = Date.now()) {
  const rows = (cachedStatement(sqlite, SESSIONS).all(clientId) as (Omit<ClientSessionRow, "paid"> & { paid: number })[]).map((r) => ({ ...r, paid: r.paid === 1 }));
  const isUpcoming = (r: ClientSessionRow) => r.status === "confirmed" && r.scheduledAt >= now;
  return { upcoming: rows.filter(isUpcoming).reverse(), history: rows.filter((r) => !isUpcoming(r)) };
}

const MONEY = `SELECT
  coalesce(sum(price_cents) FILTER (WHERE status = 'completed' AND paid_at IS NOT NULL), 0) AS paidCents,
  count(*) FILTER (WHERE status = 'completed' AND paid_at IS NOT NULL) AS paidCount,
  coalesce(sum(price_cents) FILTER (WHERE status = 'completed' AND paid_at IS NULL), 0) AS unpaidCents,
  count(*) FILTER (WHERE status = 'completed' AND paid_at IS NULL) AS unpaidCount,
  coalesce(sum(price_cents) FILTER (WHERE status = 'confirmed' AND scheduled_at >= @now), 0) AS upcomingCents,
  count(*) FILTER (WHERE status = 'confirmed' AND scheduled_at >= @now) AS upcomingCount
FROM coaching_sessions WHERE client_id = @clientId`;

export type ClientMoney = { paidCents: number; paidCount: number; unpaidCents: number; unpaidCount: number; upcomingCents: number; upcomingCount: number };

/** Completed and paid, completed and unpaid, upcoming confirmed: integer cents and counts. */
export function clientMoney(sqlite: Database.Database, clientId: number, now = Date.now()): ClientMoney {
  return cachedStatement(sqlite, MONEY).get({ clientId, now }) as ClientMoney;
}

// The health figures of a client (doneCount, lastDoneAt, nextPlannedAt) as SQL columns: the ONE
// query builder for the clients list (clients-list.server.ts, over every client) and the client
// page (clientFigures below), so both show the same badge. `clientId` is an SQL expression (a
// column such as "c.id", or a parameter); `@now` must be bound. Each column is an index seek
// into sessions_client_idx (client_id, status, scheduled_at), covering: the count reads one
// client's completed entries, the two dates stop at their first entry (ORDER BY in index order,
// LIMIT 1; see the benchmark note in clients-list.server.ts).
export const doneCountSql = (clientId: string) =>
  `(SELECT count(*) FROM coaching_sessions s WHERE s.client_id = ${clientId} AND s.status = 'completed') AS doneCount`;
export const lastDoneAtSql = (clientId: string) => `(SELECT s.scheduled_at FROM coaching_sessions s WHERE s.client_id = ${clientId} AND s.status = 'completed'
    ORDER BY s.client_id DESC, s.status DESC, s.scheduled_at DESC LIMIT 1) AS lastDoneAt`;
/** "Planned" is strictly after now: a confirmed session already started is not. */
export const nextPlannedAtSql = (clientId: string) => `(SELECT s.scheduled_at FROM coaching_sessions s WHERE s.client_id = ${clientId} AND s.status = 'confirmed' AND s.scheduled_at > @now
    ORDER BY s.client_id, s.status, s.scheduled_at LIMIT 1) AS nextPlannedAt`;

/** The three columns; the list leaves the count out (see AGGREGATE) and reads it per page. */
export const healthFiguresSql = (clientId: string, { count = true } = {}) =>
  [count ? doneCountSql(clientId) : null, lastDoneAtSql(clientId), nextPlannedAtSql(clientId)].filter(Boolean).join(",\n  ");

const FIGURES = `SELECT ${healthFiguresSql("@clientId")}`;

export function clientFigures(sqlite: Database.Database, clientId: number, now = Date.now()) {
  return cachedStatement(sqlite, FIGURES).get({ clientId, now }) as { doneCount: number; lastDoneAt: number | null; nextPlannedAt: number | null };
}

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

/**
 * The health figures of a client as SQL columns (doneCount, lastDoneAt, nextPlannedAt): three
 * index seeks into sessions_client_idx (client_id, status, scheduled_at), covering. One text for
 * the list and the client page, so both show the same badge. `@now` must be bound.
 */
export const healthFiguresSql = (clientId: string) => `
  (SELECT count(*) FROM coaching_sessions s WHERE s.client_id = ${clientId} AND s.status = 'completed') AS doneCount,
  (SELECT max(s.scheduled_at) FROM coaching_sessions s WHERE s.client_id = ${clientId} AND s.status = 'completed') AS lastDoneAt,
  (SELECT min(s.scheduled_at) FROM coaching_sessions s WHERE s.client_id = ${clientId} AND s.status = 'confirmed' AND s.scheduled_at > @now) AS nextPlannedAt`;

const FIGURES = `SELECT ${healthFiguresSql("@clientId")}`;

export function clientFigures(sqlite: Database.Database, clientId: number, now = Date.now()) {
  return cachedStatement(sqlite, FIGURES).get({ clientId, now }) as { doneCount: number; lastDoneAt: number | null; nextPlannedAt: number | null };
}

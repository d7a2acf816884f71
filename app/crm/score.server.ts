// The lead score (0–100), one documented rule computed by SQLite so that lists can sort and
// filter by the stored column at 100k leads:
//   - the coach's override, when set, wins;
//   - won = 100, lost = 0;
//   - otherwise (at most 95): status (engaged / follow_up 15, qualified 35, call_proposed 50,
//     call_booked 65, new 0) + 5 per reply received (up to 5 replies: 25) + recency of the last
//     contact (≤ 7 days: 10, ≤ 30 days: 5).
// Recency decays without any write, so the nightly job refreshes every lead; writes refresh the
// leads they touched.
import type Database from "better-sqlite3";
import { cachedStatement } from "~/lib/statements.server";

const DAY_MS = 86_400_000;

export const SCORE_SQL = `CASE
  WHEN score_override IS NOT NULL THEN score_override
  WHEN status = 'won' THEN 100
  WHEN status = 'lost' THEN 0
  ELSE min(95,
    CASE status WHEN 'engaged' THEN 15 WHEN 'follow_up' THEN 15 WHEN 'qualified' THEN 35
      WHEN 'call_proposed' THEN 50 WHEN 'call_booked' THEN 65 ELSE 0 END
    + min(messages_received, 5) * 5
    + CASE WHEN last_contact_at IS NULL THEN 0
        WHEN @now - last_contact_at <= ${7 * DAY_MS} THEN 10
        WHEN @now - last_contact_at <= ${30 * DAY_MS} THEN 5 ELSE 0 END)
END`;

const REFRESH_ALL = `UPDATE leads SET score = ${SCORE_SQL} WHERE score IS NOT (${SCORE_SQL})`;
const REFRESH_ONE = `UPDATE leads SET score = ${SCORE_SQL} WHERE id = @id AND score IS NOT (${SCORE_SQL})`;
const REFRESH_SINCE = `UPDATE leads SET score = ${SCORE_SQL} WHERE updated_at >= @since AND score IS NOT (${SCORE_SQL})`;

/** Every lead (nightly): returns how many scores changed. */
export function refreshAllScores(sqlite: Database.Database, now = new Date()) {
  return cachedStatement(sqlite, REFRESH_ALL).run({ now: now.getTime() }).changes;
}

/** The leads given (after a CRM edit). */
export function refreshScores(sqlite: Database.Database, leadIds: Iterable<number>, now = new Date()) {
  const stmt = cachedStatement(sqlite, REFRESH_ONE);
  for (const id of leadIds) stmt.run({ id, now: now.getTime() });
}

/** Leads written since `since` (after an ingestion batch or an import, which stamp updated_at). */
export function refreshScoresSince(sqlite: Database.Database, since: Date, now = new Date()) {
  return cachedStatement(sqlite, REFRESH_SINCE).run({ since: since.getTime(), now: now.getTime() }).changes;
}

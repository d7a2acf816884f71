// "Séance #N": the rank of a session among its client's numbered sessions (taken place or
// planned; see NUMBERED_STATUSES), by start time then id. A subquery per session, served by
// sessions_client_idx (client_id, status, scheduled_at): cheap for the handful of rows a page shows.
import { sql, type SQL } from "drizzle-orm";
import { NUMBERED_STATUSES } from "./session-status";

const numbered = NUMBERED_STATUSES.map((s) => `'${s}'`).join(", ");

/**
 * SQL text for the number of the coaching_sessions row aliased `alias`; NULL when that session
 * itself does not count (a cancelled one). For better-sqlite3 statements.
 */
export function sessionNumberSqlText(alias: string) {
  return `(CASE WHEN ${alias}.status IN (${numbered}) THEN (
    SELECT count(*) FROM coaching_sessions p
    WHERE p.client_id = ${alias}.client_id AND p.status IN (${numbered})
      AND (p.scheduled_at < ${alias}.scheduled_at OR (p.scheduled_at = ${alias}.scheduled_at AND p.id <= ${alias}.id))
  ) END)`;
}

/** The same for drizzle selects: `number: sessionNumberSql("coaching_sessions")`. */
export function sessionNumberSql(alias: string): SQL<number | null> {
  return sql.raw(sessionNumberSqlText(alias)) as SQL<number | null>;
}

// Goals worked on during a session: chosen among the client's goals in progress. A goal id of
// another client (or tenant) is refused whole: nothing is written.
import { and, asc, eq, inArray, or } from "drizzle-orm";
import { goals, sessionGoals } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";

/** The client's goals in progress, plus any goal already ticked for this session (even if closed since). */
export function goalChoices(db: TenantDb, session: { id: number; clientId: number }) {
  const ticked = db.select({ goalId: sessionGoals.goalId }).from(sessionGoals).where(eq(sessionGoals.sessionId, session.id)).all().map((r) => r.goalId);
  const rows = db
    .select({ id: goals.id, title: goals.title, status: goals.status, progress: goals.progress })
    .from(goals)
    .where(and(eq(goals.clientId, session.clientId), ticked.length ? or(eq(goals.status, "in_progress"), inArray(goals.id, ticked)) : eq(goals.status, "in_progress")))
    .orderBy(asc(goals.createdAt), asc(goals.id))
    .all();
  return rows.map((g) => ({ ...g, touched: ticked.includes(g.id) }));
}

/**
 * Replaces the goals touched in the session. Each id must be a goal of the session's client,
 * in progress or already ticked; otherwise false and nothing changes.
 */
export function setSessionGoals(db: TenantDb, session: { id: number; clientId: number }, goalIds: number[]) {
  const allowed = new Set(goalChoices(db, session).map((g) => g.id));
  const ids = [...new Set(goalIds)];
  if (!ids.every((id) => allowed.has(id))) return false;
  db.transaction((tx) => {
    tx.delete(sessionGoals).where(eq(sessionGoals.sessionId, session.id)).run();
    if (ids.length) tx.insert(sessionGoals).values(ids.map((goalId) => ({ sessionId: session.id, goalId }))).run();
  });
  return true;
}

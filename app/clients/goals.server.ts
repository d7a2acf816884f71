// A client's goals. Every change names the client of the URL too: a goal id from another client
// (or another tenant: not in this file at all) changes nothing and reports false.
import { and, desc, eq, sql } from "drizzle-orm";
import { goals } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";

export type Goal = typeof goals.$inferSelect;

export function listGoals(db: TenantDb, clientId: number) {
  // In progress first, then the closed ones, most recent first within each.
  return db
    .select()
    .from(goals)
    .where(eq(goals.clientId, clientId))
    .orderBy(sql`CASE ${goals.status} WHEN 'in_progress' THEN 0 ELSE 1 END`, desc(goals.createdAt), desc(goals.id))
    .all();
}

export function createGoal(db: TenantDb, clientId: number, input: { title: string; progress: number }, now = new Date()) {
  return db.insert(goals).values({ clientId, title: input.title, progress: input.progress, createdAt: now, updatedAt: now }).returning({ id: goals.id }).get().id;
}

const ofClient = (clientId: number, goalId: number) => and(eq(goals.id, goalId), eq(goals.clientId, clientId));

/** 0–100 (validated by GoalProgressSchema); true when a goal of this client changed. */
export function setGoalProgress(db: TenantDb, clientId: number, goalId: number, progress: number, now = new Date()) {
  if (!Number.isInteger(progress) || progress < 0 || progress > 100) throw new RangeError("progress must be an integer in 0..100");
  return db.update(goals).set({ progress, updatedAt: now }).where(ofClient(clientId, goalId)).run().changes === 1;
}

/** Done (progress becomes 100), abandoned (progress kept) or reopened (in progress again). */
export function setGoalStatus(db: TenantDb, clientId: number, goalId: number, status: Goal["status"], now = new Date()) {
  const set =
    status === "in_progress"
      ? { status, closedAt: null, updatedAt: now }
      : status === "done"
        ? { status, progress: 100, closedAt: now, updatedAt: now }
        : { status, closedAt: now, updatedAt: now };
  return db.update(goals).set(set).where(ofClient(clientId, goalId)).run().changes === 1;
}

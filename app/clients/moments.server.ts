// Marked moments of a session ("Déclic culpabilité"), one row each, in the order marked.
// Removing checks the moment belongs to the session of the URL: an id from elsewhere
// (another session, another tenant) removes nothing.
import { and, asc, eq } from "drizzle-orm";
import { sessionMoments } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";

export function listMoments(db: TenantDb, sessionId: number) {
  return db
    .select({ id: sessionMoments.id, body: sessionMoments.body, createdAt: sessionMoments.createdAt })
    .from(sessionMoments)
    .where(eq(sessionMoments.sessionId, sessionId))
    .orderBy(asc(sessionMoments.createdAt), asc(sessionMoments.id))
    .all();
}

export function addMoment(db: TenantDb, sessionId: number, body: string, now = new Date()) {
  return db.insert(sessionMoments).values({ sessionId, body, createdAt: now }).returning({ id: sessionMoments.id }).get().id;
}

/** True when a moment of this session was removed. */
export function removeMoment(db: TenantDb, sessionId: number, momentId: number) {
  return db.delete(sessionMoments).where(and(eq(sessionMoments.id, momentId), eq(sessionMoments.sessionId, sessionId))).run().changes === 1;
}

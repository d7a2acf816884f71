import { and, asc, count, eq, gte, inArray, lt } from "drizzle-orm";
import { clients, coachingSessions, leads } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";

const HOUR = 60 * 60 * 1000;

/** The coach's home: counts and the sessions of the next 48 hours. */
export function focusSummary(db: TenantDb, { now = new Date() }: { now?: Date } = {}) {
  const in48h = new Date(now.getTime() + 48 * HOUR);
  const leadCount = db.select({ n: count() }).from(leads).get()?.n ?? 0;
  const openLeadCount =
    db
      .select({ n: count() })
      .from(leads)
      .where(inArray(leads.status, ["new", "engaged", "qualified", "call_proposed", "call_booked", "follow_up"]))
      .get()?.n ?? 0;
  const clientCount = db.select({ n: count() }).from(clients).get()?.n ?? 0;
  const upcoming = and(eq(coachingSessions.status, "confirmed"), gte(coachingSessions.scheduledAt, now));
  const upcomingCount = db.select({ n: count() }).from(coachingSessions).where(upcoming).get()?.n ?? 0;
  const next48h = db
    .select({
      id: coachingSessions.id,
      scheduledAt: coachingSessions.scheduledAt,
      durationMinutes: coachingSessions.durationMinutes,
      theme: coachingSessions.theme,
      firstName: clients.firstName,
      lastName: clients.lastName,
    })
    .from(coachingSessions)
    .innerJoin(clients, eq(clients.id, coachingSessions.clientId))
    .where(and(upcoming, lt(coachingSessions.scheduledAt, in48h)))
    .orderBy(asc(coachingSessions.scheduledAt))
    .limit(20)
    .all();
  return { leadCount, openLeadCount, clientCount, upcomingCount, next48h };
}

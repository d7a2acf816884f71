import { and, asc, count, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { clients, coachingSessions, leads } from "../../db/tenant.schema";
import { prepared } from "~/lib/prepared.server";
import type { TenantDb } from "~/lib/tenant-db.server";

const HOUR = 60 * 60 * 1000;
const OPEN_STATUSES = ["new", "engaged", "qualified", "call_proposed", "call_booked", "follow_up"] as const;

function statements(db: TenantDb) {
  return prepared(db, "focus", () => {
    const upcoming = and(eq(coachingSessions.status, "confirmed"), gte(coachingSessions.scheduledAt, sql.placeholder("now")));
    return {
      leads: db.select({ n: count() }).from(leads).prepare(),
      openLeads: db.select({ n: count() }).from(leads).where(inArray(leads.status, [...OPEN_STATUSES])).prepare(),
      clients: db.select({ n: count() }).from(clients).prepare(),
      upcoming: db.select({ n: count() }).from(coachingSessions).where(upcoming).prepare(),
      next48h: db
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
        .where(and(upcoming, lt(coachingSessions.scheduledAt, sql.placeholder("until"))))
        .orderBy(asc(coachingSessions.scheduledAt))
        .limit(20)
        .prepare(),
    };
  });
}

/** The coach's home: counts and the sessions of the next 48 hours. */
export function focusSummary(db: TenantDb, { now = new Date() }: { now?: Date } = {}) {
  const q = statements(db);
  const at = now.getTime();
  return {
    leadCount: q.leads.get()?.n ?? 0,
    openLeadCount: q.openLeads.get()?.n ?? 0,
    clientCount: q.clients.get()?.n ?? 0,
    upcomingCount: q.upcoming.get({ now: at })?.n ?? 0,
    next48h: q.next48h.all({ now: at, until: at + 48 * HOUR }),
  };
}

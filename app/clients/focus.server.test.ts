import { describe, expect, it } from "vitest";
import { activities, clients, coachingSessions, leads, sessionMoments } from "../../db/tenant.schema";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import { parisDateTime } from "~/crm/activities.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { focusSummary, followUpsDue, groupByParisDay, monthFigures, sessionsToClose, upcomingSessions } from "./focus.server";

const paris = (day: string, time: string) => parisDateTime(day, time);

function client(db: TenantDb, firstName: string) {
  return db.insert(clients).values({ firstName, lastName: "Test" }).returning({ id: clients.id }).get().id;
}
type SessionInput = Partial<typeof coachingSessions.$inferInsert> & { clientId: number; scheduledAt: Date };
function session(db: TenantDb, values: SessionInput) {
  return db.insert(coachingSessions).values({ status: "confirmed", priceCents: 8000, ...values }).returning({ id: coachingSessions.id }).get().id;
}

describe("upcoming sessions by Paris day", () => {
  it("puts a session of the 25-hour day (DST end) in Demain when now is 2026-10-24 22:30 Paris", () => {
    const db = memoryTenant();
    const c = client(db, "Marie");
    const now = paris("2026-10-24", "22:30");
    session(db, { clientId: c, scheduledAt: paris("2026-10-24", "23:00") });
    session(db, { clientId: c, scheduledAt: paris("2026-10-25", "00:30") });
    session(db, { clientId: c, scheduledAt: paris("2026-10-25", "23:30") }); // 26 h later (25-hour day)
    session(db, { clientId: c, scheduledAt: paris("2026-10-26", "21:30") }); // exactly 48 h later: included
    session(db, { clientId: c, scheduledAt: paris("2026-10-26", "21:31") }); // beyond 48 h
    const days = groupByParisDay(upcomingSessions(db, now), now);
    expect(days.map((d) => [d.label, d.sessions.length])).toEqual([
      ["Aujourd'hui", 1],
      ["Demain", 2],
      ["Après-demain", 1],
    ]);
    expect(days[1].day).toBe("2026-10-25");
  });

  it("names a 4th calendar day by its date when a 23-hour day (DST start) lets one in", () => {
    const db = memoryTenant();
    const c = client(db, "Jean");
    const now = paris("2026-03-28", "23:30"); // the 29th has 23 hours
    session(db, { clientId: c, scheduledAt: paris("2026-03-31", "00:15") }); // 47 h 45 later
    const days = groupByParisDay(upcomingSessions(db, now), now);
    expect(days.map((d) => d.day)).toEqual(["2026-03-31"]);
    expect(days[0].label).toBe("Mardi 31 mars");
  });

  it("keeps only confirmed sessions not over yet: one in progress stays, marked en cours", () => {
    const db = memoryTenant();
    const c = client(db, "Paul");
    const now = paris("2026-11-22", "14:02");
    session(db, { clientId: c, scheduledAt: paris("2026-11-22", "13:00"), durationMinutes: 60 }); // ended 14:00
    session(db, { clientId: c, scheduledAt: paris("2026-11-22", "15:00"), status: "cancelled" });
    const running = session(db, { clientId: c, scheduledAt: paris("2026-11-22", "14:00"), durationMinutes: 60 });
    const next = session(db, { clientId: c, scheduledAt: paris("2026-11-22", "16:00") });
    const list = upcomingSessions(db, now);
    expect(list.map((s) => [s.id, s.inProgress])).toEqual([
      [running, true],
      [next, false],
    ]);
    expect(focusSummary(db, { now }).inProgressCount).toBe(1);
    expect(upcomingSessions(db, paris("2026-11-22", "15:00")).map((s) => s.id)).toEqual([next]);
  });
});

describe("flags and last marked moment", () => {
  it("flags a new client's first session", () => {
    const db = memoryTenant();
    const now = paris("2026-11-22", "08:00");
    session(db, { clientId: client(db, "Sophie"), scheduledAt: paris("2026-11-22", "10:00") });
    const [s] = upcomingSessions(db, now);
    expect(s).toMatchObject({ number: 1, lastMoment: null, flags: { newClient: true, firstSession: true, previousUnpaid: false } });
  });

  it("flags an unpaid previous completed session; a cancelled one does not count", () => {
    const db = memoryTenant();
    const now = paris("2026-11-22", "08:00");
    const c = client(db, "Marie");
    const old = session(db, { clientId: c, scheduledAt: paris("2026-11-01", "10:00"), status: "completed", paidAt: new Date() });
    const prev = session(db, { clientId: c, scheduledAt: paris("2026-11-10", "10:00"), status: "completed", paidAt: null });
    session(db, { clientId: c, scheduledAt: paris("2026-11-15", "10:00"), status: "cancelled" });
    db.insert(sessionMoments).values([{ sessionId: old, body: "Ancien" }, { sessionId: prev, body: "Premier déclic" }, { sessionId: prev, body: "Déclic culpabilité" }]).run();
    const next = session(db, { clientId: c, scheduledAt: paris("2026-11-22", "14:00") });
    // Moments of a cancelled session, of the upcoming session itself and of a later one are not "the last".
    const cancelled = session(db, { clientId: c, scheduledAt: paris("2026-11-12", "10:00"), status: "cancelled" });
    const later = session(db, { clientId: c, scheduledAt: paris("2026-12-01", "10:00") });
    db.insert(sessionMoments).values([{ sessionId: cancelled, body: "Annulée" }, { sessionId: next, body: "Pas encore" }, { sessionId: later, body: "Futur" }]).run();
    let [s] = upcomingSessions(db, now);
    expect(s).toMatchObject({ id: next, number: 3, lastMoment: "Déclic culpabilité", flags: { newClient: false, firstSession: false, previousUnpaid: true } });
    db.update(coachingSessions).set({ paidAt: new Date() }).run();
    [s] = upcomingSessions(db, now);
    expect(s.flags.previousUnpaid).toBe(false);
  });
});

describe("sessions to close", () => {
  it("lists confirmed sessions whose end has passed, most recent first, at most the limit, with the total", () => {
    const db = memoryTenant();
    const c = client(db, "Nina");
    const now = paris("2026-11-22", "14:30");
    const old = session(db, { clientId: c, scheduledAt: paris("2026-11-10", "10:00") });
    const recent = session(db, { clientId: c, scheduledAt: paris("2026-11-22", "13:00"), durationMinutes: 90 }); // ended 14:30
    const middle = session(db, { clientId: c, scheduledAt: paris("2026-11-20", "10:00") });
    session(db, { clientId: c, scheduledAt: paris("2026-11-22", "14:00"), durationMinutes: 60 }); // in progress
    session(db, { clientId: c, scheduledAt: paris("2026-11-15", "10:00"), status: "completed" });
    session(db, { clientId: c, scheduledAt: paris("2026-11-16", "10:00"), status: "cancelled" });
    const { items, total } = sessionsToClose(db, now);
    expect(items.map((s) => s.id)).toEqual([recent, middle, old]);
    expect(total).toBe(3);
    expect(items[0]).toMatchObject({ clientName: "Nina Test", number: 4 }) // 10, 15 (completed), 20, 22 Nov;
    const limited = sessionsToClose(db, now, 2);
    expect([limited.items.map((s) => s.id), limited.total]).toEqual([[recent, middle], 3]);
  });
});

describe("month figures at Paris month boundaries", () => {
  it("counts completed sessions of the Paris month only (refunded, cancelled and last month's excluded)", () => {
    const db = memoryTenant();
    const c = client(db, "Léa");
    // 1 Dec 00:30 Paris is 30 Nov 23:30 UTC: it belongs to December; 30 Nov 23:30 Paris to November.
    session(db, { clientId: c, scheduledAt: paris("2026-11-30", "23:30"), status: "completed", priceCents: 5000 });
    session(db, { clientId: c, scheduledAt: paris("2026-12-01", "00:30"), status: "completed", priceCents: 8000 });
    session(db, { clientId: c, scheduledAt: paris("2026-12-15", "10:00"), status: "completed", priceCents: 12050 });
    session(db, { clientId: c, scheduledAt: paris("2026-12-16", "10:00"), status: "refunded", priceCents: 9900 });
    session(db, { clientId: c, scheduledAt: paris("2026-12-17", "10:00"), status: "confirmed", priceCents: 9900 });
    session(db, { clientId: c, scheduledAt: paris("2027-01-01", "00:00"), status: "completed", priceCents: 7000 });
    expect(monthFigures(db, paris("2026-12-01", "00:00"))).toEqual({ month: "2026-12", revenueCents: 20050, sessions: 2 });
    expect(monthFigures(db, paris("2026-12-31", "23:59"))).toMatchObject({ revenueCents: 20050, sessions: 2 });
    expect(monthFigures(db, paris("2026-11-30", "23:59"))).toMatchObject({ month: "2026-11", revenueCents: 5000, sessions: 1 });
    expect(monthFigures(db, paris("2027-01-01", "00:00"))).toMatchObject({ revenueCents: 7000, sessions: 1 });
  });
});

describe("follow-ups due today", () => {
  it("lists planned activities due by the end of the Paris day, overdue first, at most the limit, with the total", () => {
    const db = memoryTenant();
    const now = paris("2026-11-22", "10:00");
    const lead = (firstName: string | null, username: string) =>
      db.insert(leads).values({ firstName, username, createdDay: "2026-11-01" }).returning({ id: leads.id }).get().id;
    const ana = lead("Ana", "ana");
    const anon = lead(null, "sans_nom");
    const act = (leadId: number, dueAt: Date | null, state: "planned" | "done" = "planned") => db.insert(activities).values({ leadId, type: "call", state, dueAt }).run();
    act(ana, paris("2026-11-22", "23:59"));
    act(anon, paris("2026-11-20", "09:00")); // overdue
    act(ana, paris("2026-11-22", "08:00")); // overdue (earlier today)
    act(ana, paris("2026-11-23", "00:00")); // tomorrow
    act(ana, paris("2026-11-21", "09:00"), "done");
    act(ana, null);
    const { items, total } = followUpsDue(db, now);
    expect(total).toBe(3);
    expect(items.map((i) => [i.leadName, i.overdue])).toEqual([
      ["@sans_nom", true],
      ["Ana", true],
      ["Ana", false],
    ]);
    const limited = followUpsDue(db, now, 2);
    expect([limited.items.length, limited.total]).toEqual([2, 3]);
  });
});

describe("focusSummary", () => {
  it("counts the sessions shown and the tenant's leads and clients", () => {
    const db = memoryTenant();
    const now = paris("2026-11-22", "08:00");
    const c = client(db, "Zoé");
    session(db, { clientId: c, scheduledAt: paris("2026-11-22", "09:00") });
    session(db, { clientId: c, scheduledAt: paris("2026-11-23", "09:00") });
    const f = focusSummary(db, { now });
    expect(f).toMatchObject({ hasLeads: false, hasClients: true, sessionCount: 2 });
    db.insert(leads).values({ username: "x", createdDay: "2026-11-01" }).run();
    expect(focusSummary(db, { now })).toMatchObject({ hasLeads: true, hasClients: true });
    expect(f.days.map((d) => d.label)).toEqual(["Aujourd'hui", "Demain"]);
  });
});

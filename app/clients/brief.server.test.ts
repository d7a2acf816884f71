import { describe, expect, it } from "vitest";
import { clientNotes, clients, coachingSessions, goals, leads, messages, sessionGoals, sessionMoments } from "../../db/tenant.schema";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import { parisDateTime } from "~/crm/activities.server";
import { loadBrief, requireBrief } from "./brief.server";
import { SESSION_NOT_FOUND } from "./sessions.server";

const at = (day: string, time = "10:00") => parisDateTime(day, time);

function fixture() {
  const db = memoryTenant();
  const leadId = db.insert(leads).values({ firstName: "Marie", username: "marie", createdDay: "2026-09-01" }).returning({ id: leads.id }).get().id;
  const clientId = db.insert(clients).values({ firstName: "Marie", lastName: "Dupont", leadId }).returning({ id: clients.id }).get().id;
  const add = (values: Partial<typeof coachingSessions.$inferInsert> & { scheduledAt: Date }) =>
    db.insert(coachingSessions).values({ clientId, status: "completed", ...values }).returning({ id: coachingSessions.id }).get().id;
  const first = add({ scheduledAt: at("2026-10-01"), summary: "Premier résumé", agreed: "Tenir un journal" });
  const second = add({ scheduledAt: at("2026-10-15"), summary: "Travail sur le stress", notes: "Parle vite quand il s'agit du travail", agreed: "Dire non une fois par jour" });
  add({ scheduledAt: at("2026-10-20"), status: "cancelled", summary: "Annulée : ne compte pas" });
  const next = add({ scheduledAt: at("2026-11-22", "14:00"), status: "confirmed", theme: "Gestion du stress" });
  db.insert(sessionMoments).values([{ sessionId: first, body: "Vieux moment" }, { sessionId: second, body: "Déclic culpabilité" }, { sessionId: second, body: "Rire libérateur" }]).run();
  const goalIds = db.insert(goals).values([{ clientId, title: "Oser dire non", progress: 40 }, { clientId, title: "Fini", status: "done", progress: 100 }, { clientId, title: "Autre", progress: 10 }]).returning({ id: goals.id }).all().map((g) => g.id);
  // Worked on in the second session: "Oser dire non" and "Fini"; "Autre" only in the first.
  db.insert(sessionGoals).values([{ sessionId: second, goalId: goalIds[0] }, { sessionId: second, goalId: goalIds[1] }, { sessionId: first, goalId: goalIds[2] }]).run();
  for (let i = 0; i < 7; i++) db.insert(clientNotes).values({ clientId, body: `Note ${i}`, createdAt: new Date(at("2026-10-01").getTime() + i * 86_400_000) }).run();
  for (let i = 0; i < 7; i++)
    db.insert(messages).values({ leadId, direction: i % 2 ? "in" : "out", text: `Message ${i}`, sentAt: new Date(at("2026-09-01").getTime() + i * 60_000), sentDay: "2026-09-01" }).run();
  return { db, clientId, first, second, next };
}

describe("loadBrief", () => {
  it("gathers the previous completed session, its moments, goals in progress, recent notes and the setter's last messages", () => {
    const { db, clientId, second, next } = fixture();
    const brief = loadBrief(db, next)!;
    expect(brief.session).toMatchObject({ id: next, number: 3, theme: "Gestion du stress", status: "confirmed" });
    expect(brief.client).toMatchObject({ id: clientId, name: "Marie Dupont" });
    expect(brief.previous).toMatchObject({ id: second, number: 2, summary: "Travail sur le stress", agreed: "Dire non une fois par jour", moments: ["Déclic culpabilité", "Rire libérateur"] });
    expect(brief.previous!.notes).toBe("Parle vite quand il s'agit du travail");
    expect(brief.previous!.goals.map((g) => [g.title, g.status, g.progress])).toEqual([["Oser dire non", "in_progress", 40], ["Fini", "done", 100]]);
    expect(brief.goals.map((g) => [g.title, g.progress])).toEqual([["Oser dire non", 40], ["Autre", 10]]);
    expect(brief.notes.map((n) => n.body)).toEqual(["Note 6", "Note 5", "Note 4", "Note 3", "Note 2"]);
    expect(brief.messages.map((m) => m.text)).toEqual(["Message 2", "Message 3", "Message 4", "Message 5", "Message 6"]);
  });

  it("has no previous session for a first one, and no messages for a client without a lead", () => {
    const { db, first } = fixture();
    expect(loadBrief(db, first)!.previous).toBeNull();
    const clientId = db.insert(clients).values({ firstName: "Direct", lastName: "Client" }).returning({ id: clients.id }).get().id;
    const id = db.insert(coachingSessions).values({ clientId, scheduledAt: at("2026-11-23") }).returning({ id: coachingSessions.id }).get().id;
    expect(loadBrief(db, id)).toMatchObject({ previous: null, messages: [], goals: [], notes: [] });
  });

  it("is a 404 for a missing or malformed id", () => {
    const { db } = fixture();
    for (const param of ["999", "abc", "0", "1.5", undefined]) {
      let thrown: unknown;
      try {
        requireBrief(db, param);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
    }
    expect(SESSION_NOT_FOUND).toMatch(/n'existe pas/);
  });
});

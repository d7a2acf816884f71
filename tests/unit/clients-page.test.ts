// /dashboard/clients/:clientId: contact details, goals, notes, sessions and money — each coach
// sees and changes their own clients only. Another tenant's client, goal and note ids are the
// same 404 as a missing one; hidden ids naming them change nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { args, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import * as page from "~/routes/dashboard.clients.$clientId";

const DAY = 86_400_000;
let a: SignedInCoach;
let b: SignedInCoach;
let aClient: number;
let aOther: number;
let aOtherGoal: number;
let aOtherNote: number;
let bClient: number;
let bGoal: number;
let bNote: number;
let aLead: number;

const inA = <T,>(fn: (db: TenantDb) => T) => withTenantDb(a.tenant.id, fn);
const inB = <T,>(fn: (db: TenantDb) => T) => withTenantDb(b.tenant.id, fn);
const one = (db: TenantDb, sql: string, ...p: unknown[]) => db.$client.prepare(sql).get(...p) as Record<string, unknown>;
const body = async (res: Response) => JSON.parse(await res.text());
const path = (id: number | string) => `/dashboard/clients/${id}`;
const get = (coach: SignedInCoach, id: number | string) => settle(page.loader(args(request(path(id), { cookie: coach.cookie }), { clientId: String(id) })));
const post = (coach: SignedInCoach, id: number | string, form: Record<string, string>) =>
  settle(page.action(args(request(path(id), { cookie: coach.cookie, form }), { clientId: String(id) })));
const statusAndBody = async (p: Promise<Response>) => {
  const r = await p;
  return `${r.status} ${await r.text()}`;
};

function addClient(db: TenantDb, first: string, last: string, leadId: number | null = null) {
  return (db.$client.prepare("INSERT INTO clients (lead_id, first_name, last_name, created_at, updated_at) VALUES (?, ?, ?, 0, 0) RETURNING id").get(leadId, first, last) as { id: number }).id;
}
const addGoal = (db: TenantDb, clientId: number, title: string) =>
  (db.$client.prepare("INSERT INTO goals (client_id, title, created_at, updated_at) VALUES (?, ?, 0, 0) RETURNING id").get(clientId, title) as { id: number }).id;
const addNote = (db: TenantDb, clientId: number, text: string) =>
  (db.$client.prepare("INSERT INTO client_notes (client_id, body, created_at) VALUES (?, ?, 0) RETURNING id").get(clientId, text) as { id: number }).id;

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  const now = Date.now();
  ({ aClient, aOther, aOtherGoal, aOtherNote, aLead } = await inA((db) => {
    const lead = Number(db.$client.prepare("INSERT INTO leads (instagram_id, first_name, status, created_at, created_day, updated_at) VALUES ('ig_a', 'Alice', 'won', 0, '2026-01-01', 0)").run().lastInsertRowid);
    const c = addClient(db, "Alice", "Durand", lead);
    const s = db.$client.prepare("INSERT INTO coaching_sessions (client_id, scheduled_at, price_cents, status, theme, paid_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0)");
    s.run(c, now - 30 * DAY, 8000, "completed", "Confiance", now - 29 * DAY); // #1, paid
    s.run(c, now - 20 * DAY, 9000, "cancelled", "Annulée", null); // not numbered
    s.run(c, now - 16 * DAY, 8500, "completed", "Limites", null); // #2, unpaid
    s.run(c, now + 2 * DAY, 7000, "confirmed", "Suite", null); // #3, upcoming
    const other = addClient(db, "Arthur", "Autre");
    return { aClient: c, aOther: other, aOtherGoal: addGoal(db, other, "But d'Arthur"), aOtherNote: addNote(db, other, "Note d'Arthur"), aLead: lead };
  }));
  // B's ids are pushed beyond A's, so that "B's id" cannot also be one of A's rows.
  ({ bClient, bGoal, bNote } = await inB((db) => {
    for (let i = 0; i < 5; i++) addClient(db, `B${i}`, "Secret");
    const c = addClient(db, "Bruno", "Secret");
    for (let i = 0; i < 5; i++) addGoal(db, c, `g${i}`);
    for (let i = 0; i < 5; i++) addNote(db, c, `n${i}`);
    return { bClient: c, bGoal: addGoal(db, c, "But de B"), bNote: addNote(db, c, "Note de B") };
  }));
});

describe("/dashboard/clients/:clientId", () => {
  it("shows the client, its lead, its health, numbered sessions and the money side", async () => {
    const d = await body(await get(a, aClient));
    expect(d.client).toMatchObject({ name: "Alice Durand" });
    expect(d.lead).toEqual({ id: aLead, status: "won" });
    expect(d.health).toBe("active"); // last done 16 days ago but a session is planned
    expect(d.healthReason).toBe("dernière séance il y a 16 jours, une séance prévue");
    expect(d.sessions.upcoming.map((s: { theme: string; number: number }) => [s.theme, s.number])).toEqual([["Suite", 3]]);
    expect(d.sessions.history.map((s: { theme: string; number: number | null; paid: boolean }) => [s.theme, s.number, s.paid])).toEqual([
      ["Limites", 2, false],
      ["Annulée", null, false],
      ["Confiance", 1, true],
    ]);
    expect(d.money).toEqual({ paidCents: 8000, paidCount: 1, unpaidCents: 8500, unpaidCount: 1, upcomingCents: 7000, upcomingCount: 1 });
  });

  it("answers the same 404 for another tenant's, a missing or a malformed client id, on the page and its actions", async () => {
    const bodies = await Promise.all(
      [get(a, bClient), get(a, 999999), get(a, "abc"), get(a, "0"), get(a, "1.5"), post(a, bClient, { intent: "add-note", body: "intrus" }), post(a, bClient, { intent: "fields", firstName: "X", lastName: "Y" })].map(statusAndBody),
    );
    expect(new Set(bodies)).toEqual(new Set(["404 Ce client n'existe pas (ou plus)."]));
    expect(await inB((db) => one(db, "SELECT first_name FROM clients WHERE id = ?", bClient))).toEqual({ first_name: "Bruno" });
    expect(await inB((db) => one(db, "SELECT count(*) AS n FROM client_notes WHERE body = 'intrus'"))).toEqual({ n: 0 });
    expect((await get(b, bClient)).status).toBe(200);
  });

  it("edits the contact details: field errors keep every value, then saves normalised values", async () => {
    const fields = { intent: "fields", firstName: "Alicia", lastName: "", email: "ALICIA@Example.fr", phone: "123", company: "Forme", city: "Lyon" };
    const bad = await post(a, aClient, fields);
    expect(bad.status).toBe(400);
    const { intent, result } = await body(bad);
    expect(intent).toBe("fields");
    expect(result.error.lastName).toEqual(["Le nom est obligatoire."]);
    expect(result.error.phone[0]).toMatch(/Numéro de téléphone invalide/);
    expect(result.initialValue).toMatchObject({ firstName: "Alicia", email: "ALICIA@Example.fr", phone: "123", company: "Forme", city: "Lyon" });
    expect(await inA((db) => one(db, "SELECT first_name FROM clients WHERE id = ?", aClient))).toEqual({ first_name: "Alice" });
    const good = await post(a, aClient, { ...fields, lastName: "Durand", phone: "+33 6 12 34 56 78" });
    expect(good.status).toBe(302);
    expect(good.headers.get("Location")).toBe(path(aClient));
    expect(good.headers.get("Set-Cookie")).toBeTruthy(); // the flash message
    expect(await inA((db) => one(db, "SELECT first_name, email, phone, company, city FROM clients WHERE id = ?", aClient))).toEqual({
      first_name: "Alicia", email: "alicia@example.fr", phone: "+33612345678", company: "Forme", city: "Lyon",
    });
  });

  it("creates a goal, sets its progress (0–100 only), marks it done, reopens and abandons it", async () => {
    expect((await body(await post(a, aClient, { intent: "add-goal", title: "" }))).result.error.title).toEqual(["Décrivez l'objectif."]);
    expect((await post(a, aClient, { intent: "add-goal", title: "Oser dire non", progress: "10" })).status).toBe(302);
    const goalId = (await inA((db) => one(db, "SELECT id FROM goals WHERE client_id = ? AND title = 'Oser dire non'", aClient))).id as number;
    const refused = await post(a, aClient, { intent: "goal-progress", goalId: String(goalId), progress: "150" });
    expect(refused.status).toBe(400);
    expect((await body(refused)).result).toMatchObject({ error: { progress: ["Entre 0 et 100 %."] }, initialValue: { goalId: String(goalId), progress: "150" } });
    expect((await post(a, aClient, { intent: "goal-progress", goalId: String(goalId), progress: "65" })).status).toBe(302);
    const goal = () => inA((db) => one(db, "SELECT status, progress, closed_at IS NOT NULL AS closed FROM goals WHERE id = ?", goalId));
    expect(await goal()).toEqual({ status: "in_progress", progress: 65, closed: 0 });
    await post(a, aClient, { intent: "goal-done", goalId: String(goalId) });
    expect(await goal()).toEqual({ status: "done", progress: 100, closed: 1 });
    await post(a, aClient, { intent: "goal-reopen", goalId: String(goalId) });
    expect(await goal()).toEqual({ status: "in_progress", progress: 100, closed: 0 });
    await post(a, aClient, { intent: "goal-abandon", goalId: String(goalId) });
    expect(await goal()).toEqual({ status: "abandoned", progress: 100, closed: 1 });
    const goals = (await body(await get(a, aClient))).goals;
    expect(goals.map((g: { title: string; status: string }) => [g.title, g.status])).toEqual([["Oser dire non", "abandoned"]]);
  });

  it("refuses a goal id of another tenant or another client with the same 404, changing nothing", async () => {
    const forged = [bGoal, aOtherGoal, 999999];
    const bodies = await Promise.all(
      forged.flatMap((id) =>
        ["goal-done", "goal-abandon", "goal-reopen"].map((intent) => post(a, aClient, { intent, goalId: String(id) })).concat(post(a, aClient, { intent: "goal-progress", goalId: String(id), progress: "50" })),
      ).concat(post(a, aClient, { intent: "goal-done", goalId: "abc" }), post(a, aClient, { intent: "goal-progress", goalId: "", progress: "5" })).map(statusAndBody),
    );
    expect(new Set(bodies)).toEqual(new Set(["404 Cet objectif n'existe pas."]));
    expect(await inB((db) => one(db, "SELECT status, progress FROM goals WHERE id = ?", bGoal))).toEqual({ status: "in_progress", progress: 0 });
    expect(await inA((db) => one(db, "SELECT status, progress FROM goals WHERE id = ?", aOtherGoal))).toEqual({ status: "in_progress", progress: 0 });
  });

  it("adds a note, deletes it, and refuses another tenant's or another client's note id", async () => {
    expect((await body(await post(a, aClient, { intent: "add-note", body: "  " }))).result.error.body).toEqual(["Écrivez la note."]);
    expect((await post(a, aClient, { intent: "add-note", body: "Préfère le matin" })).status).toBe(302);
    const notes = (await body(await get(a, aClient))).notes as { id: number; body: string }[];
    expect(notes.map((n) => n.body)).toEqual(["Préfère le matin"]);
    const bodies = await Promise.all([bNote, aOtherNote, 999999].map((id) => post(a, aClient, { intent: "delete-note", noteId: String(id) })).map(statusAndBody));
    expect(new Set(bodies)).toEqual(new Set(["404 Cette note n'existe pas."]));
    expect(await inB((db) => one(db, "SELECT count(*) AS n FROM client_notes WHERE id = ?", bNote))).toEqual({ n: 1 });
    expect(await inA((db) => one(db, "SELECT count(*) AS n FROM client_notes WHERE id = ?", aOtherNote))).toEqual({ n: 1 });
    expect((await post(a, aClient, { intent: "delete-note", noteId: String(notes[0].id) })).status).toBe(302);
    expect((await body(await get(a, aClient))).notes).toEqual([]);
  });

  it("refuses an unknown intent", async () => {
    expect((await post(a, aClient, { intent: "drop-table" })).status).toBe(400);
    expect((await get(a, aOther)).status).toBe(200);
  });
});

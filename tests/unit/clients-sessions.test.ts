// The session pages: each coach books and runs their own sessions only; every form's refusal is
// a 400 with a French sentence, another tenant's ids are the same 404 as missing ones.
import { beforeAll, describe, expect, it } from "vitest";
import { args, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import * as page from "~/routes/dashboard.sessions.$sessionId";
import * as create from "~/routes/dashboard.sessions.new";

let a: SignedInCoach;
let b: SignedInCoach;
let aClient: number;
let aOther: number;
let aGoal: number;
let aOtherGoal: number;
let bClient: number;
let bSession: number;
let bGoal: number;
let bMoment: number;

const inA = <T,>(fn: (db: TenantDb) => T) => withTenantDb(a.tenant.id, fn);
const inB = <T,>(fn: (db: TenantDb) => T) => withTenantDb(b.tenant.id, fn);
const one = (db: TenantDb, q: string, ...p: unknown[]) => db.$client.prepare(q).get(...p) as Record<string, unknown>;
const id = (db: TenantDb, q: string, ...p: unknown[]) => (db.$client.prepare(q).get(...p) as { id: number }).id;
const client = (db: TenantDb, first: string, last: string) => id(db, "INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES (?, ?, 0, 0) RETURNING id", first, last);
const goal = (db: TenantDb, clientId: number, title: string) =>
  id(db, "INSERT INTO goals (client_id, title, status, progress, created_at, updated_at) VALUES (?, ?, 'in_progress', 10, 0, 0) RETURNING id", clientId, title);
const session = (db: TenantDb, clientId: number, at: number, status = "confirmed") =>
  id(db, "INSERT INTO coaching_sessions (client_id, scheduled_at, duration_minutes, price_cents, status, created_at, updated_at) VALUES (?, ?, 60, 8000, ?, 0, 0) RETURNING id", clientId, at, status);

const DAY = 86_400_000;
const past = (days: number) => Date.now() - days * DAY;

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  ({ aClient, aOther, aGoal, aOtherGoal } = await inA((db) => {
    const c = client(db, "Marie", "Dupont");
    const o = client(db, "Jean", "Martin");
    return { aClient: c, aOther: o, aGoal: goal(db, c, "Oser dire non"), aOtherGoal: goal(db, o, "Objectif de Jean") };
  }));
  // B's ids are chosen beyond A's, so that "B's id" cannot also be one of A's rows.
  ({ bClient, bSession, bGoal, bMoment } = await inB((db) => {
    for (let i = 0; i < 5; i++) client(db, `Bruno${i}`, "Secret");
    const c = client(db, "Béatrice", "Secret");
    for (let i = 0; i < 40; i++) session(db, c, past(100 + i), "completed");
    for (let i = 0; i < 5; i++) goal(db, c, `g${i}`);
    const s = session(db, c, past(2));
    for (let i = 0; i < 40; i++) db.$client.prepare("INSERT INTO session_moments (session_id, body, created_at) VALUES (?, 'x', 0)").run(s);
    return {
      bClient: c,
      bSession: s,
      bGoal: goal(db, c, "Secret de B"),
      bMoment: id(db, "INSERT INTO session_moments (session_id, body, created_at) VALUES (?, 'Moment de B', 0) RETURNING id", s),
    };
  }));
});

const path = (sid: number | string) => `/dashboard/sessions/${sid}`;
const get = (coach: SignedInCoach, sid: number | string) => settle(page.loader(args(request(path(sid), { cookie: coach.cookie }), { sessionId: String(sid) })));
const post = (coach: SignedInCoach, sid: number | string, form: Record<string, string>) =>
  settle(page.action(args(request(path(sid), { cookie: coach.cookie, form }), { sessionId: String(sid) })));
const postGoals = (coach: SignedInCoach, sid: number, goalIds: number[]) => {
  const body = new URLSearchParams([["intent", "goals"], ...goalIds.map((g) => ["goalId", String(g)])]);
  const req = new Request(`http://localhost${path(sid)}`, { method: "POST", headers: { Cookie: coach.cookie, Origin: "http://localhost" }, body });
  return settle(page.action(args(req, { sessionId: String(sid) })));
};
const book = (coach: SignedInCoach, form: Record<string, string>) => settle(create.action(args(request("/dashboard/sessions/new", { cookie: coach.cookie, form }))));
const json = async (res: Response) => JSON.parse(await res.text());
const newId = (res: Response) => Number(/\/dashboard\/sessions\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
const row = (sid: number) => inA((db) => one(db, "SELECT * FROM coaching_sessions WHERE id = ?", sid));

describe("/dashboard/sessions/new", () => {
  it("preselects only the coach's own client", async () => {
    const load = (clientId: number) => settle(create.loader(args(request(`/dashboard/sessions/new?clientId=${clientId}`, { cookie: a.cookie }))));
    expect((await json(await load(aOther))).defaults.clientId).toBe(aOther);
    const foreign = await json(await load(bClient));
    expect(foreign.defaults.clientId).toBeUndefined();
    expect(foreign.clients.map((c: { name: string }) => c.name)).toEqual(["Marie Dupont", "Jean Martin"]);
  });

  it("names the field of each error and keeps the typed values", async () => {
    const typed = { clientId: String(aClient), date: "2026-03-29", time: "02:30", duration: "60", price: "-5", theme: "Stress" };
    const bad = await book(a, typed);
    expect(bad.status).toBe(400);
    const r = await json(bad);
    expect(r.error.price).toEqual(["Le prix ne peut pas être négatif."]);
    expect(r.error.time[0]).toMatch(/n'existe pas à Paris/);
    expect(r.initialValue).toMatchObject({ theme: "Stress", price: "-5", date: "2026-03-29" });
    const short = await json(await book(a, { ...typed, time: "10:00", price: "80", duration: "10" }));
    expect(short.error.duration[0]).toMatch(/entre 15 et 480/);
    const typo = await book(a, { ...typed, time: "10:00", price: "8000000" });
    expect(typo.status).toBe(400);
    expect((await json(typo)).error.price).toEqual(["Le prix dépasse 10 000 € : vérifiez le montant."]);
  });

  it("refuses another tenant's client as a missing one, and writes nothing", async () => {
    const before = await inB((db) => one(db, "SELECT count(*) n FROM coaching_sessions"));
    const bad = await book(a, { clientId: String(bClient), date: "2026-06-01", time: "10:00", duration: "60", price: "80" });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.clientId).toEqual(["Choisissez un client de la liste."]);
    expect(await inB((db) => one(db, "SELECT count(*) n FROM coaching_sessions"))).toEqual(before);
    expect(await inA((db) => one(db, "SELECT count(*) n FROM coaching_sessions WHERE client_id = ?", bClient))).toEqual({ n: 0 });
  });

  it("books a session in euros and Paris time, then refuses an overlapping one by name", async () => {
    const ok = await book(a, { clientId: String(aClient), date: "2026-06-01", time: "10:00", duration: "60", price: "80,50", theme: "Stress" });
    expect(ok.status).toBe(302);
    expect(await row(newId(ok))).toMatchObject({ client_id: aClient, scheduled_at: Date.UTC(2026, 5, 1, 8), price_cents: 8050, duration_minutes: 60, status: "confirmed", theme: "Stress" });
    const clash = await book(a, { clientId: String(aOther), date: "2026-06-01", time: "10:30", duration: "30", price: "80" });
    expect((await json(clash)).error.time).toEqual(["Chevauche la séance de Marie Dupont le 1 juin à 10:00."]);
    expect((await book(a, { clientId: String(aOther), date: "2026-06-01", time: "11:00", duration: "30", price: "0" })).status).toBe(302);
  });
});

describe("/dashboard/sessions/:sessionId", () => {
  it("shows the coach's session with its number; a missing, malformed or other tenant's id is the same 404", async () => {
    const { claire, sid } = await inA((db) => {
      const c = client(db, "Claire", "Petit");
      session(db, c, past(40));
      session(db, c, past(35), "cancelled");
      return { claire: c, sid: session(db, c, past(30)) };
    });
    const page1 = await json(await get(a, sid));
    expect(page1.session).toMatchObject({ clientName: "Claire Petit", clientId: claire, number: 2, status: "confirmed", priceCents: 8000 });
    const misses = await Promise.all([get(a, bSession), get(a, 999999), get(a, "abc"), get(a, "0"), post(a, bSession, { intent: "cancel" })].map(async (p) => {
      const r = await p;
      return `${r.status} ${await r.text()}`;
    }));
    expect(new Set(misses)).toEqual(new Set(["404 Cette séance n'existe pas (ou plus)."]));
    expect((await get(b, bSession)).status).toBe(200);
    expect(await inB((db) => one(db, "SELECT status FROM coaching_sessions WHERE id = ?", bSession))).toEqual({ status: "confirmed" });
  });

  it("runs a session: start, notes, moments, goals, complete, paid, refund", async () => {
    const sid = await inA((db) => session(db, aClient, past(1)));
    expect((await post(a, sid, { intent: "start" })).status).toBe(302);
    expect((await row(sid)).started_at).toEqual(expect.any(Number));
    expect((await post(a, sid, { intent: "notes", notes: "Fatigue au travail" })).status).toBe(302);
    expect((await row(sid)).notes).toBe("Fatigue au travail");

    // The recording form carries notes and the summary being written with each button: adding a
    // moment without JavaScript saves them too, and an emptied field is cleared.
    expect((await post(a, sid, { intent: "add-moment", body: "Déclic culpabilité", notes: "Fatigue, culpabilité", summary: "Brouillon", agreed: "" })).status).toBe(302);
    expect(await row(sid)).toMatchObject({ notes: "Fatigue, culpabilité", summary: "Brouillon", agreed: null });
    const viaFetcher = await post(a, sid, { intent: "add-moment", body: "Premier non", via: "fetcher" });
    expect(viaFetcher.status).toBe(200);
    expect((await json(viaFetcher)).added).toBe(true);
    expect((await json(await post(a, sid, { intent: "add-moment", body: "  ", notes: "" }))).result.error.body).toEqual(["Décrivez le moment."]);
    expect((await row(sid)).notes).toBeNull();
    const moments = (await json(await get(a, sid))).moments;
    expect(moments.map((m: { body: string }) => m.body)).toEqual(["Déclic culpabilité", "Premier non"]);
    expect((await post(a, sid, { intent: "remove-moment", momentId: String(moments[1].id) })).status).toBe(302);

    expect((await postGoals(a, sid, [aGoal])).status).toBe(302);
    expect((await json(await get(a, sid))).goals).toEqual([expect.objectContaining({ id: aGoal, touched: true })]);

    const noSummary = await post(a, sid, { intent: "complete", summary: "" });
    expect(noSummary.status).toBe(400);
    expect((await json(noSummary)).result.error.summary).toEqual(["Écrivez le résumé de la séance."]);
    expect((await post(a, sid, { intent: "complete", summary: "Bonne séance", agreed: "Dire non une fois" })).status).toBe(302);
    expect(await row(sid)).toMatchObject({ status: "completed", summary: "Bonne séance", agreed: "Dire non une fois" });

    expect((await post(a, sid, { intent: "paid" })).status).toBe(302);
    expect((await row(sid)).paid_at).toEqual(expect.any(Number));
    expect((await post(a, sid, { intent: "unpaid" })).status).toBe(302);
    expect((await row(sid)).paid_at).toBeNull();
    const unpaid = await post(a, sid, { intent: "refund" });
    expect(unpaid.status).toBe(400);
    expect((await json(unpaid)).refused).toBe("Cette séance n'a pas été payée : rien à rembourser.");
    expect((await row(sid)).status).toBe("completed");
    expect((await post(a, sid, { intent: "paid" })).status).toBe(302);
    expect((await post(a, sid, { intent: "refund" })).status).toBe(302);
    expect(await row(sid)).toMatchObject({ status: "refunded", refunded_at: expect.any(Number) });

    const again = await post(a, sid, { intent: "cancel" });
    expect(again.status).toBe(400);
    expect((await json(again)).refused).toMatch(/« Remboursée » : elle ne peut pas être annulée/);
    expect((await post(a, sid, { intent: "nope" })).status).toBe(400);
  });

  it("refuses to complete or mark absent a future session; reschedules, cancels, marks no-show", async () => {
    const future = await inA((db) => session(db, aClient, Date.now() + 10 * DAY));
    const early = await post(a, future, { intent: "complete", summary: "Trop tôt" });
    expect(early.status).toBe(400);
    expect((await json(early)).refused).toMatch(/une séance réalisée ne peut pas être dans le futur/);
    expect((await json(await post(a, future, { intent: "no-show" }))).refused).toMatch(/une fois l'heure de la séance passée/);
    expect((await row(future)).status).toBe("confirmed");

    const tooEarly = await post(a, future, { intent: "start" });
    expect(tooEarly.status).toBe(400);
    expect((await json(tooEarly)).refused).toMatch(/^La séance commence le .+ : vous pourrez la démarrer 30 minutes avant\.$/);
    expect((await row(future)).started_at).toBeNull();

    const moved = await post(a, future, { intent: "reschedule", date: "2026-03-29", time: "02:15", duration: "45" });
    expect((await json(moved)).result.error.time[0]).toMatch(/n'existe pas à Paris/);
    expect((await post(a, future, { intent: "reschedule", date: "2031-01-10", time: "09:00", duration: "45" })).status).toBe(302);
    expect(await row(future)).toMatchObject({ scheduled_at: Date.UTC(2031, 0, 10, 8), duration_minutes: 45 });
    expect((await post(a, future, { intent: "cancel" })).status).toBe(302);
    expect(await row(future)).toMatchObject({ status: "cancelled", cancelled_at: expect.any(Number) });
    const closed = await post(a, future, { intent: "complete", summary: "Trop tard", notes: "x" });
    expect((await json(closed)).refused).toBe("Cette séance est « Annulée » : elle ne peut pas être marquée réalisée.");
    expect((await row(future)).notes).toBeNull();

    const missed = await inA((db) => session(db, aOther, past(3)));
    expect((await post(a, missed, { intent: "no-show" })).status).toBe(302);
    expect((await row(missed)).status).toBe("no_show");
    expect((await json(await post(a, missed, { intent: "notes", notes: "x" }))).refused).toMatch(/on n'y note plus rien/);
  });

  it("refuses another tenant's moment and goal, and another client's goal, as missing; hidden ids change nothing", async () => {
    const sid = await inA((db) => session(db, aClient, past(5)));
    const bodies = await Promise.all(
      [post(a, sid, { intent: "remove-moment", momentId: String(bMoment) }), post(a, sid, { intent: "remove-moment", momentId: "999999" })].map(async (p) => {
        const r = await p;
        return `${r.status} ${await r.text()}`;
      }),
    );
    expect(new Set(bodies)).toEqual(new Set(["404 Ce moment n'existe pas."]));
    for (const g of [bGoal, aOtherGoal, 999999]) {
      const r = await postGoals(a, sid, [aGoal, g]);
      expect(`${r.status} ${await r.text()}`).toBe("404 Cet objectif n'existe pas.");
    }
    expect(await inA((db) => one(db, "SELECT count(*) n FROM session_goals WHERE session_id = ?", sid))).toEqual({ n: 0 });
    expect(await inB((db) => one(db, "SELECT body FROM session_moments WHERE id = ?", bMoment))).toEqual({ body: "Moment de B" });

    // A hidden clientId or sessionId in a form is not read: the session of the URL, in the coach's tenant, is the one changed.
    await post(a, sid, { intent: "notes", notes: "À moi", clientId: String(bClient), sessionId: String(bSession) });
    expect(await row(sid)).toMatchObject({ client_id: aClient, notes: "À moi" });
    expect(await inB((db) => one(db, "SELECT notes, client_id FROM coaching_sessions WHERE id = ?", bSession))).toEqual({ notes: null, client_id: bClient });
  });
});

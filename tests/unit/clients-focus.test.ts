// Focus, the pre-brief route and the pre-brief email setting: each coach sees and changes their own data only.
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { activities, clients, coachingSessions, leads, sessionMoments } from "../../db/tenant.schema";
import { args, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { prebriefEmailEnabled } from "~/clients/prebrief-settings.server";
import * as focus from "~/routes/dashboard._index";
import * as brief from "~/routes/dashboard.sessions.$sessionId_.brief";
import * as briefJson from "~/routes/dashboard.sessions.$sessionId_.brief[.]json";
import * as settings from "~/routes/dashboard.settings";

const HOUR = 3_600_000;
let a: SignedInCoach;
let b: SignedInCoach;
let aSession: number;
let bSession: number;

function seed(db: TenantDb, name: string, sessions: number) {
  const clientId = db.insert(clients).values({ firstName: name, lastName: "Client" }).returning({ id: clients.id }).get().id;
  const done = db
    .insert(coachingSessions)
    .values({ clientId, status: "completed", scheduledAt: new Date(Date.now() - 72 * HOUR), summary: `Résumé de ${name}`, priceCents: 8000 })
    .returning({ id: coachingSessions.id })
    .get().id;
  db.insert(sessionMoments).values({ sessionId: done, body: `Moment de ${name}` }).run();
  const ids: number[] = [];
  for (let i = 0; i < sessions; i++) {
    ids.push(db.insert(coachingSessions).values({ clientId, scheduledAt: new Date(Date.now() + (i + 1) * HOUR) }).returning({ id: coachingSessions.id }).get().id);
  }
  const leadId = db.insert(leads).values({ firstName: `Lead ${name}`, createdDay: "2026-11-01" }).returning({ id: leads.id }).get().id;
  db.insert(activities).values({ leadId, type: "call", dueAt: new Date(Date.now() - HOUR) }).run();
  return ids;
}

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  [aSession] = await withTenantDb(a.tenant.id, (db) => seed(db, "Alice", 1));
  // B's session ids go beyond A's, so that "B's id" cannot also be one of A's rows.
  const bIds = await withTenantDb(b.tenant.id, (db) => seed(db, "Bruno", 3));
  bSession = bIds[2];
});

const body = async (res: Response) => JSON.parse(await res.text());
const getFocus = (coach: SignedInCoach, path = "/dashboard") => settle(focus.loader(args(request(path, { cookie: coach.cookie }))));
const getBrief = (coach: SignedInCoach, id: number | string) =>
  settle(brief.loader(args(request(`/dashboard/sessions/${id}/brief`, { cookie: coach.cookie }), { sessionId: String(id) })));

describe("/dashboard (Focus)", () => {
  it("shows the coach's own sessions of the next 48 h, follow-ups and month, whatever tenant id is put in the URL", async () => {
    const data = await body(await getFocus(a, `/dashboard?tenantId=${b.tenant.id}`));
    expect(data.firstName).toBe("Alpha");
    expect(data.sessionCount).toBe(1);
    const sessions = data.days.flatMap((d: { sessions: unknown[] }) => d.sessions);
    expect(sessions).toEqual([expect.objectContaining({ id: aSession, clientName: "Alice Client", number: 2, lastMoment: "Moment de Alice" })]);
    expect(data.followUps.items.map((f: { leadName: string; overdue: boolean }) => [f.leadName, f.overdue])).toEqual([["Lead Alice", true]]);
    const other = await body(await getFocus(b));
    expect(other.sessionCount).toBe(3);
    expect(JSON.stringify(other)).not.toContain("Alice");
  });

  it("sends a signed-out visitor to the login page", async () => {
    const res = await settle(focus.loader(args(request("/dashboard"))));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("/dashboard/sessions/:sessionId/brief", () => {
  it("gives the coach's pre-brief", async () => {
    const res = await getBrief(a, aSession);
    expect(res.status).toBe(200);
    const { brief: data } = await body(res);
    expect(data.client.name).toBe("Alice Client");
    expect(data.previous).toMatchObject({ summary: "Résumé de Alice", moments: ["Moment de Alice"] });
  });

  it("answers another tenant's session id with the same 404 as a missing or malformed one", async () => {
    const answers = await Promise.all(
      [bSession, 999999, "abc", "0", "1.5"].map(async (id) => {
        const r = await getBrief(a, id);
        return `${r.status} ${await r.text()}`;
      }),
    );
    expect(answers[0]).toMatch(/^404 /);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).not.toContain("Bruno");
  });
});

describe("/dashboard/sessions/:sessionId/brief.json (Focus's dialog)", () => {
  const getJson = (coach: SignedInCoach, id: number | string) =>
    settle(briefJson.loader(args(request(`/dashboard/sessions/${id}/brief.json`, { cookie: coach.cookie }), { sessionId: String(id) })));

  it("gives the coach's pre-brief as data", async () => {
    const res = await getJson(a, aSession);
    expect(res.status).toBe(200);
    expect((await body(res)).brief.client.name).toBe("Alice Client");
  });

  it("answers a session gone meanwhile with a returned {brief: null} 404 (not a thrown one that would replace Focus)", async () => {
    const gone = await withTenantDb(a.tenant.id, (db) =>
      db.insert(coachingSessions).values({ clientId: 1, scheduledAt: new Date(Date.now() + 2 * HOUR) }).returning({ id: coachingSessions.id }).get().id,
    );
    expect((await getJson(a, gone)).status).toBe(200);
    await withTenantDb(a.tenant.id, (db) => db.delete(coachingSessions).where(eq(coachingSessions.id, gone)).run());
    // settle() turns a thrown Response into a returned one: a returned one has no thrown marker.
    const result = await briefJson.loader(args(request(`/dashboard/sessions/${gone}/brief.json`, { cookie: a.cookie }), { sessionId: String(gone) }));
    expect(result).toBeInstanceOf(Response);
    expect((result as Response).status).toBe(404);
    expect(await body(result as Response)).toEqual({ sessionId: String(gone), brief: null });
  });

  it("answers another tenant's session id as a missing one, without its data", async () => {
    for (const id of [bSession, 999999, "abc"]) {
      const res = await getJson(a, id);
      expect(res.status).toBe(404);
      expect(await body(res)).toEqual({ sessionId: String(id), brief: null });
    }
  });
});

describe("pre-brief email setting (/dashboard/settings)", () => {
  const post = (coach: SignedInCoach, form: Record<string, string>) => settle(settings.action(args(request("/dashboard/settings", { cookie: coach.cookie, form }))));

  it("turns the coach's own setting on and off (an unchecked box is absent), never another tenant's", async () => {
    let res = await post(a, { intent: "save-prebrief", prebriefEmail: "on", tenantId: b.tenant.id });
    expect(res.status).toBe(302);
    expect(await withTenantDb(a.tenant.id, prebriefEmailEnabled)).toBe(true);
    expect(await withTenantDb(b.tenant.id, prebriefEmailEnabled)).toBe(false);
    expect((await body(await settle(settings.loader(args(request("/dashboard/settings", { cookie: a.cookie })))))).prebriefEmail).toBe(true);
    res = await post(a, { intent: "save-prebrief" });
    expect(res.status).toBe(302);
    expect(await withTenantDb(a.tenant.id, prebriefEmailEnabled)).toBe(false);
  });
});

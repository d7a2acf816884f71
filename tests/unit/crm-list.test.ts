// The leads list and its saved segments: data from the session's tenant only; another tenant's
// segment id is a 404 with the same body as a missing one, and changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { leads } from "../../db/tenant.schema";
import { args, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { dayKey } from "~/kpis/paris-days.server";
import { withTenantDb } from "~/lib/tenant-db.server";
import * as list from "~/routes/dashboard.leads._index";
import * as exportCsv from "~/routes/dashboard.leads.export[.]csv";
import * as pipeline from "~/routes/dashboard.pipeline";

let a: SignedInCoach;
let b: SignedInCoach;
let bSegment: number;

const body = async (res: Response) => JSON.parse(await res.text());
const seed = (tenantId: string, prefix: string, n: number) =>
  withTenantDb(tenantId, (db) => {
    const now = new Date();
    db.insert(leads)
      .values(Array.from({ length: n }, (_, i) => ({ instagramId: `${prefix}${i}`, firstName: `${prefix}-prenom${i}`, lastName: "Martin", company: i % 2 ? "Forme SAS" : null, status: i % 3 ? "engaged" : "qualified", tags: i < 3 ? ["chaud"] : [], createdAt: now, createdDay: dayKey(now), source: "story" } as const)))
      .run();
  });

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  await seed(a.tenant.id, "alpha", 60);
  await seed(b.tenant.id, "beta", 5);
  // An id that exists in B's file only (ids are per file): what a forged form would name.
  await withTenantDb(b.tenant.id, (db) => db.$client.prepare("INSERT INTO leads (id, instagram_id, first_name, status, created_at, created_day, updated_at) VALUES (777, 'b777', 'beta-777', 'new', 0, '2026-11-01', 0)").run());
  bSegment = await withTenantDb(b.tenant.id, (db) => Number(db.$client.prepare("INSERT INTO segments (id, name, query, created_at) VALUES (42, 'B seg', 'tag=chaud', 0)").run().lastInsertRowid));
});

const get = (coach: SignedInCoach, qs: string) => settle(list.loader(args(request(`/dashboard/leads${qs}`, { cookie: coach.cookie }))));
const post = (coach: SignedInCoach, form: Record<string, string>) => settle(list.action(args(request("/dashboard/leads?index", { cookie: coach.cookie, form }))));

describe("/dashboard/leads", () => {
  it("lists the session's tenant's leads, 50 per page, with the total", async () => {
    const p1 = await body(await get(a, "?sort=name_asc"));
    expect(p1.total).toBe(60);
    expect(p1.rows).toHaveLength(50);
    expect(p1.pageCount).toBe(2);
    const p2 = await body(await get(a, "?sort=name_asc&page=2"));
    expect(p2.rows).toHaveLength(10);
    expect(new Set([...p1.rows, ...p2.rows].map((r: { id: number }) => r.id)).size).toBe(60);
    expect(JSON.stringify(p1)).not.toContain("beta");
    expect(p1.choices).toEqual({ sources: ["story"], tags: ["chaud"] });
  });

  it("filters by search, status and tag from the URL", async () => {
    const res = await body(await get(a, "?q=prenom1&status=qualified&tag=chaud"));
    expect(res.rows.map((r: { firstName: string }) => r.firstName)).toEqual([]); // prenom1.. are engaged or untagged
    const messy = await get(a, "?tag=chaud&q=&source=&status=qualified&sort=created_desc&blacklisted=no&page=1");
    expect(messy.headers.get("Location")).toBe("/dashboard/leads?status=qualified&tag=chaud"); // what a GET form sends, made canonical
    const hot = await body(await get(a, "?status=qualified&tag=chaud"));
    expect(hot.rows.map((r: { firstName: string }) => r.firstName)).toEqual(["alpha-prenom0"]);
    expect(hot.filtered).toBe(true);
  });

  it("saves a segment (unique name, normalised query) and reopens it", async () => {
    const res = await post(a, { intent: "save-segment", name: "Chauds", query: "page=4&tag=chaud&bogus=1" });
    expect(res.status).toBe(302);
    const id = Number(new URL(res.headers.get("Location")!, "http://x").searchParams.get("segment"));
    const seg = await body(await get(a, `?segment=${id}`));
    expect(seg.total).toBe(3);
    expect(seg.segments).toEqual([{ id, name: "Chauds", query: "tag=chaud" }]);
    const dup = await post(a, { intent: "save-segment", name: "chauds", query: "status=won" });
    expect(dup.status).toBe(400);
    expect((await body(dup)).result.error.name[0]).toContain("déjà");
  });

  it("refuses another tenant's segment id like a missing one, and cannot delete it", async () => {
    const foreign = await get(a, `?segment=${bSegment}`);
    const missing = await get(a, "?segment=999999");
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).toBe(await missing.text());
    const del = await post(a, { intent: "delete-segment", segmentId: String(bSegment) });
    expect(del.status).toBe(404);
    expect((await body(await get(b, `?segment=${bSegment}`))).total).toBe(3);
  });
});

describe("/dashboard/leads/export.csv", () => {
  const csv = (coach: SignedInCoach, qs: string) => settle(exportCsv.loader(args(request(`/dashboard/leads/export.csv${qs}`, { cookie: coach.cookie }))));
  const lines = async (res: Response) => (await res.text()).replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);

  it("downloads the filtered view of the session's tenant as a dated attachment", async () => {
    const res = await csv(a, "?tag=chaud&sort=name_asc");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = await lines(res);
    expect(rows[0].startsWith("prénom;nom;email")).toBe(true);
    expect(rows.slice(1).map((r) => r.split(";")[0])).toEqual(["alpha-prenom0", "alpha-prenom1", "alpha-prenom2"]);
    const all = await lines(await csv(a, "?delimiter=comma"));
    expect(all).toHaveLength(61);
    expect(all.join("\n")).not.toContain("beta");
  });

  it("exports selected ids only when they are this tenant's; another tenant's segment is a 404", async () => {
    const bIds = await withTenantDb(b.tenant.id, (db) => db.$client.prepare("SELECT id FROM leads").pluck().all() as number[]);
    const aIds = await withTenantDb(a.tenant.id, (db) => db.$client.prepare("SELECT id FROM leads ORDER BY id LIMIT 2").pluck().all() as number[]);
    const rows = await lines(await csv(a, `?ids=${[...aIds, ...bIds.map((id) => id + 1000)].join(",")}`));
    expect(rows).toHaveLength(3);
    expect((await csv(a, `?segment=${bSegment}`)).status).toBe(404);
  });

  it("runs one export per coach at a time: a second of the same coach gets a 429 page saying so, others are not held up", async () => {
    const first = await csv(a, "");
    const second = await csv(a, "?tag=chaud&sort=name_asc");
    const other = await csv(b, "");
    expect([first.status, second.status, other.status]).toEqual([200, 429, 200]);
    expect(second.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(second.headers.get("Retry-After")).toBeTruthy();
    const page = await second.text();
    expect(page).toContain("Un export est déjà en cours, réessayez dans un instant.");
    expect(page).toContain('href="/dashboard/leads?tag=chaud&#38;sort=name_asc"');
    expect((await csv(b, "")).status).toBe(429);
    // The first download read to the end, the other cancelled by the client: both slots free.
    expect(await lines(first)).toHaveLength(61);
    await other.body!.cancel();
    await new Promise((r) => setTimeout(r, 20));
    const again = [await csv(a, "?tag=chaud"), await csv(b, "")];
    expect(again.map((r) => r.status)).toEqual([200, 200]);
    expect(await lines(again[0])).toHaveLength(4);
    expect(await lines(again[1])).toHaveLength(7);
  });

  it("answers HEAD with the headers only", async () => {
    const res = await settle(exportCsv.loader(args(request("/dashboard/leads/export.csv", { cookie: a.cookie, method: "HEAD" }))));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toContain("attachment");
    expect(res.body).toBeNull();
  });
});

describe("/dashboard/pipeline", () => {
  const load = (coach: SignedInCoach, qs = "") => settle(pipeline.loader(args(request(`/dashboard/pipeline${qs}`, { cookie: coach.cookie }))));
  const move = (coach: SignedInCoach, form: Record<string, string>) => settle(pipeline.action(args(request("/dashboard/pipeline", { cookie: coach.cookie, form: { intent: "move", ...form } }))));
  type Col = { status: string; count: number; totalCents: number; cards: { id: number; score: number }[] };
  const column = (cols: Col[], status: string) => cols.find((c) => c.status === status)!;
  const statusOf = (tenantId: string, id: number) => withTenantDb(tenantId, (db) => (db.$client.prepare("SELECT status FROM leads WHERE id = ?").get(id) as { status: string } | undefined)?.status);

  it("shows one column per status in funnel order with counts over the filtered set", async () => {
    const { columns } = await body(await load(a));
    expect(columns.map((c: Col) => c.status)).toEqual(["new", "engaged", "qualified", "call_proposed", "call_booked", "follow_up", "won", "lost"]);
    expect(column(columns, "engaged").count + column(columns, "qualified").count).toBe(60);
    const hot = await body(await load(a, "?tag=chaud"));
    expect(hot.columns.reduce((n: number, c: Col) => n + c.count, 0)).toBe(3);
  });

  it("moves a lead (select form), refreshes its score and goes back to the filtered board", async () => {
    const res = await move(a, { leadId: "2", status: "call_booked", query: "tag=chaud&page=2" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/dashboard/pipeline?tag=chaud");
    expect(await statusOf(a.tenant.id, 2)).toBe("call_booked");
    const { columns } = await body(await load(a));
    expect(column(columns, "call_booked").cards[0]).toMatchObject({ id: 2, score: 65 });
  });

  it("sends a move to lost to the lead page for its reason, changing nothing yet", async () => {
    const res = await move(a, { leadId: "3", status: "lost" });
    expect(res.headers.get("Location")).toBe("/dashboard/leads/3?lost=1");
    expect(await statusOf(a.tenant.id, 3)).not.toBe("lost");
  });

  it("refuses another tenant's lead like a missing one, and a bad status", async () => {
    const foreign = await move(a, { leadId: "777", status: "won" });
    const missing = await move(a, { leadId: "99999", status: "won" });
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).toBe(await missing.text());
    expect((await move(a, { leadId: "777", status: "lost" })).status).toBe(404);
    expect(await statusOf(b.tenant.id, 777)).toBe("new");
    expect((await move(a, { leadId: "2", status: "archived" })).status).toBe(400);
    expect((await load(a, `?segment=${bSegment}`)).status).toBe(404);
  });
});

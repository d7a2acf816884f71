// /dashboard/clients and /dashboard/clients/new: the session's tenant's clients only, filters
// and sort from the URL, pages of 50; creation with field errors and normalised values.
import { beforeAll, describe, expect, it } from "vitest";
import { args, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { withTenantDb } from "~/lib/tenant-db.server";
import * as list from "~/routes/dashboard.clients._index";
import * as create from "~/routes/dashboard.clients.new";

const DAY = 86_400_000;
let a: SignedInCoach;
let b: SignedInCoach;

const body = async (res: Response) => JSON.parse(await res.text());
const get = (coach: SignedInCoach, qs = "") => settle(list.loader(args(request(`/dashboard/clients${qs}`, { cookie: coach.cookie }))));
const post = (coach: SignedInCoach, form: Record<string, string>) => settle(create.action(args(request("/dashboard/clients/new", { cookie: coach.cookie, form }))));

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  const now = Date.now();
  await withTenantDb(a.tenant.id, (db) => {
    const c = db.$client.prepare("INSERT INTO clients (first_name, last_name, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
    const s = db.$client.prepare("INSERT INTO coaching_sessions (client_id, scheduled_at, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)");
    // 55 clients: 30 active (done 2 days ago), 20 to review (done 20 days ago), 5 new.
    for (let i = 0; i < 55; i++) {
      const { id } = c.get(`Alpha${i}`, `Client${String(i).padStart(2, "0")}`, `alpha${i}@example.fr`, now, now) as { id: number };
      if (i < 30) s.run(id, now - 2 * DAY - i * 60_000, "completed", now, now);
      else if (i < 50) s.run(id, now - 20 * DAY - i * 60_000, "completed", now, now);
      if (i < 3) s.run(id, now + (i + 1) * DAY, "confirmed", now, now);
    }
  });
  await withTenantDb(b.tenant.id, (db) => {
    db.$client.prepare("INSERT INTO clients (first_name, last_name, email, created_at, updated_at) VALUES ('Beta', 'Secret', 'beta@example.fr', 0, 0)").run();
  });
});

describe("/dashboard/clients", () => {
  it("lists the session's tenant's clients, 50 per page, with the tabs' counts", async () => {
    const p1 = await body(await get(a));
    expect(p1.total).toBe(55);
    expect(p1.counts).toEqual({ all: 55, active: 30, review: 20, new: 5, inactive: 0 });
    expect(p1.rows).toHaveLength(50);
    expect(p1.pageCount).toBe(2);
    const p2 = await body(await get(a, "?page=2"));
    expect(p2.rows).toHaveLength(5);
    expect(new Set([...p1.rows, ...p2.rows].map((r: { id: number }) => r.id)).size).toBe(55);
    expect(JSON.stringify([p1, p2])).not.toContain("Secret");
    const other = await body(await get(b));
    expect(other.total).toBe(1);
    expect(other.rows[0].name).toBe("Beta Secret");
  });

  it("filters by health, searches by name or email, sorts by last or next session", async () => {
    const review = await body(await get(a, "?health=review"));
    expect(review.matched).toBe(20);
    expect(new Set(review.rows.map((r: { health: string }) => r.health))).toEqual(new Set(["review"]));
    expect(review.rows[0].healthReason).toMatch(/^dernière séance il y a 20 jours, aucune séance prévue$/);
    const found = await body(await get(a, "?q=alpha31%40example"));
    expect(found.rows.map((r: { name: string }) => r.name)).toEqual(["Alpha31 Client31"]);
    expect((await body(await get(a, "?q=client07"))).rows.map((r: { name: string }) => r.name)).toEqual(["Alpha7 Client07"]);
    const last = await body(await get(a, "?sort=last"));
    expect(last.rows[0].name).toBe("Alpha0 Client00"); // the most recent session first
    const next = await body(await get(a, "?sort=next"));
    expect(next.rows.slice(0, 3).map((r: { name: string }) => r.name)).toEqual(["Alpha0 Client00", "Alpha1 Client01", "Alpha2 Client02"]);
    expect(next.rows[3].nextPlannedAt).toBeNull();
  });

  it("shows the empty state data and the no-result state data", async () => {
    const none = await body(await get(a, "?q=zzzz"));
    expect(none).toMatchObject({ total: 55, matched: 0, rows: [] });
    const bad = await body(await get(a, "?health=nope&sort=nope&page=-3"));
    expect(bad.filters).toEqual({ sort: "last", page: 1 });
  });

  it("sends a signed-out visitor to the login page", async () => {
    const res = await settle(list.loader(args(request("/dashboard/clients"))));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("/dashboard/clients/new", () => {
  it("names each wrong field and keeps every typed value", async () => {
    const res = await post(a, { firstName: "", lastName: " ", email: "pas-un-email", phone: "123", company: "Forme SAS", city: "Lyon" });
    expect(res.status).toBe(400);
    const { result } = await body(res);
    expect(result.error.firstName).toEqual(["Le prénom est obligatoire."]);
    expect(result.error.lastName).toEqual(["Le nom est obligatoire."]);
    expect(result.error.email).toEqual(["Adresse email invalide."]);
    expect(result.error.phone[0]).toMatch(/Numéro de téléphone invalide/);
    expect(result.initialValue).toMatchObject({ email: "pas-un-email", phone: "123", company: "Forme SAS", city: "Lyon" });
  });

  it("creates the client in the session's tenant with the CRM's normalisation and redirects to its page", async () => {
    const res = await post(a, { firstName: "Zoé", lastName: "Nouvelle", email: "Zoe@Example.FR", phone: "06 12 34 56 78", company: "", city: "Nantes" });
    expect(res.status).toBe(302);
    const row = await withTenantDb(a.tenant.id, (db) => db.$client.prepare("SELECT id, lead_id, email, phone, company, city FROM clients WHERE last_name = 'Nouvelle'").get() as Record<string, unknown>);
    expect(row).toMatchObject({ lead_id: null, email: "zoe@example.fr", phone: "+33612345678", company: null, city: "Nantes" });
    expect(res.headers.get("Location")).toBe(`/dashboard/clients/${row.id}`);
    expect(await withTenantDb(b.tenant.id, (db) => db.$client.prepare("SELECT count(*) AS n FROM clients").get())).toEqual({ n: 1 });
  });
});

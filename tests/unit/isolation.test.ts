import { beforeAll, describe, expect, it } from "vitest";
import { leads, clients } from "../../db/tenant.schema";
import { args, cookieFor, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { withTenantDb } from "~/lib/tenant-db.server";
import * as dashboardLayout from "~/routes/dashboard";
import * as dashboardIndex from "~/routes/dashboard._index";
import * as exportRoute from "~/routes/admin.tenants.$tenantId.export[.]sqlite";
import * as tenantPage from "~/routes/admin.tenants.$tenantId";

let a: SignedInCoach;
let b: SignedInCoach;

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  // Different, recognisable data in each tenant.
  await withTenantDb(a.tenant.id, (db) => {
    db.insert(leads).values([{ instagramId: "ig_alpha_1", username: "alpha_only", createdDay: "2026-11-20" }]).run();
  });
  await withTenantDb(b.tenant.id, (db) => {
    db.insert(leads).values(Array.from({ length: 7 }, (_, i) => ({ instagramId: `ig_beta_${i}`, username: `beta_${i}`, createdDay: "2026-11-20" }))).run();
    db.insert(clients).values({ firstName: "Bêta", lastName: "Client" }).run();
  });
});

const json = async (res: Response) => JSON.parse(await res.text());

describe("tenant isolation", () => {
  it("each coach's dashboard reads only their own tenant file", async () => {
    const resA = await json(await settle(dashboardIndex.loader(args(request("/dashboard", { cookie: a.cookie })))));
    const resB = await json(await settle(dashboardIndex.loader(args(request("/dashboard", { cookie: b.cookie })))));
    // A has a lead and no client, B has both: Focus's empty-state figures tell the files apart.
    expect([resA.hasLeads, resA.hasClients]).toEqual([true, false]);
    expect([resB.hasLeads, resB.hasClients]).toEqual([true, true]);
    const layoutA = await json(await settle(dashboardLayout.loader(args(request("/dashboard", { cookie: a.cookie })))));
    expect(layoutA.tenantName).toBe("Alpha Coach");
  });

  it("ignores any tenant id a coach puts in the URL, query or form", async () => {
    const sneaky = request(`/dashboard?tenantId=${b.tenant.id}&tenant=${b.tenant.id}`, { cookie: a.cookie });
    const res = await json(await settle(dashboardIndex.loader({ ...args(sneaky), params: { tenantId: b.tenant.id } })));
    expect([res.hasLeads, res.hasClients]).toEqual([true, false]);
  });

  it("refuses coach A on coach B's admin page and export (403)", async () => {
    const params = { tenantId: b.tenant.id };
    expect((await settle(tenantPage.loader(args(request(`/admin/tenants/${b.tenant.id}`, { cookie: a.cookie }), params)))).status).toBe(403);
    expect((await settle(exportRoute.loader(args(request(`/admin/tenants/${b.tenant.id}/export.sqlite`, { cookie: a.cookie }), params)))).status).toBe(403);
  });

  it("sends admins and support away from the coach area (no tenant)", async () => {
    const { makeStaff } = await import("../helpers");
    const admin = await cookieFor(await makeStaff("admin", "iso-admin@example.fr"));
    const res = await settle(dashboardIndex.loader(args(request("/dashboard", { cookie: admin }))));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin");
  });
});

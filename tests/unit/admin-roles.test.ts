import { beforeAll, describe, expect, it } from "vitest";
import { args, cookieFor, makeCoach, makeStaff, request, settle, setupTestDb } from "../helpers";
import { controlDb } from "~/lib/control-db.server";
import { listAudit } from "~/platform/audit.server";
import { findTenant } from "~/platform/tenants.server";
import * as adminLayout from "~/routes/admin";
import * as adminIndex from "~/routes/admin._index";
import * as audit from "~/routes/admin.audit";
import * as outbox from "~/routes/admin.outbox";
import * as tenantPage from "~/routes/admin.tenants.$tenantId";
import * as exportRoute from "~/routes/admin.tenants.$tenantId.export[.]sqlite";
import * as newTenant from "~/routes/admin.tenants.new";

let cookies: { admin: string; support: string; coach: string };
let tenantId: string;

beforeAll(async () => {
  setupTestDb();
  const coach = await makeCoach("Role Coach", "role-coach@example.fr");
  tenantId = coach.tenant.id;
  cookies = {
    admin: await cookieFor(await makeStaff("admin")),
    support: await cookieFor(await makeStaff("support")),
    coach: await cookieFor(coach.user),
  };
});

// Every admin loader: [name, call]
const loaders = () =>
  [
    ["/admin (layout)", (c?: string) => adminLayout.loader(args(request("/admin", { cookie: c })))],
    ["/admin", (c?: string) => adminIndex.loader(args(request("/admin", { cookie: c })))],
    ["/admin/audit", (c?: string) => audit.loader(args(request("/admin/audit", { cookie: c })))],
    ["/admin/tenants/:id", (c?: string) => tenantPage.loader(args(request(`/admin/tenants/${tenantId}`, { cookie: c }), { tenantId }))],
    // The download is read to its end, as a browser does: an export holds its slot until then.
    ["export.sqlite", (c?: string) => downloaded(exportRoute.loader(args(request(`/admin/tenants/${tenantId}/export.sqlite`, { cookie: c }), { tenantId })))],
  ] as const;

async function downloaded(result: Promise<Response>) {
  const res = await result;
  if (res.status === 200) {
    const body = await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 20)); // the file's stream closes
    return new Response(body, { status: 200, headers: res.headers });
  }
  return res;
}

const adminOnly = () =>
  [
    ["/admin/outbox", (c?: string) => outbox.loader(args(request("/admin/outbox", { cookie: c })))],
    ["/admin/tenants/new (GET)", (c?: string) => newTenant.loader(args(request("/admin/tenants/new", { cookie: c })))],
    [
      "/admin/tenants/new (POST)",
      (c?: string) => newTenant.action(args(request("/admin/tenants/new", { cookie: c, form: { name: "X Y", email: "xy@example.fr", specialty: "yoga" } }))),
    ],
    ["suspend", (c?: string) => tenantPage.action(args(request(`/admin/tenants/${tenantId}`, { cookie: c, form: { intent: "suspend" } }), { tenantId }))],
    ["reactivate", (c?: string) => tenantPage.action(args(request(`/admin/tenants/${tenantId}`, { cookie: c, form: { intent: "reactivate" } }), { tenantId }))],
    [
      "delete",
      (c?: string) =>
        tenantPage.action(args(request(`/admin/tenants/${tenantId}`, { cookie: c, form: { intent: "delete", confirmSlug: "role-coach" } }), { tenantId })),
    ],
  ] as const;

describe("admin area role checks", () => {
  it("sends anonymous visitors to /login on every admin route", async () => {
    for (const [name, call] of [...loaders(), ...adminOnly()]) {
      const res = await settle(call(undefined));
      expect(res.status, name).toBe(302);
      expect(res.headers.get("Location"), name).toMatch(/^\/login\?redirectTo=/);
    }
  });

  it("refuses coaches on every admin route with 403", async () => {
    for (const [name, call] of [...loaders(), ...adminOnly()]) {
      expect((await settle(call(cookies.coach))).status, name).toBe(403);
    }
  });

  it("lets support read and export but not provision, suspend, delete or read the outbox", async () => {
    for (const [name, call] of loaders()) expect((await settle(call(cookies.support))).status, name).toBe(200);
    for (const [name, call] of adminOnly()) expect((await settle(call(cookies.support))).status, name).toBe(403);
    expect(findTenant(controlDb(), tenantId)!.status).toBe("active");
  });

  it("lets admins do everything, delete last", async () => {
    for (const [name, call] of loaders()) expect((await settle(call(cookies.admin))).status, name).toBe(200);
    for (const [name, call] of adminOnly()) expect([200, 302], name).toContain((await settle(call(cookies.admin))).status);
    expect(findTenant(controlDb(), tenantId)!.status).toBe("deleted");
    const actions = listAudit(controlDb()).map((r) => r.entry.action);
    expect(actions).toEqual(expect.arrayContaining(["tenant.provision", "tenant.suspend", "tenant.reactivate", "tenant.delete", "tenant.export"]));
  });

  it("asks for the slug before deleting and keeps the tenant when it is wrong", async () => {
    const other = await makeCoach("Keep Me", "keep@example.fr");
    const res = await settle(
      tenantPage.action(args(request(`/admin/tenants/${other.tenant.id}`, { cookie: cookies.admin, form: { intent: "delete", confirmSlug: "nope" } }), { tenantId: other.tenant.id })),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("keep-me");
    expect(findTenant(controlDb(), other.tenant.id)!.status).toBe("active");
  });

  it("answers 404 for unknown or malformed tenant ids", async () => {
    for (const id of ["t_aaaaaaaaaaaaaaaaaaaa", "../control", "..%2Fcontrol"]) {
      const res = await settle(tenantPage.loader(args(request(`/admin/tenants/${encodeURIComponent(id)}`, { cookie: cookies.admin }), { tenantId: id })));
      expect(res.status, id).toBe(404);
      const exp = await settle(exportRoute.loader(args(request(`/admin/tenants/x/export.sqlite`, { cookie: cookies.admin }), { tenantId: id })));
      expect(exp.status, id).toBe(404);
    }
  });
});

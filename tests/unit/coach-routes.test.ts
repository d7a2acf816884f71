// Every coach route added with the setter KPIs: its data comes from the session's tenant only.
import { beforeAll, describe, expect, it } from "vitest";
import { leads } from "../../db/tenant.schema";
import { args, cookieFor, makeStaff, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { dayKey } from "~/kpis/paris-days.server";
import { readAssumptions } from "~/kpis/assumptions.server";
import { controlDb } from "~/lib/control-db.server";
import { withTenantDb } from "~/lib/tenant-db.server";
import { authenticateApiToken, createApiToken, listApiTokens } from "~/platform/api-tokens.server";
import * as chart from "~/routes/dashboard.kpis.charts.$chart[.]svg";
import * as kpis from "~/routes/dashboard.kpis";
import * as settings from "~/routes/dashboard.settings";

let a: SignedInCoach;
let b: SignedInCoach;

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  const today = new Date();
  await withTenantDb(b.tenant.id, (db) => {
    db.insert(leads)
      .values(Array.from({ length: 4 }, (_, i) => ({ instagramId: `ig_b${i}`, createdAt: today, createdDay: dayKey(today), source: "story" })))
      .run();
  });
});

const body = async (res: Response) => JSON.parse(await res.text());

describe("/dashboard/kpis", () => {
  it("shows each coach their own figures, whatever tenant id is put in the URL", async () => {
    const resA = await body(await settle(kpis.loader(args(request(`/dashboard/kpis?range=7&tenantId=${b.tenant.id}`, { cookie: a.cookie }), { tenantId: b.tenant.id }))));
    const resB = await body(await settle(kpis.loader(args(request("/dashboard/kpis?range=7", { cookie: b.cookie })))));
    expect(resA.kpis.leadsTotal).toBe(0);
    expect(resA.empty).toBe(true);
    expect(resB.kpis.leadsTotal).toBe(4);
    expect(resB.kpis.topSources).toEqual([{ key: "story", count: 4, pct: 100 }]);
  });

  it("falls back to 30 days on an unknown range", async () => {
    expect((await body(await settle(kpis.loader(args(request("/dashboard/kpis?range=abc", { cookie: a.cookie })))))).range).toBe("30");
  });

  it("serves the charts as SVG images of the session's tenant, 304 when unchanged, 404 for unknown charts", async () => {
    const res = await settle(chart.loader(args(request("/dashboard/kpis/charts/trend-activity.svg?range=7", { cookie: a.cookie }), { chart: "trend-activity" })));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("image/svg+xml");
    const svg = await res.text();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const again = await settle(
      chart.loader(args(request("/dashboard/kpis/charts/trend-activity.svg?range=7", { cookie: a.cookie, headers: { "If-None-Match": res.headers.get("ETag")! } }), { chart: "trend-activity" })),
    );
    expect(again.status).toBe(304);
    const bChart = await settle(chart.loader(args(request("/dashboard/kpis/charts/trend-activity.svg?range=7", { cookie: b.cookie }), { chart: "trend-activity" })));
    expect(bChart.headers.get("ETag")).not.toBe(res.headers.get("ETag")); // B's data draws another chart
    expect((await settle(chart.loader(args(request("/dashboard/kpis/charts/nope.svg", { cookie: a.cookie }), { chart: "nope" })))).status).toBe(404);
    expect((await settle(chart.loader(args(request("/dashboard/kpis/charts/trend-activity.svg"), { chart: "trend-activity" })))).status).toBe(302);
  });

  it("sends staff to the admin area", async () => {
    const admin = await cookieFor(await makeStaff("admin"));
    const res = await settle(kpis.loader(args(request("/dashboard/kpis", { cookie: admin }))));
    expect(res.headers.get("Location")).toBe("/admin");
  });
});

describe("/dashboard/settings", () => {
  const post = (coach: SignedInCoach, form: Record<string, string>) => settle(settings.action(args(request("/dashboard/settings", { cookie: coach.cookie, form }))));

  it("creates a token shown once, usable for the coach's tenant only", async () => {
    const res = await post(a, { intent: "create-token", name: "N8N" });
    expect(res.status).toBe(200);
    const { createdToken } = await body(res);
    expect(createdToken).toMatch(/^cos_/);
    const check = authenticateApiToken(controlDb(), `Bearer ${createdToken}`);
    expect(check).toMatchObject({ ok: true, tenantId: a.tenant.id });
    const page = await body(await settle(settings.loader(args(request("/dashboard/settings", { cookie: a.cookie })))));
    expect(page.tokens.map((t: { name: string }) => t.name)).toEqual(["N8N"]);
    expect(JSON.stringify(page)).not.toContain(createdToken);
  });

  it("refuses a token without a name, with a field error", async () => {
    const res = await post(a, { intent: "create-token", name: "  " });
    expect(res.status).toBe(400);
    expect((await body(res)).nameError).toContain("Donnez un nom");
  });

  it("refuses to revoke another tenant's token (404) and leaves it working", async () => {
    const { token, row } = createApiToken(controlDb(), { tenantId: b.tenant.id, name: "B's", userId: b.user.id });
    const res = await post(a, { intent: "revoke-token", tokenId: String(row.id) });
    expect(res.status).toBe(404);
    expect(authenticateApiToken(controlDb(), `Bearer ${token}`).ok).toBe(true);
    const own = await post(b, { intent: "revoke-token", tokenId: String(row.id) });
    expect(own.status).toBe(302);
    expect(authenticateApiToken(controlDb(), `Bearer ${token}`)).toMatchObject({ ok: false, status: 401 });
    expect(listApiTokens(controlDb(), b.tenant.id)[0].revokedAt).not.toBeNull();
  });

  it("validates the estimate assumptions and saves them in the coach's own file", async () => {
    const bad = await post(a, { intent: "save-assumptions", leadMagnetRate: "120", emailCaptureRate: "60", noShowRate: "17", aiEfficiency: "94", hoursSavedPerMonth: "47", monthlyCostEuros: "300" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await body(bad))).toContain("100 % au maximum");
    const ok = await post(a, { intent: "save-assumptions", leadMagnetRate: "50", emailCaptureRate: "40", noShowRate: "10", aiEfficiency: "90", hoursSavedPerMonth: "30", monthlyCostEuros: "150" });
    expect(ok.status).toBe(302);
    expect(await withTenantDb(a.tenant.id, readAssumptions)).toMatchObject({ leadMagnetRate: 50, monthlyCostEuros: 150 });
    expect(await withTenantDb(b.tenant.id, readAssumptions)).toMatchObject({ leadMagnetRate: 75, monthlyCostEuros: 300 });
  });

  it("refuses a cross-site POST", async () => {
    const res = await settle(settings.action(args(request("/dashboard/settings", { cookie: a.cookie, form: { intent: "create-token", name: "x" }, headers: { Origin: "https://evil.example" } }))));
    expect(res.status).toBe(403);
  });
});

// One coach's file is damaged, empty, foreign or missing: that coach gets a clear 503, support
// sees it flagged, and every other coach is served as usual.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { args, cookieFor, makeCoach, makeStaff, request, settle, setupTestDb } from "../helpers";
import { getEnv } from "~/env.server";
import { controlDb } from "~/lib/control-db.server";
import { closeAllTenantDbs, openTenantHandlesCount } from "~/lib/tenant-db.server";
import { openSqlite } from "~/lib/sqlite.server";
import { createApiToken } from "~/platform/api-tokens.server";
import { listAudit } from "~/platform/audit.server";
import { migratePlatform } from "~/platform/migrate-platform.server";
import { resetTenantHealthMemory, unavailableTenants } from "~/platform/tenant-health.server";
import { exportsDir } from "~/platform/tenant-export.server";
import { deleteTenant, listTenantsWithStats } from "~/platform/tenants.server";
import * as adminList from "~/routes/admin._index";
import * as tenantPage from "~/routes/admin.tenants.$tenantId";
import * as exportRoute from "~/routes/admin.tenants.$tenantId.export[.]sqlite";
import * as messagesRoute from "~/routes/api.v1.messages";
import * as focus from "~/routes/dashboard._index";
import * as kpis from "~/routes/dashboard.kpis";
import * as healthz from "~/routes/healthz";

type Coach = Awaited<ReturnType<typeof makeCoach>> & { cookie: string; token: string };
const coaches: Record<"healthy" | "garbage" | "empty" | "foreign" | "missing" | "torn", Coach> = {} as never;
const fileOf = (c: Coach) => path.join(getEnv().TENANTS_DIR, `${c.tenant.id}.sqlite`);

beforeAll(async () => {
  setupTestDb();
  for (const name of Object.keys({ healthy: 1, garbage: 1, empty: 1, foreign: 1, missing: 1, torn: 1 }) as (keyof typeof coaches)[]) {
    const coach = await makeCoach(`Coach ${name}`, `${name}@example.fr`);
    const { token } = createApiToken(controlDb(), { tenantId: coach.tenant.id, name: "n8n", userId: coach.user.id });
    coaches[name] = { ...coach, cookie: await cookieFor(coach.user), token };
  }
  closeAllTenantDbs();
  // Give the torn file real pages, then break one in the middle (a torn write, a bad disk).
  const torn = openSqlite(fileOf(coaches.torn));
  torn.exec("CREATE TABLE filler (x TEXT); CREATE INDEX filler_x ON filler (x);");
  const insert = torn.prepare("INSERT INTO filler VALUES (?)");
  for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${"x".repeat(50)}`);
  torn.pragma("wal_checkpoint(TRUNCATE)");
  torn.close();
  const tornBytes = fs.readFileSync(fileOf(coaches.torn));
  tornBytes.fill(0x5a, tornBytes.length - 40_000, tornBytes.length - 20_000);
  fs.writeFileSync(fileOf(coaches.torn), tornBytes);

  fs.writeFileSync(fileOf(coaches.garbage), Buffer.alloc(16_384, 0x42));
  fs.writeFileSync(fileOf(coaches.empty), "");
  fs.rmSync(fileOf(coaches.foreign));
  const foreign = openSqlite(fileOf(coaches.foreign));
  foreign.exec("CREATE TABLE leads (id INTEGER PRIMARY KEY)");
  foreign.close();
  fs.rmSync(fileOf(coaches.missing));
  for (const c of Object.values(coaches)) for (const ext of ["-wal", "-shm"]) if (c !== coaches.healthy) fs.rmSync(fileOf(c) + ext, { force: true });
});

describe("boot-time migration with broken tenant files", () => {
  it("migrates the healthy tenant, reports every broken one, and repairs nothing", () => {
    const emptyBefore = fs.statSync(fileOf(coaches.empty)).size;
    const report = migratePlatform();
    expect(report.tenants).toBe(1);
    const failed = Object.fromEntries(report.failed.map((f) => [f.tenantId, f.error]));
    expect(failed[coaches.garbage.tenant.id]).toMatch(/SQLite/);
    expect(failed[coaches.empty.tenant.id]).toMatch(/vide/);
    expect(failed[coaches.foreign.tenant.id]).toMatch(/migrations/);
    expect(failed[coaches.missing.tenant.id]).toMatch(/absent/);
    expect(failed[coaches.torn.tenant.id]).toMatch(/quick_check|malformed|endommag/i);
    // The 0-byte file is left for support to look at: no schema was created in it.
    expect(fs.statSync(fileOf(coaches.empty)).size).toBe(emptyBefore);
    expect(fs.existsSync(fileOf(coaches.missing))).toBe(false);
    expect(unavailableTenants(controlDb()).map((t) => t.id).sort()).toEqual(
      [coaches.garbage, coaches.empty, coaches.foreign, coaches.missing, coaches.torn].map((c) => c.tenant.id).sort(),
    );
  });

  it("exits 0 from the command line (the server starts), listing each broken tenant; --strict exits 1", () => {
    const run = (...extra: string[]) => spawnSync("npx", ["tsx", "scripts/migrate.ts", ...extra], { env: { ...process.env }, encoding: "utf8" });
    const cli = run();
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/Migrated the control DB and 1 tenant\(s\); 5 unavailable\./);
    for (const name of ["garbage", "empty", "foreign", "missing", "torn"] as const) expect(cli.stderr).toContain(coaches[name].tenant.id);
    expect(run("--strict").status).toBe(1);
  });

  it("survives a tenant path it cannot even read (a directory), and a transient error flags nothing", async () => {
    const extra = await makeCoach("Coach dir", "dir@example.fr");
    const file = path.join(getEnv().TENANTS_DIR, `${extra.tenant.id}.sqlite`);
    closeAllTenantDbs();
    fs.rmSync(file);
    fs.mkdirSync(file);
    try {
      const report = migratePlatform();
      expect(report.failed.find((f) => f.tenantId === extra.tenant.id)?.error).toMatch(/illisible/);
      expect(report.tenants).toBe(1);
    } finally {
      fs.rmSync(file, { recursive: true });
      deleteTenant(controlDb(), extra.tenant.id);
    }
    const { TenantUnavailableError } = await import("~/lib/tenant-db.server");
    const { reportUnavailable } = await import("~/platform/tenant-health.server");
    reportUnavailable(new TenantUnavailableError(coaches.healthy.tenant.id, "EMFILE", { persistent: false }));
    expect(unavailableTenants(controlDb()).map((t) => t.id)).not.toContain(coaches.healthy.tenant.id);
  });

  it("stops the boot only when the control DB itself is broken", () => {
    const broken = path.join(path.dirname(getEnv().CONTROL_DB_PATH), "broken-control.sqlite");
    fs.writeFileSync(broken, Buffer.alloc(8192, 0x42));
    const cli = spawnSync("npx", ["tsx", "scripts/migrate.ts"], { env: { ...process.env, CONTROL_DB_PATH: broken }, encoding: "utf8" });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/control DB/);
  });
});

describe("serving with broken tenant files", () => {
  it("shows each broken coach a clear page, on every page, and the healthy coach their data", async () => {
    for (const name of ["garbage", "empty", "foreign", "missing", "torn"] as const) {
      for (const [route, url] of [[focus, "/dashboard"], [kpis, "/dashboard/kpis"]] as const) {
        const res = await settle(route.loader(args(request(url, { cookie: coaches[name].cookie }))));
        expect(res.status, `${name} ${url}`).toBe(503);
        expect(await res.text()).toMatch(/indisponible.*support/);
      }
    }
    for (const [route, url] of [[focus, "/dashboard"], [kpis, "/dashboard/kpis"]] as const) {
      const res = await settle(route.loader(args(request(url, { cookie: coaches.healthy.cookie }))));
      expect(res.status, url).toBe(200);
    }
  });

  it("answers ingestion for a broken tenant with 503 and Retry-After, and still writes the healthy one", async () => {
    const post = (c: Coach) =>
      settle(
        messagesRoute.action(
          args(
            new Request("http://localhost/api/v1/messages", {
              method: "POST",
              headers: { Authorization: `Bearer ${c.token}`, "Content-Type": "application/json" },
              body: JSON.stringify({ external_id: `m_${c.tenant.id}`, instagram_id: "ig_1", direction: "out", text: "Salut" }),
            }),
          ),
        ),
      );
    const broken = await post(coaches.garbage);
    expect(broken.status).toBe(503);
    expect(Number(broken.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await broken.json()).error).toMatch(/unavailable/);
    expect((await post(coaches.healthy)).status).toBe(201);
  });

  it("reports the broken ones as degraded in /healthz, still 200", async () => {
    const res = await healthz.loader();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe("degraded");
    expect(body.unavailableTenants.count).toBe(5);
    expect(body.unavailableTenants.ids).toContain(coaches.missing.tenant.id);
    expect(body.unavailableTenants.ids).toContain(coaches.torn.tenant.id);
  });

  it("lists tenants for admins from the control DB alone: broken ones flagged, no tenant file opened", async () => {
    closeAllTenantDbs();
    const admin = await makeStaff("admin", "admin-broken@test.local");
    const res = await settle(adminList.loader(args(request("/admin", { cookie: await cookieFor(admin) }))));
    expect(res.status).toBe(200);
    const { tenants } = await res.json();
    const byId = Object.fromEntries(tenants.map((t: { id: string }) => [t.id, t]));
    expect(byId[coaches.garbage.tenant.id]).toMatchObject({ health: "unavailable", healthReason: expect.stringMatching(/SQLite/) });
    expect(byId[coaches.healthy.tenant.id]).toMatchObject({ health: "ok", leadCount: expect.any(Number) });
    expect(openTenantHandlesCount()).toBe(0);
    expect(listTenantsWithStats(controlDb())).toHaveLength(6);
  });

  it("refuses to export a broken tenant with a clear 503, and writes no audit row for it", async () => {
    const support = await makeStaff("support", "support-broken@test.local");
    const cookie = await cookieFor(support);
    const res = await settle(exportRoute.loader(args(request(`/admin/tenants/${coaches.torn.tenant.id}/export.sqlite`, { cookie }), { tenantId: coaches.torn.tenant.id })));
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/Export impossible.*indisponible/);
    expect(listAudit(controlDb()).filter((r) => r.entry.action === "tenant.export")).toEqual([]);
  });

  it("keeps a flagged coach out until support's check passes, after a restore", async () => {
    const garbage = coaches.garbage;
    const admin = await makeStaff("admin", "admin-recheck@test.local");
    const adminCookie = await cookieFor(admin);
    const recheck = () =>
      settle(tenantPage.action(args(request(`/admin/tenants/${garbage.tenant.id}`, { cookie: adminCookie, form: { intent: "recheck" } }), { tenantId: garbage.tenant.id })));
    expect((await recheck()).status).toBe(302);
    expect(unavailableTenants(controlDb()).map((t) => t.id)).toContain(garbage.tenant.id);

    fs.copyFileSync(fileOf(coaches.healthy), fileOf(garbage)); // the restore
    resetTenantHealthMemory();
    expect((await settle(focus.loader(args(request("/dashboard", { cookie: garbage.cookie }))))).status).toBe(503);
    expect((await recheck()).status).toBe(302);
    expect(unavailableTenants(controlDb()).map((t) => t.id)).not.toContain(garbage.tenant.id);
    expect((await settle(focus.loader(args(request("/dashboard", { cookie: garbage.cookie }))))).status).toBe(200);
    expect(listAudit(controlDb()).filter((r) => r.entry.action === "tenant.recheck")).toHaveLength(2);
  });
});

describe("GDPR export files", () => {
  it("makes no snapshot and no audit row for a HEAD request", async () => {
    const support = await makeStaff("support", "support-head@test.local");
    const cookie = await cookieFor(support);
    const before = fs.existsSync(exportsDir()) ? fs.readdirSync(exportsDir()).length : 0;
    const id = coaches.healthy.tenant.id;
    const res = await settle(exportRoute.loader(args(request(`/admin/tenants/${id}/export.sqlite`, { cookie, method: "HEAD" }), { tenantId: id })));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.sqlite3");
    expect(fs.existsSync(exportsDir()) ? fs.readdirSync(exportsDir()).length : 0).toBe(before);
    expect(listAudit(controlDb()).filter((r) => r.entry.action === "tenant.export" && r.entry.actorEmail === support.email)).toEqual([]);
  });

  it("takes one export per coach at a time", async () => {
    const support = await makeStaff("support", "support-busy@test.local");
    const cookie = await cookieFor(support);
    const id = coaches.healthy.tenant.id;
    const get = () => settle(exportRoute.loader(args(request(`/admin/tenants/${id}/export.sqlite`, { cookie }), { tenantId: id })));
    const first = await get();
    expect(first.status).toBe(200);
    const second = await get(); // the first download has not been read yet
    expect(second.status).toBe(429);
    expect(await second.text()).toMatch(/déjà en cours/);
    await first.arrayBuffer();
    await new Promise((r) => setTimeout(r, 50));
    const third = await get();
    expect(third.status).toBe(200);
    await third.arrayBuffer();
    await new Promise((r) => setTimeout(r, 50));
  });

  it("removes the snapshot once downloaded, and old leftovers at boot", async () => {
    const { sweepOldSnapshots } = await import("~/platform/tenant-export.server");
    const support = await makeStaff("support", "support-get@test.local");
    const cookie = await cookieFor(support);
    const id = coaches.healthy.tenant.id;
    const res = await settle(exportRoute.loader(args(request(`/admin/tenants/${id}/export.sqlite`, { cookie }), { tenantId: id })));
    expect(res.status).toBe(200);
    expect(fs.readdirSync(exportsDir())).toHaveLength(1); // the snapshot waits for the download
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 50));
    expect(fs.readdirSync(exportsDir())).toEqual([]);

    const old = path.join(exportsDir(), "export-0123456789abcdef.sqlite");
    const fresh = path.join(exportsDir(), "export-fedcba9876543210.sqlite");
    fs.writeFileSync(old, "x");
    fs.writeFileSync(fresh, "x");
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
    expect(sweepOldSnapshots()).toBe(1);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    fs.rmSync(fresh);
  });
});

import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { getEnv } from "~/env.server";
import { closeAllTenantDbs, withTenantDb } from "~/lib/tenant-db.server";
import { runSeed } from "~/seed/seed.server";
import { controlDb } from "~/lib/control-db.server";
import { setTenantStatus, tenantStatsOf } from "~/platform/tenants.server";
import { unavailableTenants } from "~/platform/tenant-health.server";
import { recheckTenant } from "~/platform/migrate-platform.server";
import { tenants } from "../../db/control.schema";
import { leads } from "../../db/tenant.schema";
import { dayKey } from "./paris-days.server";
import { loadKpiDashboard } from "./dashboard.server";
import { runAggregation } from "./run-aggregation.server";

let seeded: string[];

beforeAll(async () => {
  setupTestDb();
  await runSeed({ coaches: 2, leads: 80 });
  seeded = controlDb().select({ id: tenants.id }).from(tenants).all().map((t) => t.id);
});

describe("nightly aggregation", () => {
  it("aggregates every active tenant, skips suspended ones, and reports a summary", async () => {
    const coach = await makeCoach("Suspended Coach", "susp@example.fr");
    setTenantStatus(controlDb(), coach.tenant.id, "suspended");
    const report = await runAggregation({ days: 90 });
    expect(report.failed).toEqual([]);
    expect(report.tenants).toBe(2);
    expect(report.days).toBe(180);
  });

  it("cross-checks the all-time dashboard of a seeded tenant against direct SQL counts", async () => {
    await runAggregation({ days: "all" });
    await withTenantDb(seeded[0], (db) => {
      const q = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
      const { kpis: k } = loadKpiDashboard(db, { range: "all" });
      expect(k.leadsTotal).toBe(q("SELECT count(*) AS n FROM leads"));
      expect(k.messagesSent).toBe(q("SELECT count(*) AS n FROM messages WHERE direction = 'out'"));
      expect(k.leadsWon).toBe(q("SELECT count(*) AS n FROM leads WHERE status = 'won'"));
      expect(k.leadsLost.count).toBe(q("SELECT count(*) AS n FROM leads WHERE status = 'lost'"));
      expect(k.leadsFollowUp.count).toBe(q("SELECT count(*) AS n FROM leads WHERE status = 'follow_up'"));
      expect(k.revenueCents).toBe(q("SELECT coalesce(sum(deal_value_cents), 0) AS n FROM leads WHERE status = 'won'"));
      expect(k.responseRate1.sent).toBe(q("SELECT count(*) AS n FROM messages WHERE direction = 'out' AND message_number = 1"));
      expect(k.responseRate1.replied).toBe(q("SELECT count(*) AS n FROM messages WHERE direction = 'out' AND message_number = 1 AND is_replied"));
      expect(k.leadsTotal).toBeGreaterThanOrEqual(80);
    });
  });

  it("skips a corrupt tenant file, flags it for support and still aggregates the others", async () => {
    closeAllTenantDbs();
    const broken = seeded[1];
    const file = path.join(getEnv().TENANTS_DIR, `${broken}.sqlite`);
    const backup = fs.readFileSync(file);
    fs.writeFileSync(file, "this is not a database");
    fs.rmSync(`${file}-wal`, { force: true });
    fs.rmSync(`${file}-shm`, { force: true });
    try {
      const report = await runAggregation({ days: 7 });
      expect(report.tenants).toBe(1);
      expect(report.failed).toEqual([]);
      expect(report.skipped).toEqual([{ tenantId: broken, reason: expect.stringMatching(/SQLite/) }]);
      // Support sees it in /admin and /healthz; the healthy tenant's figures are fresh.
      expect(unavailableTenants(controlDb())).toEqual([{ id: broken, reason: expect.stringMatching(/SQLite/) }]);
      expect(tenantStatsOf(controlDb(), seeded[0])?.leadCount).toBeGreaterThan(0);

      // The CLI says so and exits 0: a broken file is support's job, not a failed night.
      const cli = spawnSync("npx", ["tsx", "scripts/aggregate-kpis.ts", "--days", "3"], { env: { ...process.env }, encoding: "utf8" });
      expect(cli.status).toBe(0);
      expect(cli.stderr).toContain(broken);
      expect(cli.stdout).toMatch(/Aggregated 1 tenant\(s\), 3 day rows in [\d.]+ s; 1 skipped \(file unavailable\), 0 failed\./);
    } finally {
      closeAllTenantDbs();
      fs.writeFileSync(file, backup);
    }
    // Restored, but still flagged: skipped until support's check clears it.
    const flagged = execFileSync("npx", ["tsx", "scripts/aggregate-kpis.ts", "--tenant", broken, "--days", "2"], { encoding: "utf8" });
    expect(flagged).toMatch(/Aggregated 0 tenant\(s\), 0 day rows in [\d.]+ s; 1 skipped/);
    expect(await recheckTenant(broken)).not.toHaveProperty("error");
    expect(unavailableTenants(controlDb())).toEqual([]);
    const ok = execFileSync("npx", ["tsx", "scripts/aggregate-kpis.ts", "--tenant", broken, "--days", "2"], { encoding: "utf8" });
    expect(ok).toMatch(/Aggregated 1 tenant\(s\), 2 day rows/);
  });

  it("gives the same rows when the tenants are shared between worker threads", async () => {
    const dump = () => Promise.all(seeded.map((id) => withTenantDb(id, (db) => db.$client.prepare("SELECT * FROM kpi_daily ORDER BY day").all())));
    const now = new Date();
    await runAggregation({ days: 30, now, workers: 1 });
    const serial = await dump();
    closeAllTenantDbs();
    const report = await runAggregation({ days: 30, now, workers: 2, minTenantsPerWorker: 1 });
    expect(report).toMatchObject({ tenants: 2, days: 60, failed: [] });
    expect(await dump()).toEqual(serial);
  });

  it("rewrites the day of a lead whose status changed, and only that day", async () => {
    await runAggregation({ days: 90 });
    const tenantId = seeded[0];
    const read = () =>
      withTenantDb(tenantId, (db) => db.$client.prepare("SELECT day, leads_won AS won, revenue_cents AS revenue FROM kpi_daily ORDER BY day").all() as { day: string; won: number; revenue: number }[]);
    const before = await read();
    const lead = await withTenantDb(tenantId, (db) => {
      const l = db.$client.prepare("SELECT id, created_day AS day FROM leads WHERE status = 'lost' AND created_day >= ? ORDER BY id LIMIT 1").get(before[0].day) as { id: number; day: string };
      db.$client.prepare("UPDATE leads SET status = 'won', deal_value_cents = 12345 WHERE id = ?").run(l.id);
      return l;
    });
    await runAggregation({ days: 90 });
    const after = await read();
    const changed = after.filter((row, i) => row.won !== before[i].won || row.revenue !== before[i].revenue);
    expect(changed.map((r) => r.day)).toEqual([lead.day]);
    const i = before.findIndex((r) => r.day === lead.day);
    expect(after[i]).toEqual({ day: lead.day, won: before[i].won + 1, revenue: before[i].revenue + 12345 });
  });

  it("reaches back once to history older than anything stored", async () => {
    const coach = await makeCoach("History Coach", "history@example.fr");
    const longAgo = new Date(Date.now() - 200 * 86_400_000);
    await withTenantDb(coach.tenant.id, (db) => {
      db.insert(leads).values({ instagramId: "ig_old", createdAt: longAgo, createdDay: dayKey(longAgo) }).run();
    });
    const first = await runAggregation({ days: 7, tenantId: coach.tenant.id });
    expect(first.days).toBeGreaterThanOrEqual(200);
    const again = await runAggregation({ days: 7, tenantId: coach.tenant.id });
    expect(again.days).toBe(7);
    const stored = await withTenantDb(coach.tenant.id, (db) => db.$client.prepare("SELECT total(leads_created) AS n FROM kpi_daily").get() as { n: number });
    expect(stored.n).toBe(1);
  });

  it("refuses a malformed --tenant before touching any file", async () => {
    await expect(runAggregation({ days: 1, tenantId: "../control" })).rejects.toThrow(/Not a tenant id/);
  });
});

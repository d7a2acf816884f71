// Measurements that need their own process (their own env): `tsx bench/child-tasks.ts <task> <dataDir> [arg]`.
import path from "node:path";
import { SESSION_SECRET, ms, time } from "./lib";

const [task, dataDir, arg] = process.argv.slice(2);
process.env.CONTROL_DB_PATH = path.join(dataDir, "control.sqlite");
process.env.TENANTS_DIR = path.join(dataDir, "tenants");
process.env.SESSION_SECRET = SESSION_SECRET;
if (task === "handles") process.env.TENANT_HANDLE_CACHE = arg;

const { eq } = await import("drizzle-orm");
const { users, memberships, tenants } = await import("../db/control.schema");
const { controlDb } = await import("~/lib/control-db.server");

if (task === "aggregate") {
  // The nightly job over every tenant, 90 days back.
  const { runAggregation } = await import("~/kpis/run-aggregation.server");
  const report = await runAggregation({ days: Number(arg ?? 90) });
  console.log(JSON.stringify({ tenants: report.tenants, days: report.days, seconds: report.seconds, failed: report.failed.length }));
} else if (task === "cookies") {
  // One signed-in session per coach, for the HTTP load.
  const { createUserSession } = await import("~/auth/auth.server");
  const rows = controlDb().select({ user: users }).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).limit(Number(arg)).all();
  const cookies: string[] = [];
  for (const { user } of rows) cookies.push((await createUserSession(user, "/")).headers.get("Set-Cookie")!.split(";")[0]);
  console.log(JSON.stringify(cookies));
} else if (task === "handles") {
  // Reaching a tenant file: from the LRU vs opening (and closing) it each time.
  const { withTenantDb } = await import("~/lib/tenant-db.server");
  const ids = controlDb().select({ id: tenants.id }).from(tenants).limit(50).all().map((t) => t.id);
  let i = 0;
  const s = await time(() => withTenantDb(ids[i++ % ids.length], (db) => db.$client.prepare("SELECT 1").get()), { iterations: 5000, warmup: 200 });
  console.log(JSON.stringify({ median: ms(s.median), p95: ms(s.p95) }));
}
else if (task === "boot-migrate") {
  // The boot-time check and migration of every tenant (header, migrations table, quick_check).
  const { migratePlatform } = await import("~/platform/migrate-platform.server");
  const started = performance.now();
  const report = migratePlatform();
  console.log(JSON.stringify({ tenants: report.tenants, failed: report.failed.length, seconds: (performance.now() - started) / 1000 }));
} else if (task === "admin") {
  // The /admin list: control DB only, however many tenants.
  const { listTenantsWithStats } = await import("~/platform/tenants.server");
  const { openTenantHandlesCount } = await import("~/lib/tenant-db.server");
  const s = await time(() => listTenantsWithStats(controlDb()), { iterations: 50, warmup: 5 });
  console.log(JSON.stringify({ tenants: listTenantsWithStats(controlDb()).length, median: ms(s.median), p95: ms(s.p95), tenantFilesOpened: openTenantHandlesCount() }));
} else if (task === "export") {
  // The GDPR snapshot of the biggest tenant: how long, and how long the event loop was blocked
  // meanwhile (worker thread) compared with VACUUM INTO on the main thread (before the fix).
  const fs = await import("node:fs");
  const { snapshotTenant } = await import("~/platform/tenant-export.server");
  const { withTenantDb } = await import("~/lib/tenant-db.server");
  const id = controlDb().select({ id: tenants.id }).from(tenants).get()!.id;
  const measure = async (fn: () => Promise<string>) => {
    // A 5 ms ticker: the longest gap between two ticks is the longest the loop was blocked.
    let last = performance.now();
    let maxGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const file = await fn();
    const elapsed = performance.now() - started;
    await new Promise((r) => setTimeout(r, 20)); // let a late tick report the gap
    clearInterval(ticker);
    const bytes = fs.statSync(file).size;
    fs.rmSync(file, { force: true });
    return { seconds: (elapsed / 1000).toFixed(2), mb: (bytes / 1e6).toFixed(0), maxLoopBlockMs: maxGap.toFixed(0) };
  };
  const worker = await measure(() => snapshotTenant(id));
  const inline = await measure(async () => {
    const dest = path.join(path.dirname(process.env.TENANTS_DIR!), `inline-${Date.now()}.sqlite`);
    await withTenantDb(id, (db) => db.$client.prepare("VACUUM INTO ?").run(dest));
    return dest;
  });
  console.log(JSON.stringify({ worker, inline }));
}

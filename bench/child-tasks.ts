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

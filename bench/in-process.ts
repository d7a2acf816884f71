// In-process measurements against one dataset: the KPI loader, the full page render,
// ingestion throughput and the handle cache. Run as a child: `tsx bench/in-process.ts <dataDir>`.
import path from "node:path";
import { SESSION_SECRET, ms, stats, time } from "./lib";

const [dataDir, ...flags] = process.argv.slice(2);
process.env.CONTROL_DB_PATH = path.join(dataDir, "control.sqlite");
process.env.TENANTS_DIR = path.join(dataDir, "tenants");
process.env.SESSION_SECRET = SESSION_SECRET;
process.env.NODE_ENV = "production";

const { eq } = await import("drizzle-orm");
const { createRequestHandler } = await import("@remix-run/node");
const { users, memberships } = await import("../db/control.schema");
const { createUserSession } = await import("~/auth/auth.server");
const { controlDb } = await import("~/lib/control-db.server");
const kpiRoute = await import("~/routes/dashboard.kpis");

const db = controlDb();
const coach = db.select({ user: users, tenantId: memberships.tenantId }).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).get()!;
const cookie = (await createUserSession(coach.user, "/")).headers.get("Set-Cookie")!.split(";")[0];
const req = (url: string) => new Request(`http://localhost${url}`, { headers: { Cookie: cookie } });

const results: Record<string, string> = {};
for (const range of ["30", "90"]) {
  const s = await time(() => kpiRoute.loader({ request: req(`/dashboard/kpis?range=${range}`), params: {}, context: {} }), { iterations: 300 });
  results[`/dashboard/kpis loader, range ${range}`] = `median ${ms(s.median)}, p95 ${ms(s.p95)}`;
}

// The whole document: loaders + React server render, through Remix's request handler.
const build = await import(path.resolve("build/index.js"));
const handler = createRequestHandler(build, "production");
const page = await time(async () => {
  const res = await handler(req("/dashboard/kpis?range=30"));
  if (res.status !== 200) throw new Error(`page answered ${res.status}`);
  await res.text();
});
results["/dashboard/kpis full page render (HTML)"] = `median ${ms(page.median)}, p95 ${ms(page.p95)}`;

if (flags.includes("--ingest")) {
  const { createApiToken } = await import("~/platform/api-tokens.server");
  const { configureIngestRateLimit, configureIngestWorkBudget } = await import("~/ingest/rate-limit.server");
  const { newTenantId, tenantFilePath } = await import("~/lib/tenant-id.server");
  const { removeTenantFile, withTenantDb } = await import("~/lib/tenant-db.server");
  const { tenants } = await import("../db/control.schema");
  const api = await import("~/routes/api.v1.messages");
  // Measure the write path, not the limiters.
  configureIngestRateLimit({ points: 1e6, seconds: 1, burst: 1e6, burstSeconds: 1 });
  configureIngestWorkBudget({ ms: 1e9, seconds: 1, burstMs: 1e9, burstSeconds: 1 });
  // Ingest into a scratch copy of the 10k tenant, so that runs never pile data onto the dataset.
  const scratch = newTenantId();
  const copy = tenantFilePath(process.env.TENANTS_DIR!, scratch);
  await withTenantDb(coach.tenantId, (tdb) => tdb.$client.prepare(`VACUUM INTO '${copy}'`).run());
  db.insert(tenants).values({ id: scratch, slug: `bench-${scratch}`, name: "bench", specialty: "bench", fileName: `${scratch}.sqlite` }).run();
  const { token } = createApiToken(db, { tenantId: scratch, name: "bench", userId: coach.user.id });
  const batches = 40;
  const perBatch = 500;
  const stamp = Date.now();
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const messages = Array.from({ length: perBatch }, (_, i) => ({
      external_id: `bench-${stamp}-${b}-${i}`,
      instagram_id: `bench_ig_${(b * perBatch + i) % 2000}`,
      direction: i % 3 === 0 ? "in" : "out",
      text: "Salut ! Tu cherches à te remettre en forme ?",
      sent_at: new Date(stamp - (batches * perBatch - b * perBatch - i) * 1000).toISOString(),
    }));
    const request = new Request("http://localhost/api/v1/messages", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ messages }),
    });
    const t = performance.now();
    const res = (await api.action({ request, params: {}, context: {} })) as Response;
    samples.push(performance.now() - t);
    if (res.status >= 300) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  }
  removeTenantFile(scratch);
  db.delete(tenants).where(eq(tenants.id, scratch)).run();
  const total = samples.reduce((a, b) => a + b, 0);
  const s = stats(samples);
  results["ingestion, batches of 500 messages (2,000 leads)"] =
    `${Math.round((batches * perBatch) / (total / 1000)).toLocaleString("en")} messages/s (batch median ${ms(s.median)}, p95 ${ms(s.p95)})`;
}

console.log(JSON.stringify(results));

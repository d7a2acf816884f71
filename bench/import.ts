// Import of 50,000 rows (10 columns, cp1252, `;`) through the import routes and their worker
// thread, while coach B opens /dashboard: end-to-end seconds, peak RSS of the process (the
// worker thread included), B's loader latency alone and during the import.
// `npx tsx bench/import.ts [rows]` (seeds bench/.data/import-2x1k once).
import fs from "node:fs";
import path from "node:path";
import { ensureDataset } from "./datasets";
import { SESSION_SECRET, ms, stats } from "./lib";

const rows = Number(process.argv[2] ?? 50_000);
let phase = "before";
const dataDir = await ensureDataset({ name: "import-2x1k", coaches: 2, leads: 1000 });
process.env.CONTROL_DB_PATH = path.join(dataDir, "control.sqlite");
process.env.TENANTS_DIR = path.join(dataDir, "tenants");
process.env.SESSION_SECRET = SESSION_SECRET;
process.env.NODE_ENV = "production";

const { eq } = await import("drizzle-orm");
const { users, memberships, tenants } = await import("../db/control.schema");
const { createUserSession } = await import("~/auth/auth.server");
const { controlDb } = await import("~/lib/control-db.server");
const { newTenantId, tenantFilePath } = await import("~/lib/tenant-id.server");
const { removeTenantFile, withTenantDb } = await import("~/lib/tenant-db.server");
const { importFinished } = await import("~/crm/import/jobs.server");
const { largeCsvBytes } = await import("../tests/fixtures/csv/generate-large");
const focusRoute = await import("~/routes/dashboard._index");
const uploadRoute = await import("~/routes/dashboard.leads.import._index");
const stepRoute = await import("~/routes/dashboard.leads.import.$importId");

const db = controlDb();
const coaches = db.select({ user: users, tenantId: memberships.tenantId }).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).limit(2).all();
const [a, b] = coaches;
// A imports into a scratch copy of its file, so that every run starts from the same 1,000 leads.
const scratch = newTenantId();
await withTenantDb(a.tenantId, (tdb) => tdb.$client.prepare(`VACUUM INTO '${tenantFilePath(process.env.TENANTS_DIR!, scratch)}'`).run());
db.insert(tenants).values({ id: scratch, slug: `bench-${scratch}`, name: "bench", specialty: "bench", fileName: `${scratch}.sqlite` }).run();
db.update(memberships).set({ tenantId: scratch }).where(eq(memberships.userId, a.user.id)).run();

const cookieOf = async (user: typeof a.user) => (await createUserSession(user, "/")).headers.get("Set-Cookie")!.split(";")[0];
const cookieA = await cookieOf(a.user);
const cookieB = await cookieOf(b.user);
const ORIGIN = "http://localhost";
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

const file = path.join(dataDir, `import-${rows}.csv`);
if (!fs.existsSync(file)) fs.writeFileSync(file, largeCsvBytes(rows));
const bytes = fs.readFileSync(file);

/** B asks for /dashboard 5 ms after each answer; latency counts from when the request was due. */
async function dashboardOfB(until: () => boolean) {
  const samples: number[] = [];
  while (!until()) {
    const due = performance.now() + 5;
    await sleep(5);
    const res = (await focusRoute.loader({ request: new Request(`${ORIGIN}/dashboard`, { headers: { Cookie: cookieB } }), params: {}, context: {} })) as Response;
    samples.push(performance.now() - due);
    if (res.status !== 200) throw new Error(`/dashboard answered ${res.status}`);
  }
  return samples;
}

const alone = stats(await (async () => {
  const end = performance.now() + 3000;
  return dashboardOfB(() => performance.now() > end);
})());

let peak = process.memoryUsage.rss();
// Peak RSS per step, to see which one costs the memory.
const peakByPhase: Record<string, number> = {};
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  peak = Math.max(peak, rss);
  peakByPhase[phase] = Math.max(peakByPhase[phase] ?? 0, rss);
  if (process.env.BENCH_TIMELINE && timeline.length < 1000 && performance.now() - lastMark > 500) {
    lastMark = performance.now();
    timeline.push(`${((lastMark - started) / 1000).toFixed(1)}s ${(rss / 1e6).toFixed(0)}`);
  }
}, 20);
const timeline: string[] = [];
let lastMark = 0;
const rssBefore = process.memoryUsage.rss();
let done = false;
const during = dashboardOfB(() => done);
const started = performance.now();
// Main-thread stalls over 100 ms, and the step running when they happened.
phase = "upload";
const stalls: string[] = [];
let tick = performance.now();
const lag = setInterval(() => {
  const now = performance.now();
  if (now - tick > 110) stalls.push(`${(now - tick).toFixed(0)} ms during ${phase} at ${((now - started) / 1000).toFixed(1)} s`);
  tick = now;
}, 10);

const form = new FormData();
form.append("file", new File([new Uint8Array(bytes)], "excel-50k.csv", { type: "text/csv" }));
const uploaded = await uploadRoute.action({
  request: new Request(`${ORIGIN}/dashboard/leads/import?index`, { method: "POST", headers: { Cookie: cookieA, Origin: ORIGIN }, body: form }),
  params: {},
  context: {},
});
const location = (uploaded as Response).headers.get("Location");
if (!location) throw new Error(`upload answered ${(uploaded as Response).status}: ${await (uploaded as Response).text()}`);
const importId = location.split("/").pop()!;
// The steps are separate requests (the coach's browser between pages): let the loop turn between
// them, so that a stall is the time one request blocks the thread, not the sum of all four.
const betweenPages = () => sleep(20);
await betweenPages();
phase = "mapping page";
const post = (fields: Record<string, string>) =>
  stepRoute.action({
    request: new Request(`${ORIGIN}${location}`, { method: "POST", headers: { Cookie: cookieA, Origin: ORIGIN }, body: new URLSearchParams(fields) }),
    params: { importId },
    context: {},
  });
const page = JSON.parse(await ((await stepRoute.loader({ request: new Request(`${ORIGIN}${location}`, { headers: { Cookie: cookieA } }), params: { importId }, context: {} })) as Response).text());
const cols = Object.fromEntries(page.header.map((_: string, i: number) => [`col-${i}`, page.mapping[String(i)] ?? ""]));
await betweenPages();
phase = "mapping post";
await post({ intent: "mapping", encoding: page.imp.encoding, delimiter: "semicolon", ...cols });
await betweenPages();
phase = "start";
await post({ intent: "start", dedupeKey: "email", onDuplicate: "skip", tags: "bench" });
phase = "worker";
await importFinished(scratch, Number(importId));
clearInterval(lag);
const seconds = (performance.now() - started) / 1000;
done = true;
const duringStats = stats(await during);
clearInterval(sampler);

const report = await withTenantDb(scratch, (tdb) => tdb.$client.prepare("SELECT status, created, skipped, rejected, error FROM imports WHERE id = ?").get(Number(importId)));
db.update(memberships).set({ tenantId: a.tenantId }).where(eq(memberships.userId, a.user.id)).run();
removeTenantFile(scratch);
db.delete(tenants).where(eq(tenants.id, scratch)).run();

console.log(`import of ${rows} rows (${(bytes.length / 1e6).toFixed(1)} MB, cp1252, ;): ${seconds.toFixed(2)} s end to end, ${JSON.stringify(report)}`);
console.log(`peak RSS ${(peak / 1e6).toFixed(0)} MB (before the upload: ${(rssBefore / 1e6).toFixed(0)} MB; by step: ${Object.entries(peakByPhase).map(([k, v]) => `${k} ${(v / 1e6).toFixed(0)}`).join(", ")})`);
if (timeline.length) console.log(`RSS MB over time: ${timeline.join(", ")}`);
console.log(`coach B /dashboard alone: p50 ${ms(alone.median)}, p99 ${ms(alone.p99)} (n=${alone.n})`);
console.log(`coach B /dashboard during the import: p50 ${ms(duringStats.median)}, p99 ${ms(duringStats.p99)}, max ${ms(duringStats.max)} (n=${duringStats.n})`);
console.log(`main-thread stalls over 100 ms: ${stalls.join("; ") || "none"}`);
console.log(JSON.stringify({ seconds, peakRssMb: Math.round(peak / 1e6), bAloneP99: alone.p99, bDuringP99: duringStats.p99 }));
process.exit(0);

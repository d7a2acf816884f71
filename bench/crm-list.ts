// The CRM list's speed targets, in their own process: `tsx bench/crm-list.ts <task> <dataDir>`.
//   list     — /dashboard/leads loader (real route, signed-in request): search + 2 filters + sort
//   pipeline — /dashboard/pipeline loader
//   export   — /dashboard/leads/export.csv of every lead, read to the end: seconds and peak RSS
//   bulk     — each bulk action on "all N matching" (every lead), on a scratch copy of the tenant
//              file: how long it holds the thread (the event loop) at 100k leads
//   bulk-job — the same through the route's worker jobs (app/crm/bulk-jobs.server.ts): seconds
//              and the longest event-loop stall meanwhile. DESTRUCTIVE: give it a scratch copy.
import path from "node:path";
import { SESSION_SECRET, ms, time } from "./lib";

const [task, dataDir] = process.argv.slice(2);
process.env.CONTROL_DB_PATH = path.join(dataDir, "control.sqlite");
process.env.TENANTS_DIR = path.join(dataDir, "tenants");
process.env.SESSION_SECRET = SESSION_SECRET;

const { eq } = await import("drizzle-orm");
const { users, memberships } = await import("../db/control.schema");
const { controlDb } = await import("~/lib/control-db.server");
const { createUserSession } = await import("~/auth/auth.server");

const { user } = controlDb().select({ user: users }).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).get()!;
const cookie = (await createUserSession(user, "/")).headers.get("Set-Cookie")!.split(";")[0];
const get = (url: string) => new Request(`http://localhost${url}`, { headers: { Cookie: cookie } });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = async (loader: (a: any) => Promise<unknown>, url: string) => {
  const res = (await loader({ request: get(url), params: {}, context: {} })) as Response;
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return res;
};

// Searches that match ~1–10 % of the seed's leads, with two filters and a sort.
const LIST_URLS = [
  "/dashboard/leads?q=mar&status=engaged&status=qualified&source=story&sort=score_desc",
  "/dashboard/leads?q=lau&status=new&source=post&sort=last_contact_desc",
  "/dashboard/leads?q=gmail&tag=chaud&score_min=40&sort=name_asc",
  "/dashboard/leads?q=du&status=follow_up&source=story",
];

if (task === "list") {
  const list = await import("~/routes/dashboard.leads._index");
  const out: Record<string, string> = {};
  for (const url of LIST_URLS) {
    const total = JSON.parse(await (await call(list.loader, url)).text()).total;
    const s = await time(() => call(list.loader, url), { iterations: 200, warmup: 20 });
    out[`${url.replace("/dashboard/leads?", "")} (${total} results)`] = `median ${ms(s.median)}, p95 ${ms(s.p95)}`;
  }
  const s = await time(() => call(list.loader, "/dashboard/leads?sort=name_asc&page=20"), { iterations: 200, warmup: 20 });
  out["no filter, sort=name_asc, page 20"] = `median ${ms(s.median)}, p95 ${ms(s.p95)}`;
  console.log(JSON.stringify(out));
} else if (task === "pipeline") {
  const pipeline = await import("~/routes/dashboard.pipeline");
  const out: Record<string, string> = {};
  for (const url of ["/dashboard/pipeline", "/dashboard/pipeline?source=story&score_min=20", "/dashboard/pipeline?q=mar"]) {
    const s = await time(() => call(pipeline.loader, url), { iterations: 100, warmup: 10 });
    out[url] = `median ${ms(s.median)}, p95 ${ms(s.p95)}`;
  }
  console.log(JSON.stringify(out));
} else if (task === "export") {
  const exp = await import("~/routes/dashboard.leads.export[.]csv");
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const res = await call(exp.loader, "/dashboard/leads/export.csv?blacklisted=all");
  let bytes = 0;
  let rows = -1;
  for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) rows++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  console.log(JSON.stringify({ rows, size: mb(bytes), seconds: seconds.toFixed(2), rssBefore: mb(rssBefore), peakRss: mb(peak), maxRss: mb(process.resourceUsage().maxRSS * 1024) }));
} else if (task === "bulk") {
  const fs = await import("node:fs");
  const os = await import("node:os");
  const { openSqlite } = await import("~/lib/sqlite.server");
  const { parseLeadFilters } = await import("~/crm/lead-filters.server");
  const bulk = await import("~/crm/bulk.server");
  const { drizzle } = await import("drizzle-orm/better-sqlite3");
  const schema = await import("../db/tenant.schema");
  const source = path.join(dataDir, "tenants", fs.readdirSync(path.join(dataDir, "tenants")).find((f) => f.endsWith(".sqlite"))!);
  const scratch = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "crm-bulk-")), "t.sqlite");
  fs.copyFileSync(source, scratch);
  const sqlite = openSqlite(scratch, { fileMustExist: true });
  sqlite.pragma("cache_size = -1024"); // as the app's tenant connections
  const db = drizzle(sqlite, { schema });
  const all = (qs: string) => bulk.selectionQuery(sqlite, parseLeadFilters(new URLSearchParams(qs)), "all").valueOf() as ReturnType<typeof bulk.selectionQuery>;
  const out: Record<string, string> = {};
  const run = (name: string, fn: () => number) => {
    const started = performance.now();
    const n = fn();
    out[name] = `${n} leads, ${ms(performance.now() - started)}`;
  };
  try {
    run("count (confirmation page)", () => bulk.countSelection(sqlite, all("")));
    run("add tag", () => bulk.addTag(sqlite, all(""), "bench"));
    run("remove tag", () => bulk.removeTag(sqlite, all(""), "bench"));
    run("status → engaged", () => bulk.setStatus(sqlite, all(""), "engaged"));
    run("blacklist", () => bulk.blacklist(db as never, all("")));
    run("delete", () => bulk.deleteLeads(sqlite, all("blacklisted=all"), "bench"));
  } finally {
    sqlite.close();
    fs.rmSync(path.dirname(scratch), { recursive: true, force: true });
  }
  console.log(JSON.stringify(out));
} else if (task === "bulk-job") {
  const { monitorEventLoopDelay } = await import("node:perf_hooks");
  const { withTenantDb } = await import("~/lib/tenant-db.server");
  const { parseLeadFilters } = await import("~/crm/lead-filters.server");
  const bulk = await import("~/crm/bulk.server");
  const jobs = await import("~/crm/bulk-jobs.server");
  const { tenants } = await import("../db/control.schema");
  const tenantId = controlDb().select({ id: tenants.id }).from(tenants).get()!.id;
  const out: Record<string, string> = {};
  const steps: [string, import("~/crm/bulk-jobs.server").BulkParams, string][] = [
    ["add tag", { op: "tag_add", tag: "bench" }, ""],
    ["remove tag", { op: "tag_remove", tag: "bench" }, ""],
    ["status → engaged", { op: "status", status: "engaged" }, ""],
    ["blacklist", { op: "blacklist" }, ""],
    ["delete", { op: "delete" }, "blacklisted=all"],
  ];
  for (const [name, params, qs] of steps) {
    const { q, n } = await withTenantDb(tenantId, (db) => {
      const q = bulk.selectionQuery(db.$client, parseLeadFilters(new URLSearchParams(qs)), "all");
      return { q, n: bulk.countSelection(db.$client, q) };
    });
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const started = performance.now();
    jobs.startBulkJob(tenantId, params, q, n, "bench");
    await jobs.bulkJobFinished(tenantId);
    const seconds = (performance.now() - started) / 1000;
    lag.disable();
    const banner = jobs.takeBulkJobBanner(tenantId);
    out[name] = `${n} leads, ${seconds.toFixed(1)} s in the worker, event loop stalled at most ${ms(lag.max / 1e6)} (${banner?.message})`;
  }
  console.log(JSON.stringify(out));
}

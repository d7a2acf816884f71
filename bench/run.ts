// `npm run bench`: every speed target of the project, measured on this machine.
// Datasets are seeded once into bench/.data (pass --fresh to rebuild them).
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { DATASETS, ensureDataset } from "./datasets";
import { load } from "./http-load";
import { startServer } from "./lib";

const { values } = parseArgs({ options: { fresh: { type: "boolean", default: false }, quick: { type: "boolean", default: false } } });
const child = (script: string, args: string[]) =>
  JSON.parse(execFileSync("npx", ["tsx", script, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim().split("\n").pop()!);
const results: [string, string][] = [];
const report = (name: string, value: string) => {
  results.push([name, value]);
  console.log(`  ${name}: ${value}`);
};

execFileSync("npx", ["remix", "build"], { stdio: "ignore" });
console.log("Datasets");
const single = await ensureDataset(DATASETS.single10k, values);
const big = values.quick ? null : await ensureDataset(DATASETS.single100k, values);
const many = await ensureDataset(values.quick ? { name: "many-100x1k", coaches: 100, leads: 1000 } : DATASETS.many, values);

console.log("10k leads / ~80k messages");
for (const [k, v] of Object.entries(child("bench/in-process.ts", [single, "--ingest"]))) report(`10k: ${k}`, v as string);
if (big) {
  console.log("100k leads / ~800k messages");
  for (const [k, v] of Object.entries(child("bench/in-process.ts", [big]))) report(`100k: ${k}`, v as string);
}

console.log("CRM: leads list (search + 2 filters + sort), pipeline, CSV export");
for (const [k, v] of Object.entries(child("bench/crm-list.ts", ["list", single]))) report(`10k list: ${k}`, v as string);
if (big) {
  for (const [k, v] of Object.entries(child("bench/crm-list.ts", ["list", big]))) report(`100k list: ${k}`, v as string);
  for (const [k, v] of Object.entries(child("bench/crm-list.ts", ["pipeline", big]))) report(`100k pipeline: ${k}`, v as string);
  report("100k leads CSV export", JSON.stringify(child("bench/crm-list.ts", ["export", big])));
}

console.log("Clients and sessions (issue 8): Focus, clients and earnings loaders, 1,000 clients / 20,000 sessions in one tenant");
for (const [k, v] of Object.entries(child("bench/clients.ts", values.fresh ? ["--fresh"] : []))) report(`1k clients / 20k sessions: ${k}`, v as string);

console.log("Ingestion abuse: 3 senders × batches of 500 on one instagram_id of coach A; coach B's /dashboard");
for (const [k, v] of Object.entries(child("bench/abuse.ts", [many, "8"]))) report(k, v as string);

console.log("Nightly aggregation (90 days)");
const agg = child("bench/child-tasks.ts", ["aggregate", many, "90"]);
report(`aggregation of ${agg.tenants} tenants × 1k leads, 90 days`, `${agg.seconds.toFixed(2)} s (${agg.days} day rows, ${agg.failed} failed)`);

console.log("HTTP under load (autocannon, 50 connections, loopback)");
const cookies: string[] = child("bench/child-tasks.ts", ["cookies", many, "1000"]);
let server = await startServer(many, 3300);
const kpis = await load({ url: "http://127.0.0.1:3300/dashboard/kpis?range=30", cookies });
report(`/dashboard/kpis across ${cookies.length} tenants (handle LRU 256)`, `${kpis.reqPerSec} req/s, p50 ${kpis.p50} ms, p99 ${kpis.p99} ms, non-2xx ${kpis.non2xx}`);
const focusCached = await load({ url: "http://127.0.0.1:3300/dashboard", cookies: cookies.slice(0, 50) });
await server.stop();
server = await startServer(many, 3302, { TENANT_HANDLE_CACHE: "1024" });
const kpisWarm = await load({ url: "http://127.0.0.1:3302/dashboard/kpis?range=30", cookies });
await server.stop();
report(`/dashboard/kpis across ${cookies.length} tenants (handle LRU 1024: every file stays open)`, `${kpisWarm.reqPerSec} req/s, p50 ${kpisWarm.p50} ms, p99 ${kpisWarm.p99} ms, non-2xx ${kpisWarm.non2xx}`);
server = await startServer(many, 3301, { TENANT_HANDLE_CACHE: "0" });
const focusUncached = await load({ url: "http://127.0.0.1:3301/dashboard", cookies: cookies.slice(0, 50) });
await server.stop();
report("/dashboard across 50 tenants, handle LRU on", `${focusCached.reqPerSec} req/s, p99 ${focusCached.p99} ms`);
report("/dashboard across 50 tenants, TENANT_HANDLE_CACHE=0", `${focusUncached.reqPerSec} req/s, p99 ${focusUncached.p99} ms`);

console.log("Tenant handle (in process, 50 tenants)");
report("withTenantDb from the LRU", JSON.stringify(child("bench/child-tasks.ts", ["handles", many, "64"])));
report("withTenantDb opening the file", JSON.stringify(child("bench/child-tasks.ts", ["handles", many, "0"])));

console.log("Admin and GDPR export at scale");
const boot = child("bench/child-tasks.ts", ["boot-migrate", many]);
report(`boot-time check + migration of ${boot.tenants} tenants (quick_check each)`, `${boot.seconds.toFixed(2)} s, ${boot.failed} unavailable`);
const admin = child("bench/child-tasks.ts", ["admin", many]);
report(`/admin list of ${admin.tenants} tenants (control DB only)`, `median ${admin.median}, p95 ${admin.p95}, tenant files opened: ${admin.tenantFilesOpened}`);
const exp = child("bench/child-tasks.ts", ["export", big ?? single]);
report(`GDPR export snapshot, ${exp.worker.mb} MB tenant: worker thread`, `${exp.worker.seconds} s, event loop blocked at most ${exp.worker.maxLoopBlockMs} ms`);
report(`GDPR export snapshot, ${exp.inline.mb} MB tenant: VACUUM INTO on the main thread (before)`, `${exp.inline.seconds} s, event loop blocked at most ${exp.inline.maxLoopBlockMs} ms`);

console.log("CSV import (50,000 rows, cp1252, ';', through the real routes and worker)");
const imp = child("bench/import.ts", ["50000"]);
report("import of 50,000 rows end to end", `${imp.seconds.toFixed(1)} s, peak RSS ${imp.peakRssMb} MB; another coach's /dashboard p99 ${imp.bAloneP99.toFixed(1)} ms alone, ${imp.bDuringP99.toFixed(1)} ms during`);

console.log("Email (issue 10): Resend webhook ingestion through the built server over HTTP (target ≥ 500 events/s)");
for (const [k, v] of Object.entries(child("bench/email-webhook.ts", [values.quick ? "2000" : "10000", "16"]))) report(`Resend webhook: ${k}`, v as string);

console.log("Billing PDFs (issue 9): invoice, Factur-X, stored copy");
for (const [k, v] of Object.entries(child("bench/pdf.ts", [values.quick ? "50" : "200"]))) report(`PDF: ${k}`, v as string);

console.log("Email queue (issue 10): a 10,000-recipient campaign queued, then drained against the Resend stand-in (one 500, one crash)");
for (const [k, v] of Object.entries(child("bench/email-queue.ts", []))) report(`email: ${k}`, v as string);

console.log("\nSummary");
for (const [k, v] of results) console.log(`| ${k} | ${v} |`);

// Resend webhook ingestion (issue 10: ≥ 500 events/s), through the built server over HTTP:
// `npx tsx bench/email-webhook.ts [N] [C]` (npm run build first). Two coaches, each with a sending
// campaign of N/2 emails; one signed event per email (delivered, clicked, opened, bounced soft and
// hard, complained, in the proportions of a real campaign, under the auto-pause limits), posted
// with C in flight; then every event again (Resend's redeliveries: the duplicate path). The files
// are then counted: each event applied exactly once, nothing from the replays. Last line: JSON.
import fs from "node:fs";
import path from "node:path";
import { BENCH_DIR, ms, startServer, stats } from "./lib";

const [nArg, cArg] = process.argv.slice(2);
const N = Number(nArg ?? 10_000);
const C = Number(cArg ?? 16);
const port = 3195;

const dir = path.join(BENCH_DIR, "email-webhook");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const { TEST_RESEND_WEBHOOK_SECRET, resendEvent, signResendWebhook } = await import("~/email/resend-webhook.test-helpers");
Object.assign(process.env, {
  CONTROL_DB_PATH: path.join(dir, "control.sqlite"),
  TENANTS_DIR: path.join(dir, "tenants"),
  SESSION_SECRET: "bench-session-secret-0123456789abcdef",
  NODE_ENV: "production",
  RESEND_WEBHOOK_SECRET: TEST_RESEND_WEBHOOK_SECRET,
});

const { migrateAll } = await import("~/lib/migrate-all.server");
const { controlDb, closeControlDb } = await import("~/lib/control-db.server");
const { withTenantDb, closeAllTenantDbs } = await import("~/lib/tenant-db.server");
const { provisionTenant } = await import("~/platform/tenants.server");
const { setOpenTracking } = await import("~/email/webhook-events.server");
const { addSentCampaign } = await import("~/email/email-sends.test-helpers");

// Per 1,000 emails: 800 delivered, 120 clicked, 50 opened, 15 soft and 10 hard bounces (2.5 %),
// 2 complaints (0.2 %), 3 "email.sent": below both limits, so every event is applied.
const MIX: [string, number, { bounceType?: "Permanent" | "Transient" }?][] = [
  ["email.delivered", 800],
  ["email.clicked", 120],
  ["email.opened", 50],
  ["email.bounced", 15, { bounceType: "Transient" }],
  ["email.bounced", 10, { bounceType: "Permanent" }],
  ["email.complained", 2],
  ["email.sent", 3],
];
const typeAt = (i: number) => {
  let k = i % 1000;
  for (const m of MIX) {
    if (k < m[1]) return m;
    k -= m[1];
  }
  return MIX[0];
};

migrateAll();
type Planned = { id: string; body: string; type: string; hard: boolean };
const planned: Planned[] = [];
const tenantIds: string[] = [];
for (const name of ["Coach A", "Coach B"]) {
  const { tenant } = provisionTenant(controlDb(), { name, email: `${name.replace(" ", "").toLowerCase()}@bench.example`, specialty: "fitness" });
  tenantIds.push(tenant.id);
  const { rows } = await withTenantDb(tenant.id, (db) => {
    setOpenTracking(db, true);
    return addSentCampaign(db, N / 2);
  });
  rows.forEach((row, i) => {
    const [type, , extra] = typeAt(i);
    planned.push({ id: `msg_${tenant.id}_${row.id}`, type, hard: extra?.bounceType === "Permanent", body: resendEvent(type, { emailId: row.resendId, tenantId: tenant.id, sendId: row.id, ...extra, link: type === "email.clicked" ? "https://coach.example/offre" : undefined }) });
  });
}
// Interleave the two coaches as Resend would.
planned.sort((a, b) => (a.id.split("_").pop()! < b.id.split("_").pop()! ? -1 : 1));
closeAllTenantDbs();
closeControlDb();

const server = await startServer(dir, port, { RESEND_WEBHOOK_SECRET: TEST_RESEND_WEBHOOK_SECRET, EMAIL_WORKER: "off" });
const post = async (p: Planned) => {
  // Signed just before sending (the signature is valid for 5 minutes).
  const res = await fetch(`http://127.0.0.1:${port}/webhooks/resend`, { method: "POST", headers: { "Content-Type": "application/json", ...signResendWebhook(p.body, { id: p.id }) }, body: p.body });
  return { status: res.status, json: (await res.json()) as { duplicate?: boolean; ignored?: string; paused?: string } };
};

async function run(label: string, expectDuplicate: boolean, events = planned) {
  const samples: number[] = [];
  const problems: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < events.length) {
        const p = events[next++];
        const t = performance.now();
        const { status, json } = await post(p);
        samples.push(performance.now() - t);
        if (status !== 200 || json.duplicate !== expectDuplicate || json.ignored || json.paused) problems.push(`${p.id}: ${status} ${JSON.stringify(json)}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const s = stats(samples);
  const rate = Math.round(events.length / seconds);
  console.log(`${label.padEnd(40)} ${String(rate).padStart(6)} events/s   median ${ms(s.median)}   p95 ${ms(s.p95)}   max ${ms(s.max)}`);
  if (problems.length) throw new Error(`${label}: ${problems.length} unexpected answers, e.g. ${problems.slice(0, 3).join(" | ")}`);
  return { rate, p95: s.p95 };
}

// The first 5 % warm the server up (lazy modules, JIT), untimed; they are counted with the rest.
const warmUp = Math.ceil(N / 20);
console.log(`HTTP, built server: ${N} events over 2 coaches (${warmUp} of them to warm up), ${C} in flight`);
let fresh: { rate: number; p95: number };
let replay: { rate: number; p95: number };
try {
  await run("warm-up (new events, not reported)", false, planned.slice(0, warmUp));
  fresh = await run("new events", false, planned.slice(warmUp));
  replay = await run("redeliveries (already recorded)", true);
} finally {
  await server.stop();
}

// Every event applied once: count the effects in the files.
const expected = { events: planned.length, delivered: 0, clicked: 0, opened: 0, bounced: 0, hard: 0, complained: 0 };
for (const p of planned) {
  const key = p.type.slice("email.".length) as keyof typeof expected;
  if (key in expected) expected[key]++;
  if (p.hard) expected.hard++;
}
const counted = { events: 0, delivered: 0, clicked: 0, opened: 0, bounced: 0, hard: 0, complained: 0, suppressed: 0, paused: 0 };
for (const id of tenantIds) {
  const c = await withTenantDb(id, (db) =>
    db.$client
      .prepare(
        `SELECT (SELECT count(*) FROM email_events) AS events, count(delivered_at) AS delivered, count(clicked_at) AS clicked, count(opened_at) AS opened,
                count(bounced_at) AS bounced, count(CASE WHEN bounce_type = 'hard' THEN 1 END) AS hard, count(complained_at) AS complained,
                (SELECT count(*) FROM email_suppressions) AS suppressed, (SELECT count(*) FROM email_campaigns WHERE status = 'paused') AS paused
         FROM email_sends`,
      )
      .get() as typeof counted,
  );
  for (const k of Object.keys(counted) as (keyof typeof counted)[]) counted[k] += c[k];
}
const want = { ...expected, suppressed: expected.hard + expected.complained, paused: 0 };
const ok = (Object.keys(want) as (keyof typeof want)[]).every((k) => counted[k] === want[k]);
console.log(`applied: ${JSON.stringify(counted)}`);
console.log(`expected: ${JSON.stringify(want)} → ${ok ? "each event applied once" : "MISMATCH"}`);
console.log(
  JSON.stringify({
    [`${N - warmUp} signed events, ${C} in flight (HTTP)`]: `${fresh.rate} events/s, p95 ${ms(fresh.p95)}`,
    [`${N} redeliveries (duplicates)`]: `${replay.rate} events/s, p95 ${ms(replay.p95)}`,
    "events applied exactly once": ok ? `yes (${counted.events} recorded, ${counted.suppressed} addresses suppressed)` : `NO: ${JSON.stringify(counted)}`,
  }),
);
if (!ok) process.exit(1);

// The ingestion abuse of the hardening issue, in process: three senders post batches of 500
// messages on ONE instagram_id of tenant A (what an unresolved N8N expression produces) while
// coach B opens /dashboard. Reports B's loader latency alone, during the abuse, and during the
// abuse with the per-tenant work budget lifted. `tsx bench/abuse.ts <dataDir> [seconds per phase]`
import path from "node:path";
import { SESSION_SECRET, ms, stats } from "./lib";

const [dataDir, secondsArg = "8"] = process.argv.slice(2);
process.env.CONTROL_DB_PATH = path.join(dataDir, "control.sqlite");
process.env.TENANTS_DIR = path.join(dataDir, "tenants");
process.env.SESSION_SECRET = SESSION_SECRET;
process.env.NODE_ENV = "production";
const PHASE_MS = Number(secondsArg) * 1000;

const { eq } = await import("drizzle-orm");
const { users, memberships, tenants } = await import("../db/control.schema");
const { createUserSession } = await import("~/auth/auth.server");
const { controlDb } = await import("~/lib/control-db.server");
const { newTenantId, tenantFilePath } = await import("~/lib/tenant-id.server");
const { removeTenantFile, withTenantDb } = await import("~/lib/tenant-db.server");
const { createApiToken } = await import("~/platform/api-tokens.server");
const { configureIngestWorkBudget, DEFAULT_INGEST_WORK_BUDGET } = await import("~/ingest/rate-limit.server");
const focusRoute = await import("~/routes/dashboard._index");
const api = await import("~/routes/api.v1.messages");

const db = controlDb();
const coaches = db.select({ user: users, tenantId: memberships.tenantId }).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).limit(2).all();
if (coaches.length < 2) throw new Error("the abuse scenario needs a dataset with at least two coaches");
const [a, b] = coaches;

// Tenant A is a scratch copy of the first coach, so that runs never pile messages onto the dataset.
const scratch = newTenantId();
await withTenantDb(a.tenantId, (tdb) => tdb.$client.prepare(`VACUUM INTO '${tenantFilePath(process.env.TENANTS_DIR!, scratch)}'`).run());
db.insert(tenants).values({ id: scratch, slug: `bench-${scratch}`, name: "bench", specialty: "bench", fileName: `${scratch}.sqlite` }).run();
// One token per sender: three flows, so the per-token request limit is not what protects B.
const tokens = [1, 2, 3].map((n) => createApiToken(db, { tenantId: scratch, name: `flow ${n}`, userId: a.user.id }).token);

const cookie = (await createUserSession(b.user, "/")).headers.get("Set-Cookie")!.split(";")[0];
const sleep = (msToWait: number) => new Promise((r) => setTimeout(r, msToWait));

/**
 * Coach B asks for /dashboard 5 ms after each answer, until `until`. A request's latency runs
 * from the moment it is due, not from when the event loop gets to it: while A's writes block
 * the loop, B's request waits, as it would in the server's socket queue.
 */
async function dashboardOfB(until: number) {
  const samples: number[] = [];
  while (performance.now() < until) {
    const due = performance.now() + 5;
    await sleep(5);
    const res = (await focusRoute.loader({ request: new Request("http://localhost/dashboard", { headers: { Cookie: cookie } }), params: {}, context: {} })) as Response;
    samples.push(performance.now() - due);
    if (res.status !== 200) throw new Error(`/dashboard answered ${res.status}`);
  }
  return samples;
}

type SenderReport = { batches: number; messages: number; refused: number };

/**
 * One flow forwarding DMs as they come: each batch holds the messages since its previous batch
 * (so the three flows' batches interleave in time), all on the same unresolved instagram_id.
 * On 429 it retries 50 ms later, ignoring Retry-After, as an impatient integration would.
 */
async function sender(n: number, instagramId: string, until: number, report: SenderReport) {
  let since = Date.now() - 1000;
  let body: string | null = null;
  for (let batch = 0; performance.now() < until; ) {
    const now = Date.now();
    // Built once per batch and sent again as is after a 429: a remote sender's work, not the server's.
    body ??= JSON.stringify({
      messages: Array.from({ length: 500 }, (_, i) => ({
        external_id: `abuse-${instagramId}-${n}-${batch}-${i}`,
        instagram_id: instagramId,
        direction: (i + n) % 3 === 0 ? "in" : "out",
        text: "Salut ! Tu cherches à te remettre en forme ?",
        sent_at: new Date(since + Math.floor(((now - since) * i) / 500)).toISOString(),
      })),
    });
    const request = new Request("http://localhost/api/v1/messages", {
      method: "POST",
      headers: { Authorization: `Bearer ${tokens[n]}`, "Content-Type": "application/json" },
      body,
    });
    const res = (await api.action({ request, params: {}, context: {} })) as Response;
    if (res.status === 429) {
      report.refused++;
      await sleep(50);
      continue;
    }
    if (res.status >= 300) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    report.batches++;
    report.messages += 500;
    since = now;
    body = null;
    batch++;
    await sleep(0);
  }
}

async function phase(abuse: "none" | "budget" | "no budget") {
  const until = performance.now() + PHASE_MS;
  const reports: SenderReport[] = [0, 1, 2].map(() => ({ batches: 0, messages: 0, refused: 0 }));
  // A new instagram_id per phase: each abuse starts from an empty lead, as the first one did.
  const instagramId = `{{ $json.ig_user_id }} ${abuse}`;
  const senders = abuse === "none" ? [] : reports.map((r, n) => sender(n, instagramId, until, r));
  const [samples] = await Promise.all([dashboardOfB(until), ...senders]);
  const s = stats(samples);
  const sent = reports.reduce((t, r) => ({ batches: t.batches + r.batches, messages: t.messages + r.messages, refused: t.refused + r.refused }));
  const abuseNote = abuse === "none" ? "" : `; A: ${sent.messages.toLocaleString("en")} messages accepted in ${sent.batches} batches, ${sent.refused} answered 429`;
  return `p50 ${ms(s.median)}, p99 ${ms(s.p99)}, max ${ms(s.max)} (${s.n} loads)${abuseNote}`;
}

const results: Record<string, string> = {};
try {
  results["B's /dashboard loader, alone"] = await phase("none");
  configureIngestWorkBudget(DEFAULT_INGEST_WORK_BUDGET);
  results["B's /dashboard loader, during the abuse of A (work budget on)"] = await phase("budget");
  configureIngestWorkBudget({ ms: 1e9, seconds: 1, burstMs: 1e9, burstSeconds: 1 });
  results["B's /dashboard loader, during the abuse of A (work budget lifted)"] = await phase("no budget");
} finally {
  removeTenantFile(scratch);
  db.delete(tenants).where(eq(tenants.id, scratch)).run();
}
console.log(JSON.stringify(results));

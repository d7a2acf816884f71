// Stripe Connect webhook throughput: N signed `checkout.session.completed` events (one per issued
// invoice of one coach), then the same N again (replays: the duplicate path), sent one at a time
// (latency) and with C in flight (throughput).
//   npx tsx bench/stripe-webhook.ts [N] [C]          — against the route's action, in process
//   npx tsx bench/stripe-webhook.ts [N] [C] --http   — against the built server (npm run build), over HTTP
import fs from "node:fs";
import path from "node:path";
import { BENCH_DIR, ms, SESSION_SECRET, startServer, stats } from "./lib";

const [nArg, cArg, ...flags] = process.argv.slice(2);
const N = Number(nArg ?? 1000);
const C = Number(cArg ?? 16);
const overHttp = flags.includes("--http");
const SECRET = "whsec_bench";
const ACCOUNT = "acct_bench";

const dir = path.join(BENCH_DIR, "stripe-webhook");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
Object.assign(process.env, {
  CONTROL_DB_PATH: path.join(dir, "control.sqlite"),
  TENANTS_DIR: path.join(dir, "tenants"),
  SESSION_SECRET,
  NODE_ENV: "production",
  STRIPE_SECRET_KEY: "sk_test_bench",
  STRIPE_WEBHOOK_SECRET: SECRET,
});

const { default: Stripe } = await import("stripe");
const { stripeAccounts } = await import("../db/control.schema");
const { migrateAll } = await import("~/lib/migrate-all.server");
const { controlDb, closeControlDb } = await import("~/lib/control-db.server");
const { withTenantDb, closeAllTenantDbs } = await import("~/lib/tenant-db.server");
const { provisionTenant } = await import("~/platform/tenants.server");
const { updateBillingProfile } = await import("~/billing/billing-profile.server");
const { createDraftInvoice, issueInvoice } = await import("~/billing/invoices.server");
const webhook = await import("~/routes/webhooks.stripe");

migrateAll();
const { tenant } = provisionTenant(controlDb(), { name: "Bench Coach", email: "bench@example.fr", specialty: "fitness" });
controlDb().insert(stripeAccounts).values({ accountId: ACCOUNT, tenantId: tenant.id }).run();
const invoiceIds = await withTenantDb(tenant.id, (db) => {
  updateBillingProfile(db, { legalName: "Bench EI", address: "1 rue de la Paix", postalCode: "75002", city: "Paris", siren: "732829320", stripeAccountId: ACCOUNT, stripeChargesEnabled: true });
  const clientId = Number(db.$client.prepare("INSERT INTO clients (first_name, last_name, email, address, postal_code, city, created_at, updated_at) VALUES ('Claire', 'Martin', 'c@example.fr', '3 rue Haute', '69001', 'Lyon', 0, 0)").run().lastInsertRowid);
  return Array.from({ length: N }, () => {
    const id = createDraftInvoice(db, { clientId, lines: [{ description: "Séance", quantity: 100, unitPriceCents: 9000, vatRateBps: 0 }] });
    issueInvoice(db, id, { tenantId: tenant.id, coachEmail: "bench@example.fr" });
    return id;
  });
});

const signer = new Stripe("sk_test_bench");
const bodies = invoiceIds.map((id) =>
  JSON.stringify({
    id: `evt_bench_${id}`,
    object: "event",
    type: "checkout.session.completed",
    account: ACCOUNT,
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: `cs_bench_${id}`, object: "checkout.session", amount_total: 9000, currency: "eur", client_reference_id: String(id), metadata: { coach_os: "1", invoice_id: String(id), attempt: "1" }, payment_intent: `pi_bench_${id}`, payment_status: "paid" } },
  }),
);
// Signed just before sending (the signature is valid for 300 s).
const sign = (payload: string) => signer.webhooks.generateTestHeaderString({ payload, secret: SECRET });

let server: { stop: () => Promise<void> } | undefined;
const port = 3190;
let send: (payload: string) => Promise<number>;
if (overHttp) {
  closeAllTenantDbs();
  closeControlDb();
  server = await startServer(dir, port, { STRIPE_SECRET_KEY: "sk_test_bench", STRIPE_WEBHOOK_SECRET: SECRET });
  send = async (payload) => {
    const res = await fetch(`http://127.0.0.1:${port}/webhooks/stripe`, { method: "POST", headers: { "Content-Type": "application/json", "Stripe-Signature": sign(payload) }, body: payload });
    await res.text();
    return res.status;
  };
} else {
  send = async (payload) => {
    const req = new Request("http://localhost/webhooks/stripe", { method: "POST", headers: { "Content-Type": "application/json", "Stripe-Signature": sign(payload) }, body: payload });
    const res = await webhook.action({ request: req, params: {}, context: {} });
    await res.text();
    return res.status;
  };
}

async function run(label: string, payloads: string[], concurrency: number) {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < payloads.length) {
        const payload = payloads[next++];
        const t = performance.now();
        const status = await send(payload);
        samples.push(performance.now() - t);
        if (status !== 200) throw new Error(`${label}: answered ${status}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const s = stats(samples);
  console.log(`${label.padEnd(44)} ${Math.round(payloads.length / seconds).toString().padStart(6)} events/s   median ${ms(s.median)}   p95 ${ms(s.p95)}   max ${ms(s.max)}`);
}

const half = Math.floor(N / 2);
console.log(`${overHttp ? "HTTP, built server" : "in process, route action"}: ${N} invoices, ${C} in flight for the concurrent runs`);
try {
  await run("new events, one at a time", bodies.slice(0, half), 1);
  await run(`new events, ${C} in flight`, bodies.slice(half), C);
  await run(`replays (already recorded), ${C} in flight`, bodies, C);
} finally {
  await server?.stop();
}
const paid = await withTenantDb(tenant.id, (db) => db.$client.prepare("SELECT count(*) AS n FROM payments").get() as { n: number });
console.log(`payments recorded: ${paid.n} (expected ${N})`);
if (paid.n !== N) process.exit(1);

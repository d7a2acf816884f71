// The email queue worker against the real `resend` SDK pointed at a local stand-in.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setupTestDb } from "../../tests/helpers";
import { controlDb } from "~/lib/control-db.server";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { provisionTenant } from "~/platform/tenants.server";
import { listOutbox } from "./email.server";
import { enqueueSends, type NewSend } from "./queue.server";
import { takeToken } from "./rate-limit.server";
import { suppressEmail } from "./recipients.server";
import { configureResend, startResendStandIn, type ResendStandIn } from "./resend-stand-in.test-helpers";
import { UNSUBSCRIBE_SENTINEL } from "./templates/render.server";
import { readUnsubscribeToken } from "./unsubscribe-token.server";
import { drainDueTenants, startEmailWorker } from "./worker-loop.server";
import { getEnv } from "~/env.server";
import { pauseCampaign, resumeCampaign, stopCampaign } from "./campaigns.server";
import { EmailRateLimitedError, sendEmail } from "./email.server";
import { holdBucket } from "./rate-limit.server";
import { BACKOFF_MS, drainTenant, fromAddress, LEASE_MS, MAX_ATTEMPTS, newBatchKey, nextDueAt, safeDisplayName } from "./worker.server";
import { sendStatusLabel, UNCERTAIN_PREFIX } from "./send-status";

let standIn: ResendStandIn;
let seq = 0;

beforeAll(async () => {
  setupTestDb();
  standIn = await startResendStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => {
  configureResend(standIn);
  standIn.reset();
  controlDb().$client.prepare("DELETE FROM rate_buckets").run();
});
afterEach(() => configureResend(null));

async function tenant() {
  const n = ++seq;
  const { tenant } = provisionTenant(controlDb(), { name: `Coach ${n}`, email: `coach${n}@test.local`, specialty: "fitness" });
  const db = await withTenantDb(tenant.id, (db) => db);
  return { id: tenant.id, db };
}

function addLeads(db: TenantDb, count: number, prefix = "lead") {
  const insert = db.$client.prepare("INSERT INTO leads (first_name, email, created_at, created_day, updated_at) VALUES (?, ?, 0, '2026-01-01', 0)");
  return Array.from({ length: count }, (_, i) => ({ id: Number(insert.run(`Prénom${i}`, `${prefix}${i}@example.fr`).lastInsertRowid), email: `${prefix}${i}@example.fr`, firstName: `Prénom${i}` }));
}

function addCampaign(db: TenantDb, status = "sending") {
  const html = `<p>Bonjour {{firstName}}</p><p><a href="${UNSUBSCRIBE_SENTINEL}">Se désinscrire</a></p>`;
  const text = `Bonjour {{firstName}}\nSe désinscrire : ${UNSUBSCRIBE_SENTINEL}`;
  return Number(
    db.$client
      .prepare("INSERT INTO email_campaigns (name, subject, compiled_html, compiled_text, fallbacks, status, created_at, updated_at) VALUES ('Rentrée', 'Hello {{firstName}}', ?, ?, ?, ?, 0, 0)")
      .run(html, text, JSON.stringify({ firstName: "cher client" }), status).lastInsertRowid,
  );
}

function queueCampaign(db: TenantDb, tenantId: string, campaignId: number, leads: { id: number; email: string; firstName: string }[], now = new Date()) {
  const sends: NewSend[] = leads.map((l) => ({ idempotencyKey: `campaign-${campaignId}-lead-${l.id}`, campaignId, leadId: l.id, category: "marketing", toEmail: l.email, subject: "Hello {{firstName}}", variables: { firstName: l.firstName } }));
  return enqueueSends(db, tenantId, sends, now);
}

const rows = (db: TenantDb) =>
  db.$client.prepare("SELECT id, to_email AS toEmail, status, attempts, batch_key AS batchKey, resend_id AS resendId, error, next_attempt_at AS nextAttemptAt, lease_until AS leaseUntil FROM email_sends ORDER BY id").all() as {
    id: number;
    toEmail: string;
    status: string;
    attempts: number;
    batchKey: string | null;
    resendId: string | null;
    error: string | null;
    nextAttemptAt: number;
    leaseUntil: number | null;
  }[];
const batchRequests = () => standIn.requests.filter((r) => r.path === "/emails/batch");
const fixedClock = (at: Date) => () => at;

describe("drainTenant", () => {
  it("sends campaign rows in batches of 100 with the recipient's copy, RFC 8058 headers and tenant/send tags, then marks the campaign sent and notifies", async () => {
    const { id, db } = await tenant();
    const leads = addLeads(db, 150);
    const campaignId = addCampaign(db);
    queueCampaign(db, id, campaignId, leads);

    const report = await drainTenant(db, id, { rate: { ratePerSecond: 100 } });

    expect(report).toMatchObject({ batches: 2, sent: 150, failed: 0, cancelled: 0, finishedCampaigns: [campaignId] });
    const requests = batchRequests();
    expect(requests.map((r) => (r.body as unknown[]).length)).toEqual([100, 50]);
    expect(requests[0].headers["idempotency-key"]).toBe(rows(db)[0].batchKey);
    expect(requests[0].headers["idempotency-key"]).not.toBe(requests[1].headers["idempotency-key"]);
    const first = (requests[0].body as { to: string; subject: string; html: string; text: string; headers: Record<string, string>; tags: { name: string; value: string }[] }[])[0];
    expect(first.to).toBe("lead0@example.fr");
    expect(first.subject).toBe("Hello Prénom0");
    expect(first.html).toContain("Bonjour Prénom0");
    const url = first.headers["List-Unsubscribe"].slice(1, -1);
    expect(url).toMatch(/^http:\/\/localhost:3000\/u\//);
    expect(first.html).toContain(url);
    expect(first.text).toContain(url);
    expect(readUnsubscribeToken(url.split("/u/")[1])).toMatchObject({ tenantId: id });
    expect(first.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(first.tags).toEqual([
      { name: "tenant", value: id },
      { name: "send", value: String(rows(db)[0].id) },
    ]);
    const all = rows(db);
    expect(all.every((r) => r.status === "sent" && r.resendId?.startsWith("re_standin_") && r.leaseUntil === null)).toBe(true);
    expect(new Set(all.map((r) => r.resendId)).size).toBe(150);
    const campaign = db.$client.prepare("SELECT status, finished_at AS finishedAt FROM email_campaigns WHERE id = ?").get(campaignId) as { status: string; finishedAt: number | null };
    expect(campaign.status).toBe("sent");
    expect(campaign.finishedAt).not.toBeNull();
    const note = db.$client.prepare("SELECT kind, title, body, href FROM notifications").all() as { kind: string; title: string; body: string; href: string }[];
    expect(note).toEqual([{ kind: "campaign_finished", title: "Campagne « Rentrée » envoyée", body: "150 envoyé(s)", href: `/dashboard/email/campaigns/${campaignId}` }]);
  });

  it("transactional rows keep their own copy and carry no unsubscribe headers", async () => {
    const { id, db } = await tenant();
    enqueueSends(db, id, [{ idempotencyKey: "invoice-1", category: "transactional", toEmail: "client@example.fr", subject: "Votre facture", html: "<p>Facture</p>", text: "Facture" }]);
    await drainTenant(db, id);
    const [email] = batchRequests()[0].body as { subject: string; html: string; headers?: unknown; tags: unknown[] }[];
    expect(email).toMatchObject({ subject: "Votre facture", html: "<p>Facture</p>" });
    expect(email.headers).toBeUndefined();
    expect(email.tags).toHaveLength(2);
  });

  it("a crash between Resend's acceptance and the recording: the next drain re-sends the same batch under the same key and each recipient gets exactly one email", async () => {
    const { id, db } = await tenant();
    const leads = addLeads(db, 120);
    queueCampaign(db, id, addCampaign(db), leads);
    const t0 = new Date();
    await expect(
      drainTenant(db, id, {
        now: fixedClock(t0),
        afterSend: () => {
          throw new Error("process killed");
        },
      }),
    ).rejects.toThrow("process killed");
    // The stand-in delivered the first batch; nothing is recorded: 100 rows still `sending`.
    expect(standIn.deliveries).toHaveLength(100);
    expect(rows(db).filter((r) => r.status === "sending")).toHaveLength(100);
    const key = batchRequests()[0].headers["idempotency-key"];

    // Before the lease passes, another drain leaves that batch alone (it may still be in flight).
    const early = await drainTenant(db, id, { now: fixedClock(new Date(t0.getTime() + 1000)) });
    expect(early.sent).toBe(20);
    expect(rows(db).filter((r) => r.status === "sending")).toHaveLength(100);

    const later = await drainTenant(db, id, { now: fixedClock(new Date(t0.getTime() + LEASE_MS + 1)) });
    expect(later.sent).toBe(100);
    const resent = batchRequests().filter((r) => r.headers["idempotency-key"] === key);
    expect(resent).toHaveLength(2);
    expect(standIn.deliveries).toHaveLength(120);
    for (const l of leads) expect(standIn.deliveredTo(l.email)).toBe(1);
    const all = rows(db);
    expect(all.every((r) => r.status === "sent")).toBe(true);
    // The recorded ids are those of the first (only) delivery.
    const delivered = new Map(standIn.deliveries.map((d) => [String(d.to), d.id]));
    for (const r of all) expect(r.resendId).toBe(delivered.get(r.toEmail));
  });

  it("recovers rows left `sending` by a crash before the call, once their lease has passed", async () => {
    const { id, db } = await tenant();
    const leads = addLeads(db, 3);
    queueCampaign(db, id, addCampaign(db), leads);
    const t0 = Date.now();
    const key = newBatchKey(new Date(t0 - LEASE_MS - 1));
    db.$client.prepare("UPDATE email_sends SET status = 'sending', batch_key = ?, lease_until = ?").run(key, t0 - 1);
    expect(nextDueAt(db)?.getTime()).toBe(t0 - 1);

    const report = await drainTenant(db, id);

    expect(report.sent).toBe(3);
    expect(batchRequests().map((r) => r.headers["idempotency-key"])).toEqual([key]);
    for (const l of leads) expect(standIn.deliveredTo(l.email)).toBe(1);
    expect(nextDueAt(db)).toBeNull();
  });

  it("a 500 puts the batch back with backoff and jitter; the retry goes under the same key and succeeds", async () => {
    const { id, db } = await tenant();
    const leads = addLeads(db, 5);
    queueCampaign(db, id, addCampaign(db), leads);
    standIn.failNext(1);
    const t0 = new Date();

    const first = await drainTenant(db, id, { now: fixedClock(t0), random: () => 1 });
    expect(first).toMatchObject({ sent: 0, retried: 5 });
    const queued = rows(db);
    expect(queued.every((r) => r.status === "queued" && r.attempts === 1 && r.error?.includes("internal_server_error"))).toBe(true);
    expect(queued[0].nextAttemptAt).toBe(t0.getTime() + 72_000); // 1 min + 20 % jitter
    expect(standIn.deliveries).toHaveLength(0);

    expect((await drainTenant(db, id, { now: fixedClock(new Date(t0.getTime() + 60_000)) })).batches).toBe(0);
    const second = await drainTenant(db, id, { now: fixedClock(new Date(t0.getTime() + 72_000)) });
    expect(second.sent).toBe(5);
    const [a, b] = batchRequests();
    expect(b.headers["idempotency-key"]).toBe(a.headers["idempotency-key"]);
    expect(rows(db).every((r) => r.status === "sent" && r.attempts === 2 && r.error === null)).toBe(true);
    for (const l of leads) expect(standIn.deliveredTo(l.email)).toBe(1);
  });

  it("fails the rows with the reason after the last attempt", async () => {
    const { id, db } = await tenant();
    queueCampaign(db, id, addCampaign(db), addLeads(db, 2));
    standIn.failNext(MAX_ATTEMPTS);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      // Each retry when it is due (no jitter: random 0.5).
      await drainTenant(db, id, { now: fixedClock(new Date(Math.max(Date.now(), rows(db)[0].nextAttemptAt))), random: () => 0.5 });
    }
    expect(batchRequests()).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(batchRequests().map((r) => r.headers["idempotency-key"])).size).toBe(1);
    expect(BACKOFF_MS.reduce((a, b) => a + b) * 1.2).toBeLessThan(23 * 3_600_000);
    const all = rows(db);
    expect(all.map((r) => r.status)).toEqual(["failed", "failed"]);
    expect(all[0].attempts).toBe(MAX_ATTEMPTS);
    expect(all[0].error).toContain(`Échec après ${MAX_ATTEMPTS} tentatives`);
    expect(all[0].error).toContain("internal_server_error");
    expect(nextDueAt(db)).toBeNull();
  });

  it("a validation error fails the batch at once with Resend's message", async () => {
    const { id, db } = await tenant();
    enqueueSends(db, id, [{ idempotencyKey: "x-1", category: "transactional", toEmail: "pas-une-adresse", subject: "s", html: "h", text: "t" }]);
    const report = await drainTenant(db, id);
    expect(report.failed).toBe(1);
    const [row] = rows(db);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.error).toContain("Invalid `to` field");
  });

  it("a 429 holds every tenant for Retry-After and puts the batch back unsent", async () => {
    const { id, db } = await tenant();
    const leads = addLeads(db, 4);
    queueCampaign(db, id, addCampaign(db), leads);
    standIn.rateLimitNext(1, 2);
    const t0 = new Date();
    const report = await drainTenant(db, id, { now: fixedClock(t0) });
    expect(report).toMatchObject({ rateLimited: true, sent: 0, retried: 0 });
    const all = rows(db);
    expect(all.every((r) => r.status === "queued" && r.attempts === 0 && r.batchKey === null && r.nextAttemptAt === t0.getTime() + 2000)).toBe(true);
    // The shared bucket: any tenant asking for a token now waits about 2 s.
    expect(takeToken()).toBeGreaterThan(1500);
    controlDb().$client.prepare("DELETE FROM rate_buckets").run();
    expect((await drainTenant(db, id, { now: fixedClock(new Date(t0.getTime() + 2000)) })).sent).toBe(4);
    for (const l of leads) expect(standIn.deliveredTo(l.email)).toBe(1);
  });

  it("leaves the rows of paused, stopped and draft campaigns untouched", async () => {
    const { id, db } = await tenant();
    for (const status of ["paused", "stopped", "draft"]) queueCampaign(db, id, addCampaign(db, status), addLeads(db, 2, status));
    const report = await drainTenant(db, id);
    expect(report.batches).toBe(0);
    expect(batchRequests()).toHaveLength(0);
    expect(rows(db).every((r) => r.status === "queued" && r.batchKey === null)).toBe(true);
    expect(nextDueAt(db)).toBeNull();
  });

  it("starts a scheduled campaign whose rows are due, not before", async () => {
    const { id, db } = await tenant();
    const campaignId = addCampaign(db, "scheduled");
    const at = new Date(Date.now() + 3_600_000);
    enqueueSends(db, id, addLeads(db, 2).map((l) => ({ idempotencyKey: `c-${l.id}`, campaignId, leadId: l.id, category: "marketing" as const, toEmail: l.email, subject: "s", variables: {}, notBefore: at })));
    expect((await drainTenant(db, id)).batches).toBe(0);
    expect(nextDueAt(db)?.getTime()).toBe(at.getTime());
    const report = await drainTenant(db, id, { now: fixedClock(at) });
    expect(report).toMatchObject({ sent: 2, finishedCampaigns: [campaignId] });
    const c = db.$client.prepare("SELECT status, started_at AS startedAt FROM email_campaigns WHERE id = ?").get(campaignId) as { status: string; startedAt: number };
    expect(c).toEqual({ status: "sent", startedAt: at.getTime() });
  });

  it("cancels, just before sending, marketing rows of people who unsubscribed, bounced or were blacklisted after queueing; transactional ones only for a bounce", async () => {
    const { id, db } = await tenant();
    const leads = addLeads(db, 4);
    const campaignId = addCampaign(db);
    queueCampaign(db, id, campaignId, leads);
    enqueueSends(db, id, [
      { idempotencyKey: "inv-1", category: "transactional", toEmail: leads[0].email, subject: "Facture", html: "h", text: "t" },
      { idempotencyKey: "inv-2", category: "transactional", toEmail: leads[1].email, subject: "Facture", html: "h", text: "t" },
    ]);
    suppressEmail(db, leads[0].email, "unsubscribed");
    suppressEmail(db, leads[1].email, "bounced");
    db.$client.prepare("UPDATE leads SET blacklisted = 1 WHERE id = ?").run(leads[2].id);

    const report = await drainTenant(db, id);

    expect(report).toMatchObject({ sent: 2, cancelled: 4 });
    expect(rows(db).map((r) => [r.toEmail, r.status, r.error])).toEqual([
      [leads[0].email, "cancelled", "unsubscribed"],
      [leads[1].email, "cancelled", "bounced"],
      [leads[2].email, "cancelled", "blacklisted"],
      [leads[3].email, "sent", null],
      [leads[0].email, "sent", null],
      [leads[1].email, "cancelled", "bounced"],
    ]);
    expect(standIn.deliveredTo(leads[0].email)).toBe(1);
    expect(standIn.deliveredTo(leads[1].email)).toBe(0);
    expect(db.$client.prepare("SELECT status FROM email_campaigns WHERE id = ?").get(campaignId)).toEqual({ status: "sent" });
  });

  it("without RESEND_API_KEY sends to the development outbox, resend_id outbox-<n>", async () => {
    configureResend(null);
    const { id, db } = await tenant();
    const leads = addLeads(db, 2);
    queueCampaign(db, id, addCampaign(db), leads);
    const report = await drainTenant(db, id);
    expect(report.sent).toBe(2);
    expect(standIn.requests).toHaveLength(0);
    const outbox = listOutbox();
    const all = rows(db);
    for (const r of all) {
      const entry = outbox.find((o) => `outbox-${o.id}` === r.resendId);
      expect(entry?.to).toBe(r.toEmail);
      expect(entry?.html).toContain("Bonjour Prénom");
    }
  });
});

describe("rate limit", () => {
  it("the bucket never grants more than the rate in any second, whoever asks (fake clock)", () => {
    const granted: number[] = [];
    // Two tenants asking every 7 ms for 5 simulated seconds.
    for (let t = 1_000_000; t < 1_005_000; t += 7) {
      for (let tenant = 0; tenant < 2; tenant++) if (takeToken("test-fake", { ratePerSecond: 4, now: t }) === 0) granted.push(t);
    }
    expect(granted.length).toBeGreaterThanOrEqual(19);
    for (let i = 0; i + 4 < granted.length; i++) expect(granted[i + 4] - granted[i]).toBeGreaterThanOrEqual(1000);
  });

  it("two tenants draining together stay under RESEND_RATE_PER_SECOND at the stand-in", async () => {
    process.env.RESEND_RATE_PER_SECOND = "5";
    configureResend(standIn);
    try {
      const a = await tenant();
      const b = await tenant();
      for (const t of [a, b]) queueCampaign(t.db, t.id, addCampaign(t.db), addLeads(t.db, 250));
      // Warm the SDK's connection first: the very first request of a process arrives late.
      const warm = await tenant();
      enqueueSends(warm.db, warm.id, [{ idempotencyKey: "warm-up", category: "transactional", toEmail: "warm@example.fr", subject: "s", html: "h", text: "t" }]);
      await drainTenant(warm.db, warm.id);
      standIn.reset();
      const reports = await Promise.all([drainTenant(a.db, a.id), drainTenant(b.db, b.id)]);
      expect(reports.map((r) => r.sent)).toEqual([250, 250]);
      const at = batchRequests().map((r) => r.at);
      expect(at).toHaveLength(6);
      // Three requests from each tenant, and requests 5 apart lie a second apart at the stand-in
      // (150 ms allowed for the jitter between taking a token and arriving on a loaded machine).
      // A limiter per tenant would let the two drains run side by side (6 requests in ~400 ms),
      // none at all in a few ms; the order in which the two drains win tokens is not a property
      // (a loaded machine may serve one tenant's three first), so it is not asserted.
      const tenants = batchRequests().map((r) => (r.body as { tags: { value: string }[] }[])[0].tags[0].value);
      expect([a.id, b.id].map((id) => tenants.filter((t) => t === id).length)).toEqual([3, 3]);
      for (let i = 0; i + 5 < at.length; i++) expect(at[i + 5] - at[i]).toBeGreaterThanOrEqual(850);
    } finally {
      delete process.env.RESEND_RATE_PER_SECOND;
    }
  });
});

describe("drainDueTenants", () => {
  it("drains every tenant with email due, moves each email_work row to its next due time or removes it, and a broken tenant file does not stop the others", async () => {
    controlDb().$client.prepare("DELETE FROM email_work").run();
    const a = await tenant();
    const b = await tenant();
    const broken = await tenant();
    queueCampaign(a.db, a.id, addCampaign(a.db), addLeads(a.db, 150));
    queueCampaign(b.db, b.id, addCampaign(b.db), addLeads(b.db, 3));
    queueCampaign(broken.db, broken.id, addCampaign(broken.db), addLeads(broken.db, 1));
    broken.db.$client.prepare("DROP TABLE email_sends").run();
    const work = () => controlDb().$client.prepare("SELECT tenant_id AS id, due_at AS dueAt FROM email_work ORDER BY tenant_id").all() as { id: string; dueAt: number }[];
    const errors: string[] = [];
    const log = { info: () => {}, error: (d: object) => errors.push(JSON.stringify(d)) };

    const pass = await drainDueTenants({ log });
    expect(pass.failed.map((f) => f.tenantId)).toEqual([broken.id]);
    expect(errors[0]).toContain(broken.id);
    expect(pass).toMatchObject({ tenants: 2, sent: 103, more: true });
    expect(work().map((w) => w.id).sort()).toEqual([a.id, broken.id].sort());
    expect(work().find((w) => w.id === broken.id)!.dueAt).toBeGreaterThan(Date.now());

    const second = await drainDueTenants({ log });
    expect(second).toMatchObject({ sent: 50, more: false });
    expect(work().map((w) => w.id)).toEqual([broken.id]);
  });

  it("the in-server worker drains on its timer; stopping it takes no new batch and lets the one in flight be recorded", async () => {
    controlDb().$client.prepare("DELETE FROM email_work").run();
    const { id, db } = await tenant();
    queueCampaign(db, id, addCampaign(db), addLeads(db, 250));
    let stopping: Promise<void> | undefined;
    const worker = startEmailWorker({ intervalMs: 5 });
    // Stop while the second batch is at the stand-in (accepted, not yet answered).
    const stopped = new Promise<void>((resolve) =>
      standIn.onAccepted(() => {
        if (batchRequests().length === 2 && !stopping) {
          stopping = worker.stop();
          resolve();
        }
      }),
    );
    await stopped;
    await stopping;
    const byStatus = (status: string) => rows(db).filter((r) => r.status === status).length;
    expect(byStatus("sent")).toBe(200);
    expect(byStatus("sending")).toBe(0);
    expect(byStatus("queued")).toBe(50);
    await new Promise((r) => setTimeout(r, 50));
    expect(batchRequests()).toHaveLength(2);
  });
});

// The defects a review of the queue found (each test failed before its fix).
describe("queue review fixes", () => {
  const campaignOf = (db: TenantDb) =>
    db.$client.prepare("SELECT id, campaign_id AS campaignId, category FROM email_sends").all() as { id: number; campaignId: number | null; category: string }[];
  const sendTags = (r: { body: unknown }) => (r.body as { tags: { name: string; value: string }[] }[]).map((e) => Number(e.tags.find((t) => t.name === "send")!.value));
  const campaignStatus = (db: TenantDb, id: number) => (db.$client.prepare("SELECT status FROM email_campaigns WHERE id = ?").get(id) as { status: string }).status;

  it("a batch holds one campaign's rows, or non-campaign rows of one category", async () => {
    const { id, db } = await tenant();
    const t0 = new Date();
    const a = addCampaign(db);
    const b = addCampaign(db);
    queueCampaign(db, id, a, addLeads(db, 3, "a"), t0);
    queueCampaign(db, id, b, addLeads(db, 3, "b"), t0);
    enqueueSends(db, id, [{ idempotencyKey: "inv-1", category: "transactional", toEmail: "client@example.fr", subject: "Facture", html: "h", text: "t" }], t0);

    const report = await drainTenant(db, id, { rate: { ratePerSecond: 100 } });

    expect(report.sent).toBe(7);
    const byId = new Map(campaignOf(db).map((r) => [r.id, r]));
    const batches = batchRequests().map((r) => sendTags(r).map((sendId) => byId.get(sendId)!));
    expect(batches.map((rs) => rs.length)).toEqual([3, 3, 1]);
    for (const rs of batches) expect(new Set(rs.map((r) => `${r.campaignId}/${r.category}`)).size).toBe(1);
  });

  it("stop cancels only rows never handed to Resend; a retry batch or an expired lease becomes 'statut incertain'; a batch in flight is recorded by the worker", async () => {
    const { id, db } = await tenant();
    const campaignId = addCampaign(db);
    const t0 = new Date();
    queueCampaign(db, id, campaignId, addLeads(db, 3, "first"), t0);
    standIn.failNext(1);
    await drainTenant(db, id, { now: fixedClock(t0) });
    const key = rows(db)[0].batchKey!;
    expect(rows(db).every((r) => r.status === "queued" && r.batchKey === key && r.attempts === 1)).toBe(true);
    // Two rows not claimed yet, one of a recovered batch put back by a 429 (never answered: attempts 0),
    // one left `sending` by a crash whose lease passed.
    queueCampaign(db, id, campaignId, addLeads(db, 2, "later"), t0);
    const [orphan, crashed] = addLeads(db, 2, "orphan");
    enqueueSends(db, id, [
      { idempotencyKey: "orphan", campaignId, leadId: orphan.id, category: "marketing", toEmail: orphan.email, subject: "s" },
      { idempotencyKey: "crashed", campaignId, leadId: crashed.id, category: "marketing", toEmail: crashed.email, subject: "s" },
    ], t0);
    db.$client.prepare("UPDATE email_sends SET batch_key = 'b-other' WHERE idempotency_key = 'orphan'").run();
    db.$client.prepare("UPDATE email_sends SET status = 'sending', batch_key = 'b-crashed', lease_until = ? WHERE idempotency_key = 'crashed'").run(t0.getTime() - 1);

    expect(stopCampaign(db, campaignId, t0)).toBe(2);

    const all = rows(db);
    const label = (r: (typeof all)[number]) => sendStatusLabel({ status: r.status as "failed", error: r.error, sentAt: null, deliveredAt: null, bouncedAt: null, bounceType: null, complainedAt: null, clickedAt: null });
    expect(all.filter((r) => r.batchKey === null).map((r) => r.status)).toEqual(["cancelled", "cancelled"]);
    const uncertain = all.filter((r) => r.batchKey !== null);
    expect(uncertain).toHaveLength(5);
    for (const r of uncertain) {
      expect(r).toMatchObject({ status: "failed", leaseUntil: null });
      expect(r.error!.startsWith(UNCERTAIN_PREFIX)).toBe(true);
      expect(label(r)).toBe("Statut incertain (peut-être envoyé)");
    }
    expect(all.some((r) => label(r) === "Dans la file d'envoi")).toBe(false);
    const later = await drainTenant(db, id, { now: fixedClock(new Date(t0.getTime() + BACKOFF_MS[BACKOFF_MS.length - 1] * 2)) });
    expect(later.batches).toBe(0);
    expect(batchRequests()).toHaveLength(1);
    expect(nextDueAt(db)).toBeNull();

    // A batch in flight (live lease) when the coach stops: the worker records it as sent.
    const other = addCampaign(db);
    queueCampaign(db, id, other, addLeads(db, 2, "flight"), t0);
    const flight = await drainTenant(db, id, { now: fixedClock(t0), afterSend: () => void expect(stopCampaign(db, other, t0)).toBe(0) });
    expect(flight.sent).toBe(2);
    expect(db.$client.prepare("SELECT status FROM email_sends WHERE campaign_id = ?").all(other)).toEqual([{ status: "sent" }, { status: "sent" }]);
    expect(campaignStatus(db, other)).toBe("stopped");
  });

  it("a batch first sent more than 23 h ago is not re-sent: 'statut incertain', counted apart in the campaign's notification", async () => {
    const { id, db } = await tenant();
    const campaignId = addCampaign(db);
    const t0 = new Date();
    queueCampaign(db, id, campaignId, addLeads(db, 3), t0);
    db.$client.prepare("UPDATE email_sends SET batch_key = ?, attempts = 1").run(newBatchKey(new Date(t0.getTime() - 24 * 3_600_000)));
    db.$client.prepare("UPDATE email_sends SET status = 'failed', error = 'Refusé par Resend', batch_key = NULL WHERE id = (SELECT max(id) FROM email_sends)").run();

    const report = await drainTenant(db, id, { now: fixedClock(t0) });

    expect(report).toMatchObject({ uncertain: 2, failed: 0, finishedCampaigns: [campaignId] });
    expect(batchRequests()).toHaveLength(0);
    for (const r of rows(db).slice(0, 2)) expect(r.error!.startsWith(UNCERTAIN_PREFIX)).toBe(true);
    const note = db.$client.prepare("SELECT body FROM notifications WHERE kind = 'campaign_finished'").get() as { body: string };
    expect(note.body).toBe("0 envoyé(s), 1 en échec, 2 au statut incertain");
  });

  it("a long hold of the bucket (a quota) gives the claimed batch back at once instead of sleeping past its lease", { timeout: 10_000 }, async () => {
    const { id, db } = await tenant();
    queueCampaign(db, id, addCampaign(db), addLeads(db, 2), new Date());
    holdBucket(undefined, 3 * 3_600_000);
    const started = Date.now();

    const fresh = await drainTenant(db, id);

    expect(Date.now() - started).toBeLessThan(LEASE_MS / 4);
    expect(fresh).toMatchObject({ batches: 0, sent: 0 });
    expect(rows(db).every((r) => r.status === "queued" && r.batchKey === null && r.leaseUntil === null)).toBe(true);
    // A retried batch keeps its key (Resend may hold a request under it).
    db.$client.prepare("UPDATE email_sends SET batch_key = 'b-retry', attempts = 1").run();
    await drainTenant(db, id);
    expect(rows(db).every((r) => r.status === "queued" && r.batchKey === "b-retry" && r.leaseUntil === null)).toBe(true);
    expect(batchRequests()).toHaveLength(0);
  });

  it("a campaign stopped while its batch is answered 429: the rows given back are settled (cancelled), not left in the queue", async () => {
    const { id, db } = await tenant();
    const campaignId = addCampaign(db);
    queueCampaign(db, id, campaignId, addLeads(db, 3), new Date());
    standIn.rateLimitNext(1, 1);
    standIn.onRequest(() => void stopCampaign(db, campaignId));

    await drainTenant(db, id);

    expect(rows(db).map((r) => r.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(standIn.deliveries).toHaveLength(0);
  });

  it("a crashed batch of a paused campaign is not recovered while paused; after the resume it goes under its key, once", async () => {
    const { id, db } = await tenant();
    const campaignId = addCampaign(db);
    const leads = addLeads(db, 3);
    queueCampaign(db, id, campaignId, leads);
    const t0 = new Date();
    const crash = () => {
      throw new Error("process killed");
    };
    await expect(drainTenant(db, id, { now: fixedClock(t0), afterSend: crash })).rejects.toThrow("process killed");
    pauseCampaign(db, campaignId);
    const afterLease = fixedClock(new Date(t0.getTime() + LEASE_MS + 1));
    expect((await drainTenant(db, id, { now: afterLease })).batches).toBe(0);
    expect(batchRequests()).toHaveLength(1);
    expect(nextDueAt(db)).toBeNull();

    resumeCampaign(db, id, campaignId);
    const report = await drainTenant(db, id, { now: afterLease });
    expect(report).toMatchObject({ sent: 3, finishedCampaigns: [campaignId] });
    expect(new Set(batchRequests().map((r) => r.headers["idempotency-key"])).size).toBe(1);
    for (const l of leads) expect(standIn.deliveredTo(l.email)).toBe(1);
  });

  it("a 409 invalid_idempotent_request (same key, another payload) marks the rows 'statut incertain', never re-sent", async () => {
    const { id, db } = await tenant();
    const campaignId = addCampaign(db);
    const leads = addLeads(db, 2);
    queueCampaign(db, id, campaignId, leads);
    const t0 = new Date();
    await expect(
      drainTenant(db, id, {
        now: fixedClock(t0),
        afterSend: () => {
          throw new Error("process killed");
        },
      }),
    ).rejects.toThrow();
    // The copy changes before the recovery: the same key now carries another payload.
    db.$client.prepare("UPDATE email_campaigns SET compiled_html = '<p>Autre {{firstName}}</p>' WHERE id = ?").run(campaignId);

    const report = await drainTenant(db, id, { now: fixedClock(new Date(t0.getTime() + LEASE_MS + 1)) });

    expect(report).toMatchObject({ sent: 0, uncertain: 2, failed: 0, finishedCampaigns: [campaignId] });
    for (const r of rows(db)) {
      expect(r.status).toBe("failed");
      expect(r.error?.startsWith(UNCERTAIN_PREFIX)).toBe(true);
      expect(r.error).toContain("invalid_idempotent_request");
      expect(sendStatusLabel({ status: "failed", error: r.error, sentAt: null, deliveredAt: null, bouncedAt: null, bounceType: null, complainedAt: null, clickedAt: null })).toBe("Statut incertain (peut-être envoyé)");
    }
    for (const l of leads) expect(standIn.deliveredTo(l.email)).toBe(1);
    expect(nextDueAt(db)).toBeNull();
  });

  it("a campaign paused while its last batch is in flight ends when resumed (sent + notification)", async () => {
    const { id, db } = await tenant();
    const campaignId = addCampaign(db);
    queueCampaign(db, id, campaignId, addLeads(db, 3));
    standIn.onAccepted(() => pauseCampaign(db, campaignId));

    const report = await drainTenant(db, id);

    expect(report.sent).toBe(3);
    expect(campaignStatus(db, campaignId)).toBe("paused");
    expect(resumeCampaign(db, id, campaignId)).toBe("sent");
    expect(campaignStatus(db, campaignId)).toBe("sent");
    const notes = db.$client.prepare("SELECT kind, title, body FROM notifications").all();
    expect(notes).toEqual([{ kind: "campaign_finished", title: "Campagne « Rentrée » envoyée", body: "3 envoyé(s)" }]);
  });

  it("permissive validation: one bad address fails alone, the rest of the batch is sent", async () => {
    const { id, db } = await tenant();
    enqueueSends(
      db,
      id,
      ["a@example.fr", "pas-une-adresse", "c@example.fr"].map((to, i) => ({ idempotencyKey: `x-${i}`, category: "transactional" as const, toEmail: to, subject: "s", html: "h", text: "t" })),
    );
    const report = await drainTenant(db, id);
    expect(report).toMatchObject({ batches: 1, sent: 2, failed: 1 });
    expect(batchRequests()[0].headers["x-batch-validation"]).toBe("permissive");
    const all = rows(db);
    expect(all.map((r) => r.status)).toEqual(["sent", "failed", "sent"]);
    expect(all[1].error).toContain("Invalid `to` field at index 1");
    expect(all[1].resendId).toBeNull();
    const ids = standIn.deliveries.map((d) => [String(d.to), d.id]);
    expect(ids).toEqual([
      ["a@example.fr", all[0].resendId],
      ["c@example.fr", all[2].resendId],
    ]);
  });

  it("a daily quota holds the queue until the next UTC day, a monthly one for an hour, with the reason on the rows", async () => {
    const { id, db } = await tenant();
    queueCampaign(db, id, addCampaign(db), addLeads(db, 2), new Date("2026-11-22T10:00:00Z"));
    const t0 = new Date("2026-11-22T11:00:00Z");
    standIn.quotaExceededNext("daily");
    const daily = await drainTenant(db, id, { now: fixedClock(t0) });
    expect(daily.rateLimited).toBe(true);
    for (const r of rows(db)) {
      expect(r).toMatchObject({ status: "queued", batchKey: null, nextAttemptAt: Date.parse("2026-11-23T00:00:00Z") });
      expect(r.error).toContain("Quota quotidien");
    }
    expect(takeToken()).toBeGreaterThan(60_000);

    controlDb().$client.prepare("DELETE FROM rate_buckets").run();
    standIn.quotaExceededNext("monthly");
    const t1 = new Date("2026-11-23T00:00:00Z");
    await drainTenant(db, id, { now: fixedClock(t1) });
    for (const r of rows(db)) {
      expect(r.nextAttemptAt).toBe(t1.getTime() + 3_600_000);
      expect(r.error).toContain("Quota mensuel");
    }
  });

  it("campaign and CRM emails come from '<coach> via Coach OS' at EMAIL_FROM's address and reply to the coach", async () => {
    const { id, db } = await tenant();
    const coach = controlDb().$client.prepare("SELECT u.name, u.email FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.tenant_id = ?").get(id) as { name: string; email: string };
    queueCampaign(db, id, addCampaign(db), addLeads(db, 1));
    await drainTenant(db, id);
    const address = fromAddress(getEnv().EMAIL_FROM);
    expect(address).toMatch(/^[^<>\s]+@[^<>\s]+$/);
    const [email] = batchRequests()[0].body as { from: string; reply_to: string }[];
    expect(email.from).toBe(`"${coach.name} via Coach OS" <${address}>`);
    expect(email.reply_to).toBe(coach.email);

    // The trade name wins; quotes, angle brackets and line breaks cannot reach the header.
    db.$client.prepare("INSERT INTO billing_profile (id, trade_name, updated_at) VALUES (1, ?, 0)").run('Studio "Zen"\r\nBcc: x@evil.test <a>');
    const [lead] = addLeads(db, 1, "second");
    enqueueSends(db, id, [{ idempotencyKey: "crm-1", leadId: lead.id, category: "marketing", toEmail: lead.email, subject: "s", html: "h", text: "t" }]);
    await drainTenant(db, id);
    const [crm] = batchRequests()[1].body as { from: string; reply_to: string }[];
    expect(crm.from).toBe(`"Studio Zen Bcc: x@evil.test a via Coach OS" <${address}>`);
    expect(crm.reply_to).toBe(coach.email);
    expect(safeDisplayName(' \\"<x>"\n')).toBe("x");
  });

  it("sendEmail takes a token from the shared Resend bucket: none within the bounded wait, or a 429, is a retryable error and nothing is sent", async () => {
    holdBucket(undefined, 60_000);
    const held = sendEmail({ to: "a@example.fr", subject: "s", html: "h", text: "t" });
    await expect(held).rejects.toBeInstanceOf(EmailRateLimitedError);
    expect(standIn.requests).toHaveLength(0);

    controlDb().$client.prepare("DELETE FROM rate_buckets").run();
    standIn.rateLimitNext(1, 30);
    const limited = await sendEmail({ to: "a@example.fr", subject: "s", html: "h", text: "t" }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(EmailRateLimitedError);
    expect((limited as EmailRateLimitedError).retryable).toBe(true);
    expect(standIn.deliveries).toHaveLength(0);
    // Every other sender (the queue worker included) now waits for Retry-After.
    expect(takeToken()).toBeGreaterThan(25_000);

    controlDb().$client.prepare("DELETE FROM rate_buckets").run();
    expect(await sendEmail({ to: "a@example.fr", subject: "s", html: "h", text: "t" })).toMatchObject({ via: "resend" });
    expect(standIn.deliveredTo("a@example.fr")).toBe(1);
  });

  it("the pass never drops a wake-up: an enqueue by another process between reading the next due time and writing it survives", async () => {
    controlDb().$client.prepare("DELETE FROM email_work").run();
    const { id, db } = await tenant();
    enqueueSends(db, id, [{ idempotencyKey: "first", category: "transactional", toEmail: "a@example.fr", subject: "s", html: "h", text: "t" }]);
    const work = () => controlDb().$client.prepare("SELECT due_at AS dueAt FROM email_work WHERE tenant_id = ?").get(id) as { dueAt: number } | undefined;
    let racing = 0;
    const pass = await drainDueTenants({
      beforeSettle: (tenantId) => {
        racing++;
        enqueueSends(db, tenantId, [{ idempotencyKey: "racing", category: "transactional", toEmail: "b@example.fr", subject: "s", html: "h", text: "t" }]);
      },
    });
    expect(racing).toBe(1);
    expect(pass.sent).toBe(1);
    expect(work()?.dueAt).toBeLessThanOrEqual(Date.now());
    expect(pass.more).toBe(true);
    const second = await drainDueTenants();
    expect(second.sent).toBe(1);
    expect(standIn.deliveredTo("b@example.fr")).toBe(1);
    expect(work()).toBeUndefined();
  });
});

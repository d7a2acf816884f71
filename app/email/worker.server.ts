// The email queue worker for one tenant file (ADR 0010): claims due rows of email_sends in
// batches of ≤ 100, commits the claim (status sending, batch_key, lease) BEFORE calling Resend's
// batch endpoint under batch_key as idempotency key, then records the ids. A crash in between
// leaves rows `sending`; once their lease has passed they are re-sent as the same batch under the
// same key, which Resend answers from its record without sending again. A batch is never
// re-composed once sent: retries after a 5xx or a network error reuse key and rows.
// A batch holds ONE campaign's rows (or non-campaign rows of one category): pausing or stopping
// a campaign never strands another campaign's rows in its batch. A batch that already has a key
// (in flight, or queued for a retry) belongs to Resend's record: pause and stop leave it alone,
// and it is sent again (same key) only while its campaign is open.
// Without RESEND_API_KEY every email goes to the development outbox (resend_id `outbox-<n>`).
import crypto from "node:crypto";
import type { TenantDb } from "~/lib/tenant-db.server";
import { getEnv } from "~/env.server";
import { cachedStatement } from "~/lib/statements.server";
import type { CampaignStatus, EmailCategory } from "../../db/tenant.schema";
import { sendEmail } from "./email.server";
import { notify } from "./notifications.server";
import { acquireToken, holdBucket, RESEND_BUCKET, type BucketOptions } from "./rate-limit.server";
import { exclusionFor } from "./recipients.server";
import { UNCERTAIN_PREFIX } from "./send-status";
import { controlDb } from "~/lib/control-db.server";
import { tenantOwner } from "~/platform/tenants.server";
import { BATCH_SIZE, sendBatch, type BatchEmail, type BatchOutcome } from "./resend-client.server";
import { fillCompiled, UNSUBSCRIBE_SENTINEL } from "./templates/render.server";
import { unsubscribeUrlOf } from "./unsubscribe-token.server";
import { settleStoppedRows } from "./stopped-rows.server";
import { jobAppUrl } from "~/lib/app-url.server";

/** A claim lasts this long; past it, another drain (this process after a crash, or the scheduled job) recovers the batch. */
export const LEASE_MS = 2 * 60_000;
/** Waits after the 1st, 2nd… failed attempt (5xx, network); after the last one the rows fail. */
export const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000];
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;
/** Resend keeps an idempotency key 24 h: a batch first sent longer ago than this is not re-sent blindly. */
const KEY_TRUST_MS = 23 * 3_600_000;
const KEY_EXPIRED = `${UNCERTAIN_PREFIX} : la première tentative date de plus de 23 h (Resend ne garantit plus l'unicité) ; l'email est peut-être parti, il n'est pas renvoyé.`;
/** The longest a claimed batch waits for a rate-limit token, well inside its lease: past it the batch is given back. */
const TOKEN_WAIT_MS = LEASE_MS / 4;

export type DrainOptions = {
  now?: () => Date;
  /** Stop after this many batches (the loop takes one per tenant in turn). */
  maxBatches?: number;
  /** Aborted = stop taking new batches (a batch already sent is still recorded). */
  signal?: AbortSignal;
  /** Jitter of the backoff (0…1). */
  random?: () => number;
  rate?: Omit<BucketOptions, "now">;
  /** Test seam: called after Resend accepted a batch and before it is recorded (a crash there). */
  afterSend?: (batchKey: string) => void;
  /** Bench seam: called when a rate-limit token was taken, just before the request. */
  onToken?: () => void;
};

export type DrainReport = { batches: number; sent: number; failed: number; uncertain: number; cancelled: number; retried: number; rateLimited: boolean; finishedCampaigns: number[] };


type SendRow = {
  id: number;
  campaign_id: number | null;
  category: EmailCategory;
  to_email: string;
  subject: string;
  html: string | null;
  text: string | null;
  variables: string;
  attempts: number;
  batch_key: string | null;
};

type Claim = { kind: "fresh" | "retry" | "recovered"; batchKey: string; rows: SendRow[]; touched: Set<number>; cancelled: number };

const COLUMNS = "s.id, s.campaign_id, s.category, s.to_email, s.subject, s.html, s.text, s.variables, s.attempts, s.batch_key";
/** Rows of a campaign are sent only while it is sending (or scheduled and now due), never paused, stopped or draft. */
const CAMPAIGN_OPEN = "(s.campaign_id IS NULL OR s.campaign_id IN (SELECT id FROM email_campaigns WHERE status IN ('sending', 'scheduled')))";

export const newBatchKey = (now: Date) => `b${now.getTime().toString(36)}-${crypto.randomUUID()}`;
const batchKeyAge = (key: string, now: Date) => {
  const at = parseInt(/^b([0-9a-z]+)-/.exec(key)?.[1] ?? "", 36);
  return Number.isFinite(at) ? now.getTime() - at : 0;
};

/** Resend tag values: ASCII letters, digits, `_` and `-` only. Tenant ids (`t_` + base32) fit. */
export function tagValue(value: string) {
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(value)) throw new Error(`Not a valid Resend tag value: ${value}`);
  return value;
}

/** The due work of this file, for the control DB's email_work: the earliest queued row or expiring lease. */
export function nextDueAt(db: TenantDb): Date | null {
  const q = (cachedStatement(db.$client, `SELECT s.next_attempt_at AS at FROM email_sends s WHERE s.status = 'queued' AND ${CAMPAIGN_OPEN} ORDER BY s.next_attempt_at LIMIT 1`).get() as { at: number } | undefined) ?? { at: null };
  // A lease of a paused or stopped campaign's batch waits for the resume (resumeCampaign marks the work).
  const l = cachedStatement(db.$client, `SELECT min(s.lease_until) AS at FROM email_sends s WHERE s.status = 'sending' AND s.lease_until IS NOT NULL AND ${CAMPAIGN_OPEN}`).get() as { at: number | null };
  const at = [q.at, l.at].filter((v): v is number => v !== null);
  return at.length ? new Date(Math.min(...at)) : null;
}

/** One IMMEDIATE transaction: the next batch (recovered, retried or fresh) becomes `sending` under a lease. */
function claim(db: TenantDb, tenantId: string, now: Date): Claim | null {
  const sqlite = db.$client;
  const t = now.getTime();
  return sqlite
    .transaction((): Claim | null => {
      const lease = t + LEASE_MS;
      const touched = new Set<number>();
      const take = (kind: Claim["kind"], batchKey: string, status: "sending" | "queued") => {
        const rows = cachedStatement(sqlite, `SELECT ${COLUMNS} FROM email_sends s WHERE s.batch_key = ? AND s.status = ? ORDER BY s.id`).all(batchKey, status) as SendRow[];
        cachedStatement(sqlite, "UPDATE email_sends SET status = 'sending', lease_until = ? WHERE batch_key = ? AND status = ?").run(lease, batchKey, status);
        for (const r of rows) if (r.campaign_id !== null) touched.add(r.campaign_id);
        return { kind, batchKey, rows, touched, cancelled: 0 };
      };
      // a. A batch whose lease passed (the process died after claiming it): same rows, same key
      // (only while its campaign is open: a paused campaign's batch waits for the resume).
      const expired = cachedStatement(sqlite, `SELECT s.batch_key FROM email_sends s WHERE s.status = 'sending' AND s.lease_until <= ? AND ${CAMPAIGN_OPEN} LIMIT 1`).get(t) as
        | { batch_key: string }
        | undefined;
      if (expired) return take("recovered", expired.batch_key, "sending");
      // b. The first due row. If it belongs to a batch that met a 5xx or a network error, that
      // batch goes again: same rows, same key. Otherwise fresh rows of the same campaign (or,
      // without a campaign, of the same category), earliest first.
      const first = cachedStatement(
        sqlite,
        `SELECT s.campaign_id, s.category, s.batch_key FROM email_sends s WHERE s.status = 'queued' AND s.next_attempt_at <= ? AND ${CAMPAIGN_OPEN} ORDER BY s.next_attempt_at, s.id LIMIT 1`,
      ).get(t) as Pick<SendRow, "campaign_id" | "category" | "batch_key"> | undefined;
      if (!first) return null;
      if (first.batch_key) return take("retry", first.batch_key, "queued");
      const due = cachedStatement(
        sqlite,
        `SELECT ${COLUMNS}, (SELECT blacklisted FROM leads WHERE id = s.lead_id) AS blacklisted FROM email_sends s
         WHERE s.status = 'queued' AND s.next_attempt_at <= ? AND s.batch_key IS NULL AND s.campaign_id IS ? AND s.category = ?
         ORDER BY s.next_attempt_at, s.id LIMIT ?`,
      ).all(t, first.campaign_id, first.category, BATCH_SIZE) as (SendRow & { blacklisted: number | null })[];
      // c. Someone may have unsubscribed, bounced or been blacklisted since the email was queued.
      const cancel = cachedStatement(sqlite, "UPDATE email_sends SET status = 'cancelled', error = ? WHERE id = ?");
      const mark = cachedStatement(sqlite, "UPDATE email_sends SET status = 'sending', batch_key = ?, lease_until = ? WHERE id = ?");
      const batchKey = newBatchKey(now);
      const rows: SendRow[] = [];
      let cancelled = 0;
      for (const { blacklisted, ...row } of due) {
        if (row.campaign_id !== null) touched.add(row.campaign_id);
        const reason = exclusionFor(db, { email: row.to_email, blacklisted: Boolean(blacklisted) }, row.category);
        if (reason) {
          cancel.run(reason, row.id);
          cancelled++;
        }
        else {
          mark.run(batchKey, lease, row.id);
          rows.push({ ...row, batch_key: batchKey });
        }
      }
      // A scheduled campaign whose first rows are due starts now.
      for (const id of touched) {
        cachedStatement(sqlite, "UPDATE email_campaigns SET status = 'sending', started_at = coalesce(started_at, ?), updated_at = ? WHERE id = ? AND status = 'scheduled'").run(t, t, id);
      }
      return { kind: "fresh", batchKey, rows, touched, cancelled };
    })
    .immediate();
}

type CampaignCopy = { id: number; name: string; status: CampaignStatus; compiled_html: string | null; compiled_text: string | null; fallbacks: string };

export type Sender = { from: string; replyTo: string | undefined };

/** The address part of EMAIL_FROM ("Coach OS <noreply@x.fr>" → "noreply@x.fr"). */
export const fromAddress = (from: string) => (/<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? from).trim();

/** A display name safe inside a quoted From: no quotes, angle brackets, backslashes or line breaks. */
export const safeDisplayName = (name: string) =>
  name
    .replace(/[\r\n"<>\\]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 80);

/**
 * Who a tenant's emails come from: "<trade name or coach's name> via Coach OS" at EMAIL_FROM's
 * address (the platform's verified domain), and replies go to the coach's own address.
 */
export function senderOf(db: TenantDb, tenantId: string): Sender {
  const from = getEnv().EMAIL_FROM;
  const owner = tenantOwner(controlDb(), tenantId);
  const tradeName = (cachedStatement(db.$client, "SELECT trade_name AS tradeName FROM billing_profile WHERE id = 1").get() as { tradeName: string | null } | undefined)?.tradeName;
  const name = safeDisplayName(tradeName || owner?.name || "");
  return { from: name ? `"${name} via Coach OS" <${fromAddress(from)}>` : from, replyTo: owner?.email || undefined };
}

/** d. Each recipient's email: the row's own copy, or the campaign's compiled copy filled with the row's values. */
function buildEmails(db: TenantDb, tenantId: string, rows: SendRow[], sender: Sender): BatchEmail[] {
  const env = getEnv();
  const appUrl = jobAppUrl();
  const campaigns = new Map<number, CampaignCopy | undefined>();
  const campaign = (id: number) => {
    if (!campaigns.has(id)) campaigns.set(id, cachedStatement(db.$client, "SELECT id, name, status, compiled_html, compiled_text, fallbacks FROM email_campaigns WHERE id = ?").get(id) as CampaignCopy | undefined);
    return campaigns.get(id);
  };
  return rows.map((row) => {
    const marketing = row.category === "marketing";
    const unsubscribeUrl = marketing ? unsubscribeUrlOf(appUrl, tenantId, row.to_email, row.id) : undefined;
    let copy: { subject: string; html: string; text: string };
    const c = row.campaign_id !== null && row.html === null ? campaign(row.campaign_id) : undefined;
    if (c) {
      const compiled = { subject: row.subject, html: c.compiled_html ?? "", text: c.compiled_text ?? "" };
      copy = fillCompiled(compiled, JSON.parse(row.variables || "{}"), JSON.parse(c.fallbacks || "{}"), { unsubscribeUrl });
    } else {
      const link = (s: string) => (unsubscribeUrl ? s.split(UNSUBSCRIBE_SENTINEL).join(unsubscribeUrl) : s);
      copy = { subject: row.subject, html: link(row.html ?? ""), text: link(row.text ?? "") };
    }
    return {
      from: sender.from,
      ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
      to: row.to_email,
      subject: copy.subject,
      html: copy.html,
      text: copy.text,
      // RFC 8058 one-click unsubscribe (Gmail and Yahoo require it from bulk senders).
      ...(unsubscribeUrl ? { headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } } : {}),
      tags: [
        { name: "tenant", value: tagValue(tenantId) },
        { name: "send", value: String(row.id) },
      ],
    };
  });
}

/** Without RESEND_API_KEY: one outbox row per email (no rate limit), ids `outbox-<n>`. */
async function sendToOutbox(emails: BatchEmail[]): Promise<BatchOutcome> {
  const ids: string[] = [];
  for (const e of emails) {
    const { id } = await sendEmail({ to: String(e.to), subject: e.subject ?? "", html: e.html ?? "", text: e.text ?? "" });
    ids.push(`outbox-${id}`);
  }
  return { kind: "sent", ids };
}

const backoff = (attempt: number, random: () => number) => {
  const base = BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)];
  return Math.round(base * (0.8 + 0.4 * random()));
};

/** e, f. The batch's outcome, in one transaction; g. campaigns with nothing left become sent. */
function record(db: TenantDb, claimed: Claim, outcome: BatchOutcome, now: Date, random: () => number, report: DrainReport) {
  const sqlite = db.$client;
  const t = now.getTime();
  sqlite
    .transaction(() => {
      const { rows, batchKey } = claimed;
      if (outcome.kind === "sent") {
        const sent = cachedStatement(sqlite, "UPDATE email_sends SET status = 'sent', sent_at = ?, resend_id = ?, lease_until = NULL, error = NULL, attempts = attempts + 1 WHERE id = ? AND status = 'sending'");
        // Permissive validation: only the emails Resend named fail, the others went.
        const refused = cachedStatement(sqlite, "UPDATE email_sends SET status = 'failed', lease_until = NULL, error = ?, attempts = attempts + 1 WHERE id = ? AND status = 'sending'");
        rows.forEach((r, i) => {
          const id = outcome.ids[i];
          if (id) {
            sent.run(t, id, r.id);
            report.sent++;
          } else {
            refused.run(outcome.errors?.[i] ?? "Refusé par Resend", r.id);
            report.failed++;
          }
        });
      } else if (outcome.kind === "uncertain") {
        // Safest reading of a 409 invalid_idempotent_request: Resend accepted an earlier request
        // under this key, so these emails were probably sent. Never re-sent (a new key could
        // deliver them twice) and not counted as plainly undelivered: `failed` (nothing more to
        // do, the campaign can end) with an error that says "statut incertain". Should the email
        // have gone, its webhook events (tagged with the row) still mark it delivered, bounced…
        const reason = `${UNCERTAIN_PREFIX} : l'email est peut-être parti (Resend a déjà reçu ce lot sous la même clé avec un autre contenu) ; il n'est pas renvoyé pour ne pas l'envoyer deux fois. (${outcome.message})`;
        cachedStatement(sqlite, "UPDATE email_sends SET status = 'failed', lease_until = NULL, attempts = attempts + 1, error = ? WHERE batch_key = ? AND status = 'sending'").run(reason, batchKey);
        report.uncertain += rows.length;
      } else if (outcome.kind === "rate_limited") {
        // Nothing was sent: back in the queue after Retry-After (a fresh batch may be re-composed).
        const key = claimed.kind === "fresh" ? null : batchKey;
        cachedStatement(sqlite, "UPDATE email_sends SET status = 'queued', lease_until = NULL, batch_key = ?, next_attempt_at = ?, error = ? WHERE batch_key = ? AND status = 'sending'").run(key, t + outcome.retryAfterMs, outcome.message, batchKey);
        // A campaign stopped while this batch waited: its rows must not sit in the queue for good.
        for (const id of claimed.touched) report.cancelled += settleStoppedRows(db, id, t);
      } else if (outcome.kind === "retry" && (rows[0]?.attempts ?? 0) + 1 < MAX_ATTEMPTS) {
        const attempt = (rows[0]?.attempts ?? 0) + 1;
        cachedStatement(sqlite, "UPDATE email_sends SET status = 'queued', lease_until = NULL, attempts = attempts + 1, next_attempt_at = ?, error = ? WHERE batch_key = ? AND status = 'sending'").run(t + backoff(attempt, random), outcome.message, batchKey);
        report.retried += rows.length;
      } else {
        const reason = outcome.kind === "retry" ? `Échec après ${MAX_ATTEMPTS} tentatives : ${outcome.message}` : outcome.message;
        cachedStatement(sqlite, "UPDATE email_sends SET status = 'failed', lease_until = NULL, attempts = attempts + 1, error = ? WHERE batch_key = ? AND status = 'sending'").run(reason, batchKey);
        if (reason.startsWith(UNCERTAIN_PREFIX)) report.uncertain += rows.length;
        else report.failed += rows.length;
      }
      for (const id of claimed.touched) if (finishCampaign(db, id, t)) report.finishedCampaigns.push(id);
    })
    .immediate();
}

/** A campaign still `sending` with no row queued or sending is over: sent, and the coach is told. Returns true when it just ended. */
export function finishCampaign(db: TenantDb, campaignId: number, t: number) {
  const sqlite = db.$client;
  const left = cachedStatement(sqlite, "SELECT 1 FROM email_sends WHERE campaign_id = ? AND status IN ('queued', 'sending') LIMIT 1").get(campaignId);
  if (left) return false;
  const done = cachedStatement(sqlite, "UPDATE email_campaigns SET status = 'sent', finished_at = ?, updated_at = ? WHERE id = ? AND status = 'sending' RETURNING name").get(t, t, campaignId) as { name: string } | undefined;
  if (!done) return false;
  // "Statut incertain" rows (maybe delivered) are counted apart from plain failures.
  const counts = cachedStatement(
    sqlite,
    "SELECT CASE WHEN status = 'failed' AND substr(coalesce(error, ''), 1, ?) = ? THEN 'uncertain' ELSE status END AS status, count(*) AS n FROM email_sends WHERE campaign_id = ? GROUP BY 1",
  ).all(UNCERTAIN_PREFIX.length, UNCERTAIN_PREFIX, campaignId) as { status: string; n: number }[];
  const n = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
  const body = [
    `${n("sent")} envoyé(s)`,
    n("failed") ? `${n("failed")} en échec` : null,
    n("uncertain") ? `${n("uncertain")} au statut incertain` : null,
    n("cancelled") ? `${n("cancelled")} annulé(s) (désinscrits, bounces, liste noire)` : null,
  ]
    .filter(Boolean)
    .join(", ");
  notify(db, "campaign_finished", { title: `Campagne « ${done.name} » envoyée`, body, href: `/dashboard/email/campaigns/${campaignId}` }, new Date(t));
  return true;
}

/** Gives a claimed batch back untouched (shutdown, or no token in time): nothing was sent. A fresh batch loses its key, a retried or recovered one keeps it. */
function release(db: TenantDb, claimed: Claim, t = Date.now()) {
  const key = claimed.kind === "fresh" ? null : claimed.batchKey;
  db.$client
    .transaction(() => {
      cachedStatement(db.$client, "UPDATE email_sends SET status = 'queued', lease_until = NULL, batch_key = ? WHERE batch_key = ? AND status = 'sending'").run(key, claimed.batchKey);
      // A campaign stopped meanwhile: settle its rows now (nothing else would).
      for (const id of claimed.touched) settleStoppedRows(db, id, t);
    })
    .immediate();
}

/**
 * Sends what is due in this tenant's queue, batch after batch, until nothing is due, `maxBatches`
 * is reached, the signal aborts, or Resend says 429 (then every tenant waits: the shared bucket).
 */
export async function drainTenant(db: TenantDb, tenantId: string, opts: DrainOptions = {}): Promise<DrainReport> {
  const { now = () => new Date(), maxBatches = Infinity, signal, random = Math.random, rate, afterSend, onToken } = opts;
  const report: DrainReport = { batches: 0, sent: 0, failed: 0, uncertain: 0, cancelled: 0, retried: 0, rateLimited: false, finishedCampaigns: [] };
  const viaResend = Boolean(getEnv().RESEND_API_KEY);
  let sender: Sender | undefined;
  while (report.batches < maxBatches && !signal?.aborted) {
    const started = now();
    const claimed = claim(db, tenantId, started);
    if (!claimed) break;
    report.cancelled += claimed.cancelled;
    report.batches++;
    if (claimed.rows.length === 0) {
      // Every row was cancelled at the last check: their campaigns may be over.
      db.$client.transaction(() => {
        for (const id of claimed.touched) if (finishCampaign(db, id, started.getTime())) report.finishedCampaigns.push(id);
      })();
      continue;
    }
    if (claimed.kind !== "fresh" && batchKeyAge(claimed.batchKey, started) > KEY_TRUST_MS) {
      record(db, claimed, { kind: "rejected", message: KEY_EXPIRED }, started, random, report);
      continue;
    }
    sender ??= senderOf(db, tenantId);
    const emails = buildEmails(db, tenantId, claimed.rows, sender);
    let outcome: BatchOutcome;
    if (viaResend) {
      // A long hold (a daily quota: hours) must not keep a claimed batch asleep while its lease
      // expires: without a token soon, the batch goes back to the queue and the pass ends.
      if (!(await acquireToken(RESEND_BUCKET, { ...rate, signal, maxWaitMs: TOKEN_WAIT_MS }))) {
        release(db, claimed);
        report.batches--;
        break;
      }
      onToken?.();
      outcome = await sendBatch(emails, claimed.batchKey, started.getTime());
    } else outcome = await sendToOutbox(emails);
    if (outcome.kind === "sent") afterSend?.(claimed.batchKey);
    if (outcome.kind === "rate_limited") holdBucket(RESEND_BUCKET, outcome.retryAfterMs, rate);
    record(db, claimed, outcome, now(), random, report);
    if (outcome.kind === "rate_limited") {
      report.rateLimited = true;
      break;
    }
  }
  return report;
}

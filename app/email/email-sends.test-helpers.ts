// Campaigns and sends written straight into a tenant file, as the worker leaves them after a
// send (resend_id and sent_at recorded), for the webhook tests and benchmark.
import type { TenantDb } from "~/lib/tenant-db.server";
import type { CampaignStatus } from "../../db/tenant.schema";

export function addCampaign(db: TenantDb, { name = "Rentrée", status = "sending" as CampaignStatus } = {}) {
  const now = Date.now();
  return Number(
    db.$client.prepare("INSERT INTO email_campaigns (name, subject, status, created_at, updated_at) VALUES (?, 'Sujet', ?, ?, ?)").run(name, status, now, now).lastInsertRowid,
  );
}

let n = 0;
/** A sent email (`resendId` null: sent but its id not recorded yet). Returns its id. */
export function addSend(db: TenantDb, { campaignId = null as number | null, toEmail = `lead${++n}@example.fr`, resendId = `re_${crypto.randomUUID()}` as string | null, sent = true, category = "marketing" } = {}) {
  const now = Date.now();
  return Number(
    db.$client
      .prepare(
        `INSERT INTO email_sends (idempotency_key, campaign_id, category, to_email, subject, status, next_attempt_at, resend_id, created_at, sent_at)
         VALUES (?, ?, ?, ?, 'Sujet', ?, ?, ?, ?, ?)`,
      )
      .run(`test-${crypto.randomUUID()}`, campaignId, category, toEmail, sent ? "sent" : "queued", now, resendId, now, sent ? now : null).lastInsertRowid,
  );
}

/** Many sent rows of one campaign in one transaction (benchmarks): their ids and resend ids. */
export function addSentCampaign(db: TenantDb, count: number, { status = "sending" as CampaignStatus } = {}) {
  const campaignId = addCampaign(db, { status });
  const rows = db.$client.transaction(() => Array.from({ length: count }, (_, i) => ({ resendId: `re_bench_${campaignId}_${i}`, id: addSend(db, { campaignId, resendId: `re_bench_${campaignId}_${i}`, toEmail: `r${i}@example.fr` }) })))();
  return { campaignId, rows };
}

export const sendRow = (db: TenantDb, id: number) =>
  db.$client.prepare("SELECT delivered_at, bounced_at, bounce_type, complained_at, opened_at, clicked_at FROM email_sends WHERE id = ?").get(id) as {
    delivered_at: number | null;
    bounced_at: number | null;
    bounce_type: string | null;
    complained_at: number | null;
    opened_at: number | null;
    clicked_at: number | null;
  };

// Putting emails in the tenant's durable queue (email_sends). The worker (worker.server.ts)
// sends them; this module only writes rows and tells the control DB that the tenant has work.
import { sql } from "drizzle-orm";
import type { TenantDb } from "~/lib/tenant-db.server";
import { controlDb } from "~/lib/control-db.server";
import { cachedStatement } from "~/lib/statements.server";
import { emailWork } from "../../db/control.schema";
import type { EmailCategory } from "../../db/tenant.schema";
import type { VariableValues } from "./variables";

export type NewSend = {
  /** Unique per email: `campaign-<id>-lead-<id>`, `lead-<id>-<uuid>`… A key already queued is skipped. */
  idempotencyKey: string;
  campaignId?: number | null;
  templateId?: number | null;
  leadId?: number | null;
  category: EmailCategory;
  toEmail: string;
  subject: string;
  /** Rendered copies; leave null for a campaign send (the worker fills the campaign's compiled copy). */
  html?: string | null;
  text?: string | null;
  variables?: VariableValues;
  /** Not before (scheduled campaigns); default now. */
  notBefore?: Date;
};

const INSERT = `INSERT OR IGNORE INTO email_sends
  (idempotency_key, campaign_id, template_id, lead_id, category, to_email, subject, html, text, variables, status, attempts, next_attempt_at, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)`;

/**
 * Queues the emails inside the caller's transaction when there is one (one IMMEDIATE
 * transaction otherwise). Returns how many rows were new (keys already queued are skipped, so a
 * double click or a retried request never queues twice).
 */
export function enqueueSends(db: TenantDb, tenantId: string, sends: NewSend[], now = new Date()) {
  const insert = cachedStatement(db.$client, INSERT);
  const write = () => {
    let added = 0;
    let due = Infinity;
    for (const s of sends) {
      const at = (s.notBefore ?? now).getTime();
      const r = insert.run(s.idempotencyKey, s.campaignId ?? null, s.templateId ?? null, s.leadId ?? null, s.category, s.toEmail, s.subject, s.html ?? null, s.text ?? null, JSON.stringify(s.variables ?? {}), at, now.getTime());
      if (r.changes) {
        added++;
        due = Math.min(due, at);
      }
    }
    return { added, due };
  };
  const { added, due } = db.$client.inTransaction ? write() : db.$client.transaction(write).immediate();
  if (added > 0) markEmailWork(tenantId, new Date(due));
  return added;
}

/** Tells the worker this tenant has email due from `dueAt` (keeps the earliest). */
export function markEmailWork(tenantId: string, dueAt: Date) {
  controlDb()
    .insert(emailWork)
    .values({ tenantId, dueAt })
    .onConflictDoUpdate({ target: emailWork.tenantId, set: { dueAt: sql`min(${emailWork.dueAt}, excluded.due_at)` } })
    .run();
}

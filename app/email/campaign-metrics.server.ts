// A campaign's figures (issue 10 §5): counts from its sends, rates, and what it brought in:
// leads of its sends who became clients within 90 days of their email, and what those clients
// paid within the same 90 days (payments minus refunds: the ledger's signed rows). Opens are
// only ever an aggregate, and only when the coach turned open tracking on (CNIL).
import { cachedStatement } from "~/lib/statements.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import type { EmailSendStatus } from "../../db/tenant.schema";
import { CONVERSION_WINDOW_DAYS } from "./campaign-status";
import { openTrackingEnabled } from "./webhook-events.server";

const WINDOW_MS = CONVERSION_WINDOW_DAYS * 24 * 3600 * 1000;


const rate = (n: number, of: number) => (of > 0 ? n / of : null);

export type CampaignMetrics = ReturnType<typeof campaignMetrics>;

export function campaignMetrics(db: TenantDb, campaignId: number) {
  const c = cachedStatement(
    db.$client,
    `SELECT count(*) AS recipients, count(sent_at) AS sent, count(delivered_at) AS delivered, count(bounced_at) AS bounces,
       count(complained_at) AS complaints, count(clicked_at) AS clicks, count(opened_at) AS opens, count(unsubscribed_at) AS unsubscribes,
       coalesce(sum(status = 'failed'), 0) AS failed, coalesce(sum(status = 'cancelled'), 0) AS cancelled, coalesce(sum(status IN ('queued', 'sending')), 0) AS pending
     FROM email_sends WHERE campaign_id = ?`,
  ).get(campaignId) as Record<"recipients" | "sent" | "delivered" | "bounces" | "complaints" | "clicks" | "opens" | "unsubscribes" | "failed" | "cancelled" | "pending", number>;
  // One row per lead of the campaign who became a client within the window after their email.
  const converted = cachedStatement(
    db.$client,
    `SELECT count(*) AS clients, coalesce(sum(paid), 0) AS revenueCents FROM (
       SELECT c.id, (SELECT coalesce(sum(p.amount_cents), 0) FROM payments p JOIN invoices i ON i.id = p.invoice_id
                     WHERE i.client_id = c.id AND p.paid_at >= s.sent_at AND p.paid_at < s.sent_at + ?) AS paid
       FROM email_sends s JOIN clients c ON c.lead_id = s.lead_id
       WHERE s.campaign_id = ? AND s.sent_at IS NOT NULL AND c.created_at >= s.sent_at AND c.created_at < s.sent_at + ?
     )`,
  ).get(WINDOW_MS, campaignId, WINDOW_MS) as { clients: number; revenueCents: number };
  const tracking = openTrackingEnabled(db);
  return {
    ...c,
    opens: tracking ? c.opens : null,
    bounceRate: rate(c.bounces, c.sent),
    complaintRate: rate(c.complaints, c.sent),
    clickRate: rate(c.clicks, c.delivered),
    openRate: tracking ? rate(c.opens, c.delivered) : null,
    becameClients: converted.clients,
    revenueCents: converted.revenueCents,
  };
}

export const RECIPIENTS_PAGE_SIZE = 50;

export type RecipientRow = {
  id: number;
  leadId: number | null;
  name: string | null;
  email: string;
  status: EmailSendStatus;
  error: string | null;
  sentAt: number | null;
  deliveredAt: number | null;
  bouncedAt: number | null;
  clickedAt: number | null;
  complainedAt: number | null;
  unsubscribedAt: number | null;
};

/** One page of the campaign's recipients (no per-person opens, by design). */
export function campaignRecipients(db: TenantDb, campaignId: number, page = 1) {
  const total = (cachedStatement(db.$client, "SELECT count(*) AS n FROM email_sends WHERE campaign_id = ?").get(campaignId) as { n: number }).n;
  const pageCount = Math.max(1, Math.ceil(total / RECIPIENTS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = cachedStatement(
    db.$client,
    `SELECT s.id, s.lead_id AS leadId, nullif(trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')), '') AS name, s.to_email AS email,
       s.status, s.error, s.sent_at AS sentAt, s.delivered_at AS deliveredAt, s.bounced_at AS bouncedAt, s.clicked_at AS clickedAt,
       s.complained_at AS complainedAt, s.unsubscribed_at AS unsubscribedAt
     FROM email_sends s LEFT JOIN leads l ON l.id = s.lead_id WHERE s.campaign_id = ? ORDER BY s.id LIMIT ? OFFSET ?`,
  ).all(campaignId, RECIPIENTS_PAGE_SIZE, (current - 1) * RECIPIENTS_PAGE_SIZE) as RecipientRow[];
  return { rows, total, page: current, pageCount };
}

// What the lead page shows below the form: the setter conversation, and one timeline of
// notes, activities, status changes and emails sent from the email module, newest first.
import type { TenantDb } from "~/lib/tenant-db.server";
import { cachedStatement } from "~/lib/statements.server";
import type { SendEvents } from "~/email/send-status";
import type { LeadStatus } from "../../db/tenant.schema";

export type ConversationMessage = {
  id: number;
  direction: "in" | "out";
  messageNumber: number | null;
  text: string;
  sentAt: number;
  /** For a numbered message out (1–4): minutes until the lead answered, from message_sequences. */
  replyMinutes: number | null;
};

const MESSAGES = `SELECT id, direction, message_number AS messageNumber, text, sent_at AS sentAt FROM messages WHERE lead_id = ? ORDER BY sent_at, id`;
const SEQUENCE = "SELECT * FROM message_sequences WHERE lead_id = ?";

/** Every message in and out in order; numbered ones carry the reply time of the sequence. */
export function conversation(db: TenantDb, leadId: number): ConversationMessage[] {
  const rows = cachedStatement(db.$client, MESSAGES).all(leadId) as Omit<ConversationMessage, "replyMinutes">[];
  const seq = cachedStatement(db.$client, SEQUENCE).get(leadId) as Record<string, number | null> | undefined;
  return rows.map((m) => {
    let replyMinutes: number | null = null;
    const n = m.messageNumber;
    if (seq && m.direction === "out" && n !== null && n >= 1 && n <= 4) {
      const sent = seq[`msg${n}_sent_at`];
      const replied = seq[`msg${n}_replied_at`];
      if (sent !== null && replied !== null && sent !== undefined && replied !== undefined) replyMinutes = Math.max(0, Math.round((replied - sent) / 60_000));
    }
    return { ...m, replyMinutes };
  });
}

export { replyLabel } from "./reply-time";

export type TimelineItem =
  | { kind: "note"; id: number; at: number; body: string }
  | {
      kind: "activity";
      id: number;
      at: number;
      type: string;
      priority: string;
      state: string;
      dueAt: number | null;
      durationMinutes: number | null;
      details: string | null;
      doneAt: number | null;
    }
  | { kind: "status"; id: number; at: number; fromStatus: LeadStatus | null; toStatus: LeadStatus }
  | ({ kind: "email"; id: number; at: number; subject: string; campaignName: string | null } & SendEvents);

// The lead's emails (CRM sends and campaigns), by their queueing time (email_sends_lead_idx).
const EMAILS = `SELECT 'email' AS kind, s.id, s.created_at AS at, s.subject, s.status, s.error, s.sent_at AS sentAt, s.delivered_at AS deliveredAt,
    s.bounced_at AS bouncedAt, s.bounce_type AS bounceType, s.complained_at AS complainedAt, s.clicked_at AS clickedAt, c.name AS campaignName
  FROM email_sends s LEFT JOIN email_campaigns c ON c.id = s.campaign_id
  WHERE s.lead_id = ? ORDER BY s.created_at DESC, s.id DESC LIMIT 200`;

// An activity sits on the timeline at its due date (when it is planned for), else its creation.
const TIMELINE = `
  SELECT 'note' AS kind, id, created_at AS at, body, NULL AS type, NULL AS priority, NULL AS state, NULL AS dueAt, NULL AS durationMinutes, NULL AS details, NULL AS doneAt, NULL AS fromStatus, NULL AS toStatus
    FROM notes WHERE lead_id = @leadId
  UNION ALL
  SELECT 'activity', id, coalesce(due_at, created_at), NULL, type, priority, state, due_at, duration_minutes, details, done_at, NULL, NULL
    FROM activities WHERE lead_id = @leadId
  UNION ALL
  SELECT 'status', id, changed_at, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, from_status, to_status
    FROM lead_status_changes WHERE lead_id = @leadId
  ORDER BY at DESC, kind, id DESC
  LIMIT 500`;

export function timeline(db: TenantDb, leadId: number): TimelineItem[] {
  const rows = cachedStatement(db.$client, TIMELINE).all({ leadId }) as Record<string, unknown>[];
  const emails = cachedStatement(db.$client, EMAILS).all(leadId) as TimelineItem[];
  const items = rows.map((r) => {
    if (r.kind === "note") return { kind: "note", id: r.id, at: r.at, body: r.body } as TimelineItem;
    if (r.kind === "status") return { kind: "status", id: r.id, at: r.at, fromStatus: r.fromStatus, toStatus: r.toStatus } as TimelineItem;
    const { body: _b, fromStatus: _f, toStatus: _t, ...activity } = r;
    return activity as TimelineItem;
  });
  if (emails.length === 0) return items;
  // Newest first; on the same instant, the email after the note or status change of the same action.
  return [...items, ...emails].sort((a, b) => b.at - a.at || (a.kind === "email" ? 1 : 0) - (b.kind === "email" ? 1 : 0)).slice(0, 500);
}

// Per-lead data derived from the conversation: message numbers, reply flags, counters and the
// msg1..4 sequence. Always recomputed from ALL of the lead's messages, so retries and
// out-of-order webhooks end in the same rows as an in-order feed.
import type { TenantDb } from "~/lib/tenant-db.server";
import { statement } from "~/lib/statements.server";
import { dayKey } from "~/kpis/paris-days.server";

export type StoredMessage = {
  id: number;
  externalId: string | null;
  direction: "in" | "out";
  messageNumber: number | null;
  sentAt: number; // Unix ms
  isReplied: boolean;
  repliedAt: number | null;
  /** The number the sender gave, if any (stored apart from the derived one). */
  senderNumber: number | null;
};

export type DerivedMessage = { id: number; messageNumber: number | null; isReplied: boolean; repliedAt: number | null };
export type SequenceSlot = { sentAt: number | null; replied: boolean; repliedAt: number | null };

export type Conversation = {
  messages: DerivedMessage[];
  sent: number;
  received: number;
  firstAt: number | null;
  lastAt: number | null;
  answered: boolean;
  slots: [SequenceSlot, SequenceSlot, SequenceSlot, SequenceSlot];
};

// Ties on sent_at are broken by external_id, not by id: ids follow arrival order.
function chronological(a: StoredMessage, b: StoredMessage) {
  if (a.sentAt !== b.sentAt) return a.sentAt - b.sentAt;
  if (a.externalId !== b.externalId) {
    if (a.externalId === null) return -1;
    if (b.externalId === null) return 1;
    return a.externalId < b.externalId ? -1 : 1;
  }
  return a.id - b.id;
}

/** Pure: what the lead's derived rows should be, given all its messages. */
export function deriveConversation(stored: StoredMessage[]): Conversation {
  const sorted = [...stored].sort(chronological);
  const derived = new Map<number, DerivedMessage>();
  let rank = 0;
  let awaitingReply: DerivedMessage | null = null;
  let received = 0;
  for (const m of sorted) {
    if (m.direction === "in") {
      received++;
      derived.set(m.id, { id: m.id, messageNumber: m.messageNumber, isReplied: false, repliedAt: null });
      if (awaitingReply) {
        awaitingReply.isReplied = true;
        awaitingReply.repliedAt = m.sentAt;
        awaitingReply = null;
      }
      continue;
    }
    rank++;
    // The sender's number wins; otherwise the rank among the lead's outgoing messages.
    const out = { id: m.id, messageNumber: m.senderNumber ?? rank, isReplied: false, repliedAt: null };
    derived.set(m.id, out);
    awaitingReply = out;
  }
  const messages = sorted.map((m) => derived.get(m.id)!);
  const slots = [1, 2, 3, 4].map((n) => {
    const i = sorted.findIndex((m) => m.direction === "out" && derived.get(m.id)!.messageNumber === n);
    if (i < 0) return { sentAt: null, replied: false, repliedAt: null };
    return { sentAt: sorted[i].sentAt, replied: messages[i].isReplied, repliedAt: messages[i].repliedAt };
  }) as Conversation["slots"];
  return {
    messages,
    sent: sorted.length - received,
    received,
    firstAt: sorted[0]?.sentAt ?? null,
    lastAt: sorted.at(-1)?.sentAt ?? null,
    answered: received > 0,
    slots,
  };
}

const SELECT_MESSAGES = `SELECT id, external_id AS externalId, direction, message_number AS messageNumber,
  sender_message_number AS senderNumber,
  sent_at AS sentAt, is_replied AS isReplied, replied_at AS repliedAt
  FROM messages WHERE lead_id = ? ORDER BY sent_at`;
const UPDATE_MESSAGE = `UPDATE messages SET message_number = ?, is_replied = ?, replied_at = ? WHERE id = ?`;
const SELECT_LEAD = `SELECT status, created_at AS createdAt, messages_sent AS sent, messages_received AS received,
  last_contact_at AS lastAt FROM leads WHERE id = ?`;
const UPDATE_LEAD = `UPDATE leads SET status = ?, created_at = ?, created_day = ?, messages_sent = ?, messages_received = ?,
  last_contact_at = ?, updated_at = ? WHERE id = ?`;
const slotColumns = [1, 2, 3, 4].flatMap((n) => [`msg${n}_sent_at`, `msg${n}_replied`, `msg${n}_replied_at`]);
// Leaves call_proposed_at/call_booked_at alone, and writes nothing when the slots are unchanged.
const UPSERT_SEQUENCE = `INSERT INTO message_sequences (lead_id, created_at, ${slotColumns.join(", ")})
  VALUES (?, ?, ${slotColumns.map(() => "?").join(", ")})
  ON CONFLICT(lead_id) DO UPDATE SET ${slotColumns.map((c) => `${c} = excluded.${c}`).join(", ")}
  WHERE ${slotColumns.map((c) => `${c} IS NOT excluded.${c}`).join(" OR ")}`;

type MessageRow = Omit<StoredMessage, "isReplied"> & { isReplied: number };
type LeadRow = { status: string; createdAt: number; sent: number; received: number; lastAt: number | null };

/**
 * Rewrites the derived data of one lead. Runs inside the caller's transaction. Rows are only written when a value changes.
 */
export function recomputeConversation(db: TenantDb, leadId: number, now: Date) {
  const rows = statement(db, SELECT_MESSAGES).all(leadId) as MessageRow[];
  const stored = rows.map((r) => ({ ...r, isReplied: r.isReplied === 1 }));
  const conversation = deriveConversation(stored);

  const before = new Map(stored.map((m) => [m.id, m]));
  for (const m of conversation.messages) {
    const old = before.get(m.id)!;
    if (old.messageNumber !== m.messageNumber || old.isReplied !== m.isReplied || old.repliedAt !== m.repliedAt) {
      statement(db, UPDATE_MESSAGE).run(m.messageNumber, m.isReplied ? 1 : 0, m.repliedAt, m.id);
    }
  }

  const lead = statement(db, SELECT_LEAD).get(leadId) as LeadRow;
  // The lead answered: it is no longer new. A lead also exists at least since its first message.
  const status = lead.status === "new" && conversation.answered ? "engaged" : lead.status;
  const createdAt = conversation.firstAt === null ? lead.createdAt : Math.min(lead.createdAt, conversation.firstAt);
  if (
    status !== lead.status ||
    createdAt !== lead.createdAt ||
    conversation.sent !== lead.sent ||
    conversation.received !== lead.received ||
    conversation.lastAt !== lead.lastAt
  ) {
    statement(db, UPDATE_LEAD).run(status, createdAt, dayKey(createdAt), conversation.sent, conversation.received, conversation.lastAt, now.getTime(), leadId);
  }

  const slotValues = conversation.slots.flatMap((s) => [s.sentAt, s.replied ? 1 : 0, s.repliedAt]);
  statement(db, UPSERT_SEQUENCE).run(leadId, now.getTime(), ...slotValues);
}

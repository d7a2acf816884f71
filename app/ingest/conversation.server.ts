// Per-lead data derived from the conversation: message numbers, reply flags, counters and the
// msg1..4 sequence. Derived in chronological order, so retries and out-of-order webhooks end
// in the same rows as an in-order feed. A batch re-derives only its lead's messages from its
// own earliest one on, starting from what is stored for the messages before (extendConversation).
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
type Slots = [SequenceSlot, SequenceSlot, SequenceSlot, SequenceSlot];

export type Conversation = {
  messages: DerivedMessage[];
  sent: number;
  received: number;
  firstAt: number | null;
  lastAt: number | null;
  answered: boolean;
  slots: Slots;
};

/** Where a conversation stands after some of its messages, in chronological order. */
type State = {
  sent: number;
  received: number;
  lastAt: number | null;
  /** The last message when it is outgoing: the next incoming one answers it. */
  awaiting: DerivedMessage | null;
  /** The slot (0-3) the awaiting message holds, when it is the first with its number. */
  awaitingSlot: number | null;
  slots: Slots;
};

const emptySlot = (): SequenceSlot => ({ sentAt: null, replied: false, repliedAt: null });
const emptyState = (): State => ({ sent: 0, received: 0, lastAt: null, awaiting: null, awaitingSlot: null, slots: [emptySlot(), emptySlot(), emptySlot(), emptySlot()] });

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

/** Derives `sorted` (chronological, all after the state's messages) and advances `state`. */
function fold(state: State, sorted: StoredMessage[]): DerivedMessage[] {
  return sorted.map((m) => {
    state.lastAt = m.sentAt;
    if (m.direction === "in") {
      state.received++;
      const { awaiting, awaitingSlot } = state;
      if (awaiting) {
        awaiting.isReplied = true;
        awaiting.repliedAt = m.sentAt;
        if (awaitingSlot !== null) state.slots[awaitingSlot] = { ...state.slots[awaitingSlot], replied: true, repliedAt: m.sentAt };
      }
      state.awaiting = null;
      state.awaitingSlot = null;
      return { id: m.id, messageNumber: m.messageNumber, isReplied: false, repliedAt: null };
    }
    state.sent++;
    // The sender's number wins; otherwise the rank among the lead's outgoing messages.
    const out = { id: m.id, messageNumber: m.senderNumber ?? state.sent, isReplied: false, repliedAt: null };
    // A slot takes the earliest outgoing message with its number.
    const slot = out.messageNumber - 1;
    const takes = slot >= 0 && slot < 4 && state.slots[slot].sentAt === null;
    if (takes) state.slots[slot] = { sentAt: m.sentAt, replied: false, repliedAt: null };
    state.awaiting = out;
    state.awaitingSlot = takes ? slot : null;
    return out;
  });
}

/** Pure: what the lead's derived rows should be, given all its messages. */
export function deriveConversation(stored: StoredMessage[]): Conversation {
  const sorted = [...stored].sort(chronological);
  const state = emptyState();
  const messages = fold(state, sorted);
  const { sent, received, lastAt, slots } = state;
  return { messages, sent, received, firstAt: sorted[0]?.sentAt ?? null, lastAt, answered: received > 0, slots };
}

const COLUMNS = `id, external_id AS externalId, direction, message_number AS messageNumber,
  sender_message_number AS senderNumber, sent_at AS sentAt, is_replied AS isReplied, replied_at AS repliedAt`;
// All three walk messages_lead_idx (lead_id, sent_at).
const SELECT_FROM = `SELECT ${COLUMNS} FROM messages WHERE lead_id = ? AND sent_at >= ? ORDER BY sent_at`;
const SELECT_LAST_BEFORE = `SELECT ${COLUMNS} FROM messages
  WHERE lead_id = ? AND sent_at = (SELECT max(sent_at) FROM messages WHERE lead_id = ? AND sent_at < ?)`;
const SELECT_FIRST_AT = `SELECT min(sent_at) AS firstAt FROM messages WHERE lead_id = ?`;
const UPDATE_MESSAGE = `UPDATE messages SET message_number = ?, is_replied = ?, replied_at = ? WHERE id = ?`;
const SELECT_LEAD = `SELECT status, created_at AS createdAt, messages_sent AS sent, messages_received AS received,
  last_contact_at AS lastAt FROM leads WHERE id = ?`;
const UPDATE_LEAD = `UPDATE leads SET status = ?, created_at = ?, created_day = ?, messages_sent = ?, messages_received = ?,
  last_contact_at = ?, updated_at = ? WHERE id = ?`;
const slotColumns = [1, 2, 3, 4].flatMap((n) => [`msg${n}_sent_at`, `msg${n}_replied`, `msg${n}_replied_at`]);
const SELECT_SLOTS = `SELECT ${slotColumns.join(", ")} FROM message_sequences WHERE lead_id = ?`;
// Leaves call_proposed_at/call_booked_at alone, and writes nothing when the slots are unchanged.
const UPSERT_SEQUENCE = `INSERT INTO message_sequences (lead_id, created_at, ${slotColumns.join(", ")})
  VALUES (?, ?, ${slotColumns.map(() => "?").join(", ")})
  ON CONFLICT(lead_id) DO UPDATE SET ${slotColumns.map((c) => `${c} = excluded.${c}`).join(", ")}
  WHERE ${slotColumns.map((c) => `${c} IS NOT excluded.${c}`).join(" OR ")}`;

type MessageRow = Omit<StoredMessage, "isReplied"> & { isReplied: number };
type LeadRow = { status: string; createdAt: number; sent: number; received: number; lastAt: number | null };
/** What a batch stored for one lead: the new rows' ids and the earliest `sent_at` among them. */
export type AddedMessages = { ids: Set<number>; from: number };

const readMessages = (rows: unknown[]) => (rows as MessageRow[]).map((r) => ({ ...r, isReplied: r.isReplied === 1 }));

/** Rewrites the derived data of one lead from all its messages. Runs inside the caller's transaction. */
export function recomputeConversation(db: TenantDb, leadId: number, now: Date) {
  rederive(db, leadId, now, null);
}

/**
 * The same result as recomputeConversation after a batch `added` messages, reading only the
 * messages sent at or after the earliest new one. The derived values of earlier messages depend
 * only on what precedes them, so the state at that point is what is stored: the lead's counters
 * minus the stored messages re-derived, the last earlier message (a re-derived answer may reply
 * to it) and the msg1..4 slots taken before. A batch that follows the conversation reads itself
 * and the last stored message; a message from long ago re-derives everything after it.
 */
export function extendConversation(db: TenantDb, leadId: number, now: Date, added: AddedMessages) {
  rederive(db, leadId, now, added);
}

function rederive(db: TenantDb, leadId: number, now: Date, added: AddedMessages | null) {
  const lead = statement(db, SELECT_LEAD).get(leadId) as LeadRow;
  const from = added?.from ?? Number.MIN_SAFE_INTEGER;
  const suffix = readMessages(statement(db, SELECT_FROM).all(leadId, from)).sort(chronological);
  const start = added ? storedStateBefore(db, leadId, lead, suffix, added) : { state: emptyState(), last: null };
  // Stored counters or slots that do not add up (data written by other means): derive it all.
  if (!start) return rederive(db, leadId, now, null);
  const { state, last } = start;
  const lastDerived = state.awaiting;

  const derived = fold(state, suffix);
  const writeIfChanged = (old: StoredMessage, m: DerivedMessage) => {
    if (old.messageNumber !== m.messageNumber || old.isReplied !== m.isReplied || old.repliedAt !== m.repliedAt) {
      statement(db, UPDATE_MESSAGE).run(m.messageNumber, m.isReplied ? 1 : 0, m.repliedAt, m.id);
    }
  };
  suffix.forEach((old, i) => writeIfChanged(old, derived[i]));
  if (last && lastDerived) writeIfChanged(last, lastDerived);

  const { firstAt } = statement(db, SELECT_FIRST_AT).get(leadId) as { firstAt: number | null };
  // The lead answered: it is no longer new. A lead also exists at least since its first message.
  const status = lead.status === "new" && state.received > 0 ? "engaged" : lead.status;
  const createdAt = firstAt === null ? lead.createdAt : Math.min(lead.createdAt, firstAt);
  if (status !== lead.status || createdAt !== lead.createdAt || state.sent !== lead.sent || state.received !== lead.received || state.lastAt !== lead.lastAt) {
    statement(db, UPDATE_LEAD).run(status, createdAt, dayKey(createdAt), state.sent, state.received, state.lastAt, now.getTime(), leadId);
  }

  const slotValues = state.slots.flatMap((s) => [s.sentAt, s.replied ? 1 : 0, s.repliedAt]);
  statement(db, UPSERT_SEQUENCE).run(leadId, now.getTime(), ...slotValues);
}

/** The state just before `added.from`, from the stored rows; null when they do not add up. */
function storedStateBefore(db: TenantDb, leadId: number, lead: LeadRow, suffix: StoredMessage[], added: AddedMessages) {
  const state = emptyState();
  state.sent = lead.sent;
  state.received = lead.received;
  for (const m of suffix) {
    if (added.ids.has(m.id)) continue;
    if (m.direction === "out") state.sent--;
    else state.received--;
  }
  const atLastTime = readMessages(statement(db, SELECT_LAST_BEFORE).all(leadId, leadId, added.from)).sort(chronological);
  const last = atLastTime.at(-1) ?? null;
  if (state.sent < 0 || state.received < 0 || (last === null) !== (state.sent + state.received === 0)) return null;
  if (!last) return { state, last };

  const slots = statement(db, SELECT_SLOTS).raw().get(leadId) as (number | null)[] | undefined;
  if (!slots) return null;
  for (let i = 0; i < 4; i++) {
    const sentAt = slots[3 * i];
    // Slots taken after `from` are re-derived with the messages that follow.
    if (sentAt !== null && sentAt < added.from) state.slots[i] = { sentAt, replied: slots[3 * i + 1] === 1, repliedAt: slots[3 * i + 2] };
  }
  state.lastAt = last.sentAt;
  if (last.direction === "out") {
    // Its reply, if any, is among the re-derived messages: it starts unanswered.
    state.awaiting = { id: last.id, messageNumber: last.messageNumber, isReplied: false, repliedAt: null };
    const slot = (last.messageNumber ?? 0) - 1;
    // It holds its slot when the slot has its time and no other message of that time has its number.
    const sameNumber = atLastTime.filter((m) => m.direction === "out" && m.messageNumber === last.messageNumber).length;
    if (slot >= 0 && slot < 4 && state.slots[slot].sentAt === last.sentAt && sameNumber === 1) {
      state.slots[slot] = { sentAt: last.sentAt, replied: false, repliedAt: null };
      state.awaitingSlot = slot;
    }
  }
  return { state, last };
}

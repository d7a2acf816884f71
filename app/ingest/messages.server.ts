// POST /api/v1/messages: stores new messages (deduplicated on external_id), then brings the
// derived data of every lead that received one up to date.
import type { TenantDb } from "~/lib/tenant-db.server";
import { extendConversation, type AddedMessages } from "./conversation.server";
import type { IngestCounts, MessageInput } from "./schemas";
import { statement } from "~/lib/statements.server";
import { dayKey } from "~/kpis/paris-days.server";
import { isSuppressed } from "~/crm/suppressions.server";
import { notifyBatch } from "./lead-notifications.server";

const MESSAGE_EXISTS = `SELECT 1 FROM messages WHERE external_id = ?`;
const FIND_LEAD = `SELECT id FROM leads WHERE instagram_id = ?`;
// A message may arrive before its lead: a stub holds it until the lead payload comes.
const INSERT_STUB_LEAD = `INSERT INTO leads (instagram_id, status, created_at, created_day, updated_at) VALUES (?, 'new', ?, ?, ?)`;
const INSERT_MESSAGE = `INSERT INTO messages (external_id, lead_id, direction, message_number, sender_message_number, text, sent_at, sent_day, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** One transaction: either every message of the batch is stored, or none. */
export function ingestMessages(db: TenantDb, items: MessageInput[], now = new Date()): IngestCounts & { suppressed?: number } {
  return db.transaction(() => {
    const leadIds = new Map<string, number>();
    const added = new Map<number, AddedMessages>(); // per lead that received new messages
    const suppressedIds = new Map<string, boolean>();
    const stubs: { id: number; name: string }[] = [];
    let created = 0;
    let suppressed = 0;
    for (const m of items) {
      // A blacklisted or erased contact's messages are not stored (no stub lead either).
      let isOff = suppressedIds.get(m.instagramId);
      if (isOff === undefined) suppressedIds.set(m.instagramId, (isOff = isSuppressed(db, { instagramId: m.instagramId })));
      if (isOff) {
        suppressed++;
        continue;
      }
      // Messages are immutable once received: a known external_id is left as it is.
      if (statement(db, MESSAGE_EXISTS).get(m.externalId)) continue;
      const sentAt = (m.sentAt ?? now).getTime();
      let leadId = leadIds.get(m.instagramId);
      if (leadId === undefined) {
        const lead = statement(db, FIND_LEAD).get(m.instagramId) as { id: number } | undefined;
        // A stub starts at this message; the recompute moves it back to the earliest one.
        if (lead) leadId = lead.id;
        else {
          leadId = Number(statement(db, INSERT_STUB_LEAD).run(m.instagramId, sentAt, dayKey(sentAt), now.getTime()).lastInsertRowid);
          stubs.push({ id: leadId, name: m.instagramId });
        }
        leadIds.set(m.instagramId, leadId);
      }
      const { lastInsertRowid } = statement(db, INSERT_MESSAGE).run(m.externalId, leadId, m.direction, m.messageNumber, m.messageNumber, m.text, sentAt, dayKey(sentAt), now.getTime());
      const lead = added.get(leadId) ?? { ids: new Set<number>(), from: sentAt };
      lead.ids.add(Number(lastInsertRowid));
      lead.from = Math.min(lead.from, sentAt);
      added.set(leadId, lead);
      created++;
    }
    // Only what the new messages can change is read and re-derived (conversation.server.ts).
    for (const [leadId, batch] of added) extendConversation(db, leadId, now, batch);
    notifyBatch(db, { created: stubs }, now);
    const counts = { created, updated: 0, unchanged: items.length - created };
    // Additive: the answer only grows a `suppressed` field when some contact was ignored.
    return suppressed ? { ...counts, suppressed } : counts;
  }, { behavior: "immediate" });
}

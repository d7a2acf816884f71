// POST /api/v1/leads: upsert on instagram_id. Only the fields present in the payload change;
// null clears a field; a lead whose fields already match is left untouched (updated_at too).
// Retried or replayed payloads must not roll a lead back: see isStale.
import { eq } from "drizzle-orm";
import { leads, type LeadStatus } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import type { LeadCounts, LeadInput } from "./schemas";
import { statement } from "~/lib/statements.server";
import { dayKey } from "~/kpis/paris-days.server";
import { isSuppressed } from "~/crm/suppressions.server";
import { nameOf, notifyBatch, type Noticed } from "./lead-notifications.server";

const CALL_PROPOSED: ReadonlySet<LeadStatus> = new Set(["call_proposed", "call_booked", "won"]);
const CALL_BOOKED: ReadonlySet<LeadStatus> = new Set(["call_booked", "won"]);

/** Funnel order: without a sender timestamp to compare, a status only moves forward. */
const FUNNEL_RANK: Record<LeadStatus, number> = {
  new: 0, engaged: 1, follow_up: 1, qualified: 2, call_proposed: 3, call_booked: 4, won: 5, lost: 5,
};
const FINAL: ReadonlySet<LeadStatus> = new Set(["won", "lost"]);

const HISTORY = `SELECT min(sent_at) AS firstAt, max(direction = 'in') AS answered FROM messages WHERE lead_id = ?`;
// First time only: a lead going back and forth keeps the moment the call was first proposed/booked.
const MARK_CALL = `INSERT INTO message_sequences (lead_id, created_at, call_proposed_at, call_booked_at) VALUES (?, ?, ?, ?)
  ON CONFLICT(lead_id) DO UPDATE SET call_proposed_at = coalesce(call_proposed_at, excluded.call_proposed_at),
  call_booked_at = coalesce(call_booked_at, excluded.call_booked_at)`;

type Outcome = "created" | "updated" | "unchanged" | "stale";
type Lead = typeof leads.$inferSelect;

/** One transaction: either every lead of the batch is written, or none. */
export function upsertLeads(db: TenantDb, items: LeadInput[], now = new Date()): LeadCounts & { suppressed?: number } {
  // better-sqlite3 runs everything on one connection: every statement below is inside the transaction.
  return db.transaction(
    () => {
      const counts = { created: 0, updated: 0, unchanged: 0, stale: 0 };
      const noticed: Noticed = { created: [], won: [] };
      let suppressed = 0;
      for (const item of items) {
        // A blacklisted or erased contact is not stored again (also `unchanged`, like stale).
        if (isSuppressed(db, { instagramId: item.instagramId, email: item.email, phone: item.phone })) {
          counts.unchanged++;
          suppressed++;
          continue;
        }
        const outcome = upsertLead(db, item, now, noticed);
        // A stale payload changed nothing: it is also `unchanged`, so the three counts still add up.
        if (outcome === "stale") counts.unchanged++;
        counts[outcome]++;
      }
      notifyBatch(db, noticed, now);
      // Additive: the answer only grows a `suppressed` field when some contact was ignored.
      return suppressed ? { ...counts, suppressed } : counts;
    },
    { behavior: "immediate" },
  );
}

/**
 * A retry or replay that must not be applied. With both the payload's and the stored sender
 * time, the older payload loses. Otherwise (no time sent, or none stored to compare with) only
 * a forward move along the funnel is applied; won and lost are final. `force` skips both checks.
 */
function isStale(existing: Lead, status: LeadStatus | undefined, senderUpdatedAt: Date | undefined) {
  const stored = existing.senderUpdatedAt;
  if (senderUpdatedAt && stored) return senderUpdatedAt < stored;
  if (!status || status === existing.status) return false;
  return FINAL.has(existing.status) || FUNNEL_RANK[status] < FUNNEL_RANK[existing.status];
}

function upsertLead(db: TenantDb, { instagramId, senderUpdatedAt, force = false, ...fields }: LeadInput, now: Date, noticed: Noticed): Outcome {
  const existing = db.select().from(leads).where(eq(leads.instagramId, instagramId)).get();
  if (!existing) {
    const createdAt = fields.createdAt ?? now;
    const status = fields.status ?? "new";
    const timeToActionMinutes = CALL_BOOKED.has(status) ? minutesBetween(createdAt, now) : null;
    const { id } = db
      .insert(leads)
      .values({ ...fields, ...consentRecord(fields.consent, now), instagramId, status, createdAt, createdDay: dayKey(createdAt), updatedAt: now, timeToActionMinutes, senderUpdatedAt })
      .returning({ id: leads.id })
      .get();
    markCall(db, id, status, now);
    noticed.created.push({ id, name: nameOf({ ...fields, instagramId }) });
    if (status === "won") noticed.won.push({ id, name: nameOf({ ...fields, instagramId }) });
    return "created";
  }

  const patch: Omit<LeadInput, "instagramId" | "senderUpdatedAt" | "force"> = { ...fields };
  if (patch.status === "new" || patch.createdAt) {
    // Same rules as the conversation recompute, so the order of lead and message payloads doesn't matter.
    const history = statement(db, HISTORY).get(existing.id) as { firstAt: number | null; answered: number | null };
    if (patch.status === "new" && history.answered) patch.status = "engaged";
    if (patch.createdAt && history.firstAt !== null && history.firstAt < patch.createdAt.getTime()) {
      patch.createdAt = new Date(history.firstAt);
    }
  }
  // After the "answered, so engaged" rule: a lead our messages made engaged is not moved "back" by a payload saying new.
  if (!force && isStale(existing, patch.status, senderUpdatedAt)) return "stale";

  const current = existing as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) if (!sameValue(current[key], value)) changes[key] = value;
  // The newest sender time is kept even when nothing else changed, so that older payloads stay stale.
  const newerSenderTime = senderUpdatedAt && (!existing.senderUpdatedAt || senderUpdatedAt > existing.senderUpdatedAt);
  if (Object.keys(changes).length === 0) {
    if (newerSenderTime) db.update(leads).set({ senderUpdatedAt, updatedAt: existing.updatedAt }).where(eq(leads.id, existing.id)).run();
    return "unchanged";
  }
  if (newerSenderTime) changes.senderUpdatedAt = senderUpdatedAt;

  const status = patch.status ?? existing.status;
  const statusMoved = "status" in changes;
  if (statusMoved && CALL_BOOKED.has(status) && existing.timeToActionMinutes === null) {
    changes.timeToActionMinutes = minutesBetween(patch.createdAt ?? existing.createdAt, now);
  }
  if (changes.createdAt instanceof Date) changes.createdDay = dayKey(changes.createdAt);
  if ("consent" in changes) Object.assign(changes, consentRecord(changes.consent as boolean, now));
  if (statusMoved && status === "won") noticed.won.push({ id: existing.id, name: nameOf({ ...existing, ...patch, instagramId }) });
  db.update(leads)
    .set({ ...changes, updatedAt: now })
    .where(eq(leads.id, existing.id))
    .run();
  if (statusMoved) markCall(db, existing.id, status, now);
  return "updated";
}

/** A consent given or withdrawn through the API: who (api) and when (the time of receipt). */
function consentRecord(consent: boolean | undefined, now: Date) {
  return consent === undefined ? {} : { consentSource: "api", consentAt: now };
}

function markCall(db: TenantDb, leadId: number, status: LeadStatus, now: Date) {
  if (!CALL_PROPOSED.has(status)) return;
  statement(db, MARK_CALL).run(leadId, now.getTime(), now.getTime(), CALL_BOOKED.has(status) ? now.getTime() : null);
}

function sameValue(a: unknown, b: unknown) {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

function minutesBetween(from: Date, to: Date) {
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
}

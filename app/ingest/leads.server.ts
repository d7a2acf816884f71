// POST /api/v1/leads: upsert on instagram_id. Only the fields present in the payload change;
// null clears a field; a lead whose fields already match is left untouched (updated_at too).
import { eq } from "drizzle-orm";
import { leads, type LeadStatus } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import type { IngestCounts, LeadInput } from "./schemas";
import { statement } from "~/lib/statements.server";
import { dayKey } from "~/kpis/paris-days.server";

const CALL_PROPOSED: ReadonlySet<LeadStatus> = new Set(["call_proposed", "call_booked", "won"]);
const CALL_BOOKED: ReadonlySet<LeadStatus> = new Set(["call_booked", "won"]);

const HISTORY = `SELECT min(sent_at) AS firstAt, max(direction = 'in') AS answered FROM messages WHERE lead_id = ?`;
// First time only: a lead going back and forth keeps the moment the call was first proposed/booked.
const MARK_CALL = `INSERT INTO message_sequences (lead_id, created_at, call_proposed_at, call_booked_at) VALUES (?, ?, ?, ?)
  ON CONFLICT(lead_id) DO UPDATE SET call_proposed_at = coalesce(call_proposed_at, excluded.call_proposed_at),
  call_booked_at = coalesce(call_booked_at, excluded.call_booked_at)`;

type Outcome = keyof IngestCounts;

/** One transaction: either every lead of the batch is written, or none. */
export function upsertLeads(db: TenantDb, items: LeadInput[], now = new Date()): IngestCounts {
  // better-sqlite3 runs everything on one connection: every statement below is inside the transaction.
  return db.transaction(
    () => {
      const counts = { created: 0, updated: 0, unchanged: 0 };
      for (const item of items) counts[upsertLead(db, item, now)]++;
      return counts;
    },
    { behavior: "immediate" },
  );
}

function upsertLead(db: TenantDb, { instagramId, ...fields }: LeadInput, now: Date): Outcome {
  const existing = db.select().from(leads).where(eq(leads.instagramId, instagramId)).get();
  if (!existing) {
    const createdAt = fields.createdAt ?? now;
    const status = fields.status ?? "new";
    const timeToActionMinutes = CALL_BOOKED.has(status) ? minutesBetween(createdAt, now) : null;
    const { id } = db
      .insert(leads)
      .values({ ...fields, instagramId, status, createdAt, createdDay: dayKey(createdAt), updatedAt: now, timeToActionMinutes })
      .returning({ id: leads.id })
      .get();
    markCall(db, id, status, now);
    return "created";
  }

  const patch: Omit<LeadInput, "instagramId"> = { ...fields };
  if (patch.status === "new" || patch.createdAt) {
    // Same rules as the conversation recompute, so the order of lead and message payloads doesn't matter.
    const history = statement(db, HISTORY).get(existing.id) as { firstAt: number | null; answered: number | null };
    if (patch.status === "new" && history.answered) patch.status = "engaged";
    if (patch.createdAt && history.firstAt !== null && history.firstAt < patch.createdAt.getTime()) {
      patch.createdAt = new Date(history.firstAt);
    }
  }
  const current = existing as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) if (!sameValue(current[key], value)) changes[key] = value;
  if (Object.keys(changes).length === 0) return "unchanged";

  const status = patch.status ?? existing.status;
  const statusMoved = "status" in changes;
  if (statusMoved && CALL_BOOKED.has(status) && existing.timeToActionMinutes === null) {
    changes.timeToActionMinutes = minutesBetween(patch.createdAt ?? existing.createdAt, now);
  }
  if (changes.createdAt instanceof Date) changes.createdDay = dayKey(changes.createdAt);
  db.update(leads)
    .set({ ...changes, updatedAt: now })
    .where(eq(leads.id, existing.id))
    .run();
  if (statusMoved) markCall(db, existing.id, status, now);
  return "updated";
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

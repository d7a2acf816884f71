// Calls, emails, meetings and video calls planned with a lead. Due dates are typed in Paris
// time (what the coach's calendar says) and stored as UTC milliseconds.
import { and, eq } from "drizzle-orm";
import { activities, type ACTIVITY_STATES } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { parisToUtc } from "~/clients/paris-time";
import type { ActivityInput } from "./lead-schemas";

type ActivityState = (typeof ACTIVITY_STATES)[number];

/** Due time when the coach gives a date alone. */
export const DEFAULT_DUE_TIME = "09:00";

/**
 * A Paris date and time → the instant, by the sessions' parser (parisToUtc): the hour skipped in
 * March and an impossible date are refused by ActivitySchema with a field error, so reaching
 * here with one is a bug, not something to shift silently by an hour.
 */
export function parisDateTime(day: string, time = DEFAULT_DUE_TIME) {
  const r = parisToUtc(day, time);
  if (!r.ok) throw new Error(`Not a Paris time (${r.reason}): ${day} ${time}`);
  return r.date;
}

export function createActivity(db: TenantDb, leadId: number, input: ActivityInput, now = new Date()) {
  return db
    .insert(activities)
    .values({
      leadId,
      type: input.type,
      priority: input.priority,
      state: input.state,
      dueAt: input.dueDate ? parisDateTime(input.dueDate, input.dueTime) : null,
      durationMinutes: input.durationMinutes ?? null,
      details: input.details ?? null,
      doneAt: input.state === "done" ? now : null,
      createdAt: now,
    })
    .returning({ id: activities.id })
    .get().id;
}

/** Done, cancelled or planned again; only an activity of this lead. True when one changed. */
export function setActivityState(db: TenantDb, leadId: number, activityId: number, state: ActivityState, now = new Date()) {
  return (
    db
      .update(activities)
      .set({ state, doneAt: state === "done" ? now : null })
      .where(and(eq(activities.id, activityId), eq(activities.leadId, leadId)))
      .run().changes === 1
  );
}

// Calls, emails, meetings and video calls planned with a lead. Due dates are typed in Paris
// time (what the coach's calendar says) and stored as UTC milliseconds.
import { TZDate } from "@date-fns/tz";
import { and, eq } from "drizzle-orm";
import { activities, type ACTIVITY_STATES } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { TIME_ZONE } from "~/kpis/paris-days.server";
import type { ActivityInput } from "./lead-schemas";

type ActivityState = (typeof ACTIVITY_STATES)[number];

/** "2026-03-29" + "02:30" in Paris → the instant (DST days included; no time = 09:00). */
export function parisDateTime(day: string, time = "09:00") {
  const [y, m, d] = day.split("-").map(Number);
  const [h, min] = time.split(":").map(Number);
  return new Date(new TZDate(y, m - 1, d, h, min, TIME_ZONE).getTime());
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

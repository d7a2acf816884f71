// The morning job (scripts/send-prebriefs.ts, 05:00 UTC = 6 or 7 h in Paris): every active
// tenant whose coach asked for it and who has confirmed sessions today (Paris) gets ONE email
// with the day's pre-briefs. The day sent is recorded in the tenant, so a re-run sends nothing;
// a send that failed on our side is released for the next run (the crontab retries at 05:30 and
// 06:00), and the idempotency key makes Resend drop the copy if the first one did go out.
import { sendEmail, type Email, type SendOptions } from "~/email/email.server";
import { getEnv } from "~/env.server";
import { controlDb } from "~/lib/control-db.server";
import { tenantOwner } from "~/platform/tenants.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { addDays, dayKey, dayStart } from "~/kpis/paris-days.server";
import { forEachActiveTenant } from "~/platform/tenant-jobs.server";
import { loadBrief } from "./brief.server";
import { preBriefEmail } from "./brief-email.server";
import { claimPrebriefDay, lastPrebriefDay, prebriefEmailEnabled, releasePrebriefDay } from "./prebrief-settings.server";

export type PrebriefReport = {
  day: string;
  sent: { tenantId: string; to: string; sessions: number }[];
  /** Setting off, no session today, or already sent today. */
  idle: { tenantId: string; why: "off" | "no-session" | "already-sent" | "no-coach" }[];
  skipped: { tenantId: string; reason: string }[];
  failed: { tenantId: string; error: string }[];
};

type Options = { now?: Date; tenantId?: string; send?: (email: Email, options: SendOptions) => Promise<unknown> };

/** One key per tenant and Paris day: the whole day's email is the unit Resend must not duplicate. */
export const prebriefIdempotencyKey = (tenantId: string, day: string) => `prebrief/${tenantId}/${day}`;

/** Confirmed sessions starting on the Paris day `day` (sessions_scheduled_idx). */
export function sessionIdsOfDay(db: TenantDb, day: string) {
  const rows = db.$client
    .prepare("SELECT id FROM coaching_sessions WHERE status = 'confirmed' AND scheduled_at >= ? AND scheduled_at < ? ORDER BY scheduled_at, id")
    .all(dayStart(day), dayStart(addDays(day, 1))) as { id: number }[];
  return rows.map((r) => r.id);
}


export async function sendPrebriefs({ now = new Date(), tenantId, send = sendEmail }: Options = {}): Promise<PrebriefReport> {
  const day = dayKey(now);
  const report: PrebriefReport = { day, sent: [], idle: [], skipped: [], failed: [] };
  const baseUrl = getEnv().APP_URL;
  await forEachActiveTenant({ tenantId, now, report }, async (db, { id }) => {
    if (!prebriefEmailEnabled(db)) return report.idle.push({ tenantId: id, why: "off" });
    const sessionIds = sessionIdsOfDay(db, day);
    if (!sessionIds.length) return report.idle.push({ tenantId: id, why: "no-session" });
    const coach = tenantOwner(controlDb(), id);
    if (!coach) return report.idle.push({ tenantId: id, why: "no-coach" });
    const previous = lastPrebriefDay(db);
    if (!claimPrebriefDay(db, day)) return report.idle.push({ tenantId: id, why: "already-sent" });
    try {
      const briefs = sessionIds.map((s) => loadBrief(db, s)!).filter(Boolean);
      const email = { to: coach.email, ...preBriefEmail({ coachName: coach.name, dayStartMs: dayStart(day), briefs, baseUrl }) };
      await send(email, { idempotencyKey: prebriefIdempotencyKey(id, day) });
      report.sent.push({ tenantId: id, to: coach.email, sessions: briefs.length });
    } catch (error) {
      // Not sent: let the next run try again.
      releasePrebriefDay(db, day, previous);
      throw error;
    }
  });
  return report;
}

// What a Resend webhook event does (issue 10 §5). Routed by the tags set at send time (`tenant`,
// `send`): the tenant is looked up in the control DB (a tag naming no coach touches no file), then
// in the coach's file ONE transaction records the event id (a redelivery is a no-op) and applies
// it to the send whose `resend_id` is the event's `email_id` (a misrouted tag touches no row).
// Hard bounces and complaints suppress the address for this coach; bounces and complaints may
// pause the campaign (campaign-health.server.ts).
import { z } from "zod";
import { controlDb } from "~/lib/control-db.server";
import { logger } from "~/lib/logger.server";
import { cachedStatement } from "~/lib/statements.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { isTenantId } from "~/lib/tenant-id.server";
import { withReportedTenantDb } from "~/platform/tenant-health.server";
import { checkCampaignHealth, type PauseDecision } from "./campaign-health.server";
import { suppressEmail } from "./recipients.server";

/** The events we act on; any other type (contacts, domains, delivery_delayed…) is answered 200 and ignored. */
export const HANDLED_EVENTS = ["email.sent", "email.delivered", "email.bounced", "email.complained", "email.opened", "email.clicked"] as const;
export type HandledEvent = (typeof HANDLED_EVENTS)[number];

// Resend sends `data.tags` as an object; the send API takes an array of {name, value}: accept both.
const Tags = z.union([z.record(z.string(), z.string()), z.array(z.object({ name: z.string(), value: z.string() }))]);

export const ResendEventSchema = z.object({
  type: z.enum(HANDLED_EVENTS),
  created_at: z.string().optional(),
  data: z.object({
    email_id: z.string().min(1).max(200),
    created_at: z.string().optional(),
    tags: Tags.optional(),
    bounce: z.object({ type: z.string().optional() }).passthrough().optional(),
  }),
});
export type ResendEvent = z.infer<typeof ResendEventSchema>;

export type ParsedEvent = { kind: "event"; event: ResendEvent } | { kind: "other"; type: string } | { kind: "invalid"; reason: string };

/** Sorts a verified body into an event we handle, another type (ignored), or a malformed one. */
export function parseResendEvent(body: unknown): ParsedEvent {
  const head = z.object({ type: z.string() }).safeParse(body);
  if (!head.success) return { kind: "invalid", reason: "no event type" };
  if (!(HANDLED_EVENTS as readonly string[]).includes(head.data.type)) return { kind: "other", type: head.data.type };
  const parsed = ResendEventSchema.safeParse(body);
  if (!parsed.success) return { kind: "invalid", reason: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  return { kind: "event", event: parsed.data };
}

export function tagsOf(tags: ResendEvent["data"]["tags"]): Record<string, string> {
  if (!tags) return {};
  return Array.isArray(tags) ? Object.fromEntries(tags.map((t) => [t.name, t.value])) : tags;
}

const SEND_ID = /^[1-9]\d{0,15}$/;
const TENANT = "SELECT id, status FROM tenants WHERE id = ?";

// ── Open tracking (CNIL): off unless the coach turns it on ──────────────────────────────────
export const OPEN_TRACKING_SETTING = "email.openTracking";

export const openTrackingEnabled = (db: TenantDb) =>
  (cachedStatement(db.$client, "SELECT value FROM settings WHERE key = ?").get(OPEN_TRACKING_SETTING) as { value: string } | undefined)?.value === "on";

export function setOpenTracking(db: TenantDb, on: boolean) {
  cachedStatement(db.$client, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(OPEN_TRACKING_SETTING, on ? "on" : "off");
}

// ── Applying one event to the coach's file ──────────────────────────────────────────────────
export type EventOutcome = { duplicate: boolean; ignored: string | null; paused: PauseDecision | null };

type SendRow = { id: number; campaignId: number | null; toEmail: string; resendId: string | null };
const FIND_SEND = "SELECT id, campaign_id AS campaignId, to_email AS toEmail, resend_id AS resendId FROM email_sends WHERE id = ?";
const RECORD_EVENT = "INSERT OR IGNORE INTO email_events (id, type, send_id, created_at) VALUES (?, ?, ?, ?)";
// The earliest time wins whatever the order of arrival (Resend delivers in any order).
const first = (column: "delivered_at" | "opened_at" | "clicked_at" | "complained_at") =>
  `UPDATE email_sends SET ${column} = min(coalesce(${column}, @at), @at) WHERE id = @id`;
// A hard bounce stays hard when a soft one for the same send arrives later (and vice versa).
const BOUNCED = "UPDATE email_sends SET bounced_at = min(coalesce(bounced_at, @at), @at), bounce_type = CASE WHEN bounce_type = 'hard' THEN 'hard' ELSE @type END WHERE id = @id";

/** When it happened: the event's `created_at` (the data's is the email's own creation). */
function occurredAt(event: ResendEvent, now: Date) {
  const at = new Date(event.created_at ?? event.data.created_at ?? "");
  return Number.isNaN(at.getTime()) ? now : at;
}

/** Resend's bounce types: "Permanent" is a hard bounce; "Transient" and "Undetermined" are soft. */
export const isHardBounce = (event: ResendEvent) => event.data.bounce?.type === "Permanent";

type Applied = { eventId: string; sendId: number; event: ResendEvent };

// One transaction function per open file (better-sqlite3 would build one per call otherwise).
const transactions = new WeakMap<TenantDb["$client"], { immediate: (a: Applied, at: Date) => EventOutcome }>();

/**
 * Applies one verified event to this tenant's file (one IMMEDIATE transaction): the event id
 * once, then its effect on the send `sendId`, only when that send is the email Resend names.
 */
export function applyResendEvent(db: TenantDb, applied: Applied, now = new Date()): EventOutcome {
  let tx = transactions.get(db.$client);
  if (!tx) transactions.set(db.$client, (tx = db.$client.transaction((a: Applied, at: Date) => applyInTransaction(db, a, at))));
  return tx.immediate(applied, now);
}

function applyInTransaction(db: TenantDb, { eventId, sendId, event }: Applied, now: Date): EventOutcome {
  const found = cachedStatement(db.$client, FIND_SEND).get(sendId) as SendRow | undefined;
  const send = found && (found.resendId === null || found.resendId === event.data.email_id) ? found : undefined;
  // With open tracking off, even the event row must not say who opened: it is kept without its send.
  const untracked = event.type === "email.opened" && !openTrackingEnabled(db);
  const recorded = cachedStatement(db.$client, RECORD_EVENT).run(eventId, event.type, untracked ? null : (send?.id ?? null), now.getTime());
  if (recorded.changes === 0) return { duplicate: true, ignored: null, paused: null };
  if (!found) return { duplicate: false, ignored: "unknown send", paused: null };
  if (!send) return { duplicate: false, ignored: "email_id does not match the send", paused: null };
  const at = occurredAt(event, now).getTime();
  const run = (sql: string, params: Record<string, unknown>) => cachedStatement(db.$client, sql).run({ id: send.id, at, ...params });
  switch (event.type) {
    case "email.sent":
      return { duplicate: false, ignored: null, paused: null };
    case "email.delivered":
      run(first("delivered_at"), {});
      return { duplicate: false, ignored: null, paused: null };
    case "email.clicked":
      run(first("clicked_at"), {});
      return { duplicate: false, ignored: null, paused: null };
    case "email.opened":
      if (untracked) return { duplicate: false, ignored: "open tracking is off", paused: null };
      run(first("opened_at"), {});
      return { duplicate: false, ignored: null, paused: null };
    case "email.bounced": {
      const hard = isHardBounce(event);
      run(BOUNCED, { type: hard ? "hard" : "soft" });
      if (hard) suppressEmail(db, send.toEmail, "bounced", { sendId: send.id, now });
      break;
    }
    case "email.complained":
      run(first("complained_at"), {});
      suppressEmail(db, send.toEmail, "complained", { sendId: send.id, now });
      break;
  }
  const paused = send.campaignId === null ? null : checkCampaignHealth(db, send.campaignId, now);
  return { duplicate: false, ignored: null, paused };
}

/**
 * Finds the event's coach by its tags and applies it there. Untagged events, tags naming no coach
 * (or a deleted one) and malformed send ids are ignored with a log line: Resend must not retry
 * them forever. A tenant file that cannot be used throws (the route answers 503: Resend retries).
 */
export async function routeResendEvent(eventId: string, event: ResendEvent, now = new Date()): Promise<EventOutcome & { tenantId: string | null }> {
  const tags = tagsOf(event.data.tags);
  const ignore = (reason: string, tenantId: string | null = null) => {
    // Expected (open tracking off, another app's email on the same Resend account): info; the rest may be misrouting.
    const expected = reason === "open tracking is off" || reason === "not tagged by Coach OS";
    logger[expected ? "info" : "warn"]({ eventId, type: event.type, emailId: event.data.email_id, tenantTag: tags.tenant?.slice(0, 40), sendTag: tags.send?.slice(0, 20), reason }, "resend webhook: ignored");
    return { tenantId, duplicate: false, ignored: reason, paused: null };
  };
  if (!tags.tenant || !tags.send) return ignore("not tagged by Coach OS");
  if (!SEND_ID.test(tags.send)) return ignore("malformed send tag");
  // Only a well-formed id that the control DB knows goes on to withTenantDb: the payload never names a file.
  const tenant = isTenantId(tags.tenant) ? (cachedStatement(controlDb().$client, TENANT).get(tags.tenant) as { id: string; status: string } | undefined) : undefined;
  if (!tenant || tenant.status === "deleted") return ignore("unknown tenant");
  const outcome = await withReportedTenantDb(tenant.id, (db) => applyResendEvent(db, { eventId, sendId: Number(tags.send), event }, now));
  if (outcome.ignored) return ignore(outcome.ignored, tenant.id);
  return { tenantId: tenant.id, ...outcome };
}

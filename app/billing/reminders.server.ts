// Payment reminders (relances) of overdue invoices, sent by the nightly job (nightly.server.ts).
//
// Levels: reminder k (1, 2, 3) is owed once the invoice is `billing_profile.reminder<k>_days`
// days late (null = that reminder is off). When several are owed (the job did not run for days),
// only the highest is sent; a level at or below one already sent is never sent again.
//
// At most one reminder per invoice per Paris day, even when two jobs race: each send is claimed
// first by inserting its invoice_events row (type "reminder", day = today) in an IMMEDIATE
// transaction; the unique index (invoice_id, day) WHERE type = 'reminder' lets one claimant win.
// The row is never deleted. Its detail records the level and the outcome in a parsable form:
//   "Relance 2 · envoi en cours"          claimed, being sent
//   "Relance 2 · envoyée à x@y.fr · …"    sent
//   "Relance 2 · échec de l'envoi : …"    the send failed (the coach sees it on the invoice)
// A failed row does not count as sent: the next run (the same day, from the crontab's retry, or
// the next day) claims it again by updating it; so does a claim left "en cours" for more than
// 10 minutes by a crashed run (same day: same idempotency key, so Resend drops a copy if the
// first went out). A claim left "en cours" on an earlier day counts as sent (it may have gone
// out: better one reminder missed than a duplicate).
import { formatEuros } from "~/lib/format";
import { blockedMessage, sendTransactionalEmail, transactionalBlock } from "~/email/transactional.server";
import { dayKey } from "~/kpis/paris-days.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { readBillingProfile } from "./billing-profile.server";
import { reminderEmail, type ReminderLevel } from "./billing-emails.server";
import { amountDue, creditedCentsSql } from "./invoice-status";
import { creditedCents, findInvoice, type Invoice } from "./invoices.server";
import { reminderPdf } from "./pdf/documents.server";
import { buyerGreetingName, invoiceRecipient, pdfAttachment, payUrl, sellerName, type SendContext } from "./send.server";

export const REMINDER_LEVELS = [1, 2, 3] as const;
/** A claim "en cours" older than this was left by a crashed run: it may be claimed again. */
export const STALE_CLAIM_MS = 10 * 60_000;

type ReminderState = "pending" | "sent" | "failed";
const STATE_WORDS: Record<ReminderState, string> = { pending: "envoi en cours", sent: "envoyée", failed: "échec de l'envoi" };

export function reminderDetail(level: ReminderLevel, state: ReminderState, extra?: string) {
  const head = `Relance ${level} · ${STATE_WORDS[state]}`;
  if (!extra) return head;
  return state === "failed" ? `${head} : ${extra}` : `${head} ${extra}`;
}

const DETAIL_RE = /^Relance ([123]) · (envoi en cours|envoyée|échec de l'envoi)/;

export function parseReminderDetail(detail: string | null): { level: ReminderLevel; state: ReminderState } | null {
  const m = detail ? DETAIL_RE.exec(detail) : null;
  if (!m) return null;
  const state = (Object.keys(STATE_WORDS) as ReminderState[]).find((s) => STATE_WORDS[s] === m[2])!;
  return { level: Number(m[1]) as ReminderLevel, state };
}

/** Whole calendar days from `from` to `to` (`YYYY-MM-DD`). */
export function daysFrom(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The highest enabled level whose delay is reached, or null. */
export function levelFor(daysLate: number, delays: readonly (number | null)[]): ReminderLevel | null {
  let level: ReminderLevel | null = null;
  REMINDER_LEVELS.forEach((k, i) => {
    const delay = delays[i];
    if (delay !== null && delay !== undefined && daysLate >= delay) level = k;
  });
  return level;
}

export type DueReminder = {
  invoiceId: number;
  number: string;
  level: ReminderLevel;
  daysLate: number;
  dueDate: string;
  amountDueCents: number;
};

type Row = Pick<Invoice, "id" | "number" | "issueDate" | "dueDate" | "totalTtcCents" | "paidCents"> & { credited: number };

/** Highest level already sent (or maybe sent) per invoice, from the reminder events. */
function levelsSent(db: TenantDb, invoiceIds: number[], nowMs: number, today: string) {
  const sent = new Map<number, number>();
  if (invoiceIds.length === 0) return sent;
  const rows = db.$client
    .prepare(`SELECT invoice_id AS invoiceId, day, detail, created_at AS createdAt FROM invoice_events WHERE type = 'reminder' AND invoice_id IN (${invoiceIds.map(() => "?").join(",")})`)
    .all(...invoiceIds) as { invoiceId: number; day: string; detail: string | null; createdAt: number }[];
  for (const r of rows) {
    const parsed = parseReminderDetail(r.detail);
    if (!parsed || parsed.state === "failed") continue;
    // Today's stale claim will be claimed again: it does not count.
    if (parsed.state === "pending" && r.day === today && nowMs - r.createdAt > STALE_CLAIM_MS) continue;
    sent.set(r.invoiceId, Math.max(sent.get(r.invoiceId) ?? 0, parsed.level));
  }
  return sent;
}

/**
 * Issued invoices (not credit notes, not cancelled) still owing money after their due date, with
 * the reminder level owed today (`today`: Paris `YYYY-MM-DD`).
 */
export function dueReminders(db: TenantDb, today: string, now = new Date()): DueReminder[] {
  const profile = readBillingProfile(db);
  const delays = [profile.reminder1Days, profile.reminder2Days, profile.reminder3Days];
  if (delays.every((d) => d === null)) return [];
  const rows = db.$client
    .prepare(
      `SELECT i.id, i.number, i.issue_date AS issueDate, i.due_date AS dueDate, i.total_ttc_cents AS totalTtcCents, i.paid_cents AS paidCents, ${creditedCentsSql("i")} AS credited
       FROM invoices i
       WHERE i.kind = 'invoice' AND i.state = 'issued' AND i.due_date IS NOT NULL AND i.due_date < ?
       ORDER BY i.due_date, i.id`,
    )
    .all(today) as Row[];
  const owing = rows
    .map((r) => ({ r, due: amountDue({ totalTtcCents: r.totalTtcCents, paidCents: r.paidCents, creditedCents: r.credited }) }))
    .filter((x) => x.due > 0);
  const sent = levelsSent(
    db,
    owing.map((x) => x.r.id),
    now.getTime(),
    today,
  );
  const due: DueReminder[] = [];
  for (const { r, due: amount } of owing) {
    const daysLate = daysFrom(r.dueDate!, today);
    const level = levelFor(daysLate, delays);
    if (level === null || level <= (sent.get(r.id) ?? 0)) continue;
    due.push({ invoiceId: r.id, number: r.number!, level, daysLate, dueDate: r.dueDate!, amountDueCents: amount });
  }
  return due;
}

/**
 * Claims today's reminder of an invoice: inserts its event, or takes over a failed (or stale)
 * one. False when another run holds or sent it. The unique index is the lock.
 */
export function claimReminder(db: TenantDb, invoiceId: number, level: ReminderLevel, day: string, now: Date): boolean {
  return db.$client
    .transaction(() => {
      const detail = reminderDetail(level, "pending");
      const inserted = db.$client
        .prepare("INSERT INTO invoice_events (invoice_id, type, day, detail, created_at) VALUES (?, 'reminder', ?, ?, ?) ON CONFLICT DO NOTHING")
        .run(invoiceId, day, detail, now.getTime());
      if (inserted.changes === 1) return true;
      const existing = db.$client
        .prepare("SELECT id, detail, created_at AS createdAt FROM invoice_events WHERE invoice_id = ? AND type = 'reminder' AND day = ?")
        .get(invoiceId, day) as { id: number; detail: string | null; createdAt: number } | undefined;
      const parsed = parseReminderDetail(existing?.detail ?? null);
      const retake = parsed?.state === "failed" || (parsed?.state === "pending" && now.getTime() - existing!.createdAt > STALE_CLAIM_MS);
      if (!existing || !retake) return false;
      db.$client.prepare("UPDATE invoice_events SET detail = ?, created_at = ? WHERE id = ?").run(detail, now.getTime(), existing.id);
      return true;
    })
    .immediate();
}

function settleReminder(db: TenantDb, invoiceId: number, day: string, detail: string) {
  db.$client.prepare("UPDATE invoice_events SET detail = ? WHERE invoice_id = ? AND type = 'reminder' AND day = ?").run(detail, invoiceId, day);
}

/** Same invoice, level and day: a retry of today's attempt; Resend drops it if the first went out. */
export const reminderKey = (tenantId: string, invoiceId: number, level: ReminderLevel, day: string) => `invoice-${tenantId}-${invoiceId}-reminder-${level}-${day}`;

export type ReminderContext = SendContext & { today?: string };

export type ReminderOutcome =
  | { status: "sent"; invoiceId: number; number: string; level: ReminderLevel; to: string }
  | { status: "skipped"; invoiceId: number; number: string; reason: string }
  | { status: "failed"; invoiceId: number; number: string; error: string };

/** Sends one due reminder (claim, PDF, email, outcome on the event). */
export async function sendReminder(db: TenantDb, reminder: DueReminder, ctx: ReminderContext): Promise<ReminderOutcome> {
  const now = ctx.now ?? new Date();
  const today = ctx.today ?? dayKey(now);
  const base = { invoiceId: reminder.invoiceId, number: reminder.number };
  const invoice = findInvoice(db, reminder.invoiceId);
  if (!invoice) return { ...base, status: "skipped", reason: "facture introuvable" };
  const stillDue = amountDue({ totalTtcCents: invoice.totalTtcCents, paidCents: invoice.paidCents, creditedCents: creditedCents(db, invoice.id) });
  if (invoice.state !== "issued" || stillDue === 0) return { ...base, status: "skipped", reason: "réglée ou annulée entre-temps" };
  const to = invoiceRecipient(db, invoice);
  if (!to) return { ...base, status: "skipped", reason: "le client n'a pas d'adresse email" };
  // Hard bounce or spam complaint on this address: no reminder (an unsubscribe does not stop it).
  const blocked = transactionalBlock(db, to);
  if (blocked) return { ...base, status: "skipped", reason: blockedMessage(blocked) };
  if (!claimReminder(db, invoice.id, reminder.level, today, now)) return { ...base, status: "skipped", reason: "relance du jour déjà prise par un autre envoi" };
  try {
    const content = reminderEmail({
      level: reminder.level,
      number: reminder.number,
      issueDate: invoice.issueDate!,
      dueDate: reminder.dueDate,
      amountDueCents: stillDue,
      sellerName: sellerName(invoice.seller, db, ctx.coachName),
      buyerName: buyerGreetingName(invoice.buyer),
      business: invoice.buyer?.kind === "business",
      penaltyRateBps: invoice.seller?.penaltyRateBps ?? null,
      payUrl: invoice.publicToken ? payUrl(ctx.appUrl, invoice.publicToken) : null,
    });
    const pdf = await reminderPdf(db, invoice.id, reminder.level, today);
    const replyTo = ctx.coachEmail || invoice.seller?.email || undefined;
    const sent = await sendTransactionalEmail(db, { to, ...content, replyTo, attachments: [pdfAttachment(pdf)] }, { idempotencyKey: reminderKey(ctx.tenantId, invoice.id, reminder.level, today), send: ctx.send });
    if (sent.blocked) throw new Error(sent.message);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    settleReminder(db, invoice.id, today, reminderDetail(reminder.level, "failed", message.slice(0, 300)));
    return { ...base, status: "failed", error: message };
  }
  settleReminder(db, invoice.id, today, reminderDetail(reminder.level, "sent", `à ${to} · reste dû ${formatEuros(stillDue)}`));
  return { ...base, status: "sent", level: reminder.level, to };
}

export type RemindersReport = { sent: Extract<ReminderOutcome, { status: "sent" }>[]; skipped: Extract<ReminderOutcome, { status: "skipped" }>[]; failed: Extract<ReminderOutcome, { status: "failed" }>[] };

/** Sends today's due reminders of one tenant, one email each; a failure does not stop the others. */
export async function sendReminders(db: TenantDb, ctx: ReminderContext): Promise<RemindersReport> {
  const now = ctx.now ?? new Date();
  const today = ctx.today ?? dayKey(now);
  const report: RemindersReport = { sent: [], skipped: [], failed: [] };
  for (const reminder of dueReminders(db, today, now)) {
    // A claim refused by a busy file (another writer held it past busy_timeout) fails this
    // reminder only: nothing was written, the next run tries again.
    const outcome = await sendReminder(db, reminder, { ...ctx, now, today }).catch(
      (error): ReminderOutcome => ({ status: "failed", invoiceId: reminder.invoiceId, number: reminder.number, error: error instanceof Error ? error.message : String(error) }),
    );
    if (outcome.status === "sent") report.sent.push(outcome);
    else if (outcome.status === "skipped") report.skipped.push(outcome);
    else report.failed.push(outcome);
  }
  return report;
}

// The daily notification digest (001 §4.2), sent by scripts/send-notification-digest.ts at
// 06:30 UTC: for each tenant whose coach turned it on (`notify.digest` = "on"), one email to the
// coach (the tenant's owner) listing the unread notifications no digest has listed yet. Each
// notification is mailed at most once: they are claimed (digested_at) before the send and
// released if the send fails, so a re-run the same day sends nothing twice; the idempotency key
// (tenant + Paris day) covers a crash between Resend's answer and our bookkeeping.
import { dayKey } from "~/kpis/paris-days.server";
import { controlDb } from "~/lib/control-db.server";
import { escapeHtml } from "~/lib/html";
import { cachedStatement } from "~/lib/statements.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { forEachActiveTenant } from "~/platform/tenant-jobs.server";
import { tenantOwner } from "~/platform/tenants.server";
import type { NotificationKind } from "../../db/tenant.schema";
import { sendEmail, type Email, type SendOptions } from "./email.server";
import { DIGEST_SETTING, NOTIFICATION_LABELS } from "./notifications.server";
import { jobAppUrl } from "~/lib/app-url.server";

type Pending = { id: number; kind: NotificationKind; title: string; body: string | null; href: string | null; createdAt: number };
type Send = (email: Email, options: SendOptions) => Promise<unknown>;

export const digestEnabled = (db: TenantDb) => (cachedStatement(db.$client, "SELECT value FROM settings WHERE key = ?").get(DIGEST_SETTING) as { value: string } | undefined)?.value === "on";

const PENDING = "SELECT id, kind, title, body, href, created_at AS createdAt FROM notifications WHERE read_at IS NULL AND digested_at IS NULL ORDER BY created_at, id LIMIT 500";

/** The digest's email (French, HTML and text). */
export function digestEmail(items: Pending[], { appUrl, coachName }: { appUrl: string; coachName: string }): Omit<Email, "to"> {
  const base = appUrl.replace(/\/$/, "");
  const n = items.length;
  const subject = `Coach OS : ${n} notification${n > 1 ? "s" : ""} non lue${n > 1 ? "s" : ""}`;
  const line = (i: Pending) => `${NOTIFICATION_LABELS[i.kind]} : ${i.title}${i.body ? ` — ${i.body}` : ""}`;
  const text = [`Bonjour ${coachName},`, "", "Depuis votre dernier résumé :", "", ...items.map((i) => `- ${line(i)}${i.href ? `\n  ${base}${i.href}` : ""}`), "", `Toutes vos notifications : ${base}/dashboard/notifications`, "", "Vous recevez ce résumé parce que vous l'avez activé dans vos préférences de notification."].join("\n");
  const html = `<html lang="fr"><body style="font-family:Arial,sans-serif;color:#0f172a"><p>Bonjour ${escapeHtml(coachName)},</p><p>Depuis votre dernier résumé :</p><ul>${items
    .map((i) => `<li>${i.href ? `<a href="${escapeHtml(base + i.href)}">${escapeHtml(line(i))}</a>` : escapeHtml(line(i))}</li>`)
    .join("")}</ul><p><a href="${escapeHtml(`${base}/dashboard/notifications`)}">Toutes vos notifications</a></p><p style="color:#64748b;font-size:12px">Vous recevez ce résumé parce que vous l'avez activé dans vos préférences de notification.</p></body></html>`;
  return { subject, html, text };
}

export type DigestOutcome = { status: "sent"; count: number; to: string } | { status: "skipped"; reason: string };

/** One tenant's digest. */
export async function sendTenantDigest(db: TenantDb, ctx: { tenantId: string; to: string | null; coachName: string; appUrl: string; now?: Date; send?: Send }): Promise<DigestOutcome> {
  const now = ctx.now ?? new Date();
  if (!digestEnabled(db)) return { status: "skipped", reason: "résumé désactivé" };
  if (!ctx.to) return { status: "skipped", reason: "pas d'adresse pour le coach" };
  const items = db.$client.transaction(() => {
    const rows = cachedStatement(db.$client, PENDING).all() as Pending[];
    const claim = cachedStatement(db.$client, "UPDATE notifications SET digested_at = ? WHERE id = ? AND digested_at IS NULL");
    for (const r of rows) claim.run(now.getTime(), r.id);
    return rows;
  }).immediate();
  if (items.length === 0) return { status: "skipped", reason: "rien de nouveau" };
  try {
    await (ctx.send ?? sendEmail)({ to: ctx.to, ...digestEmail(items, ctx) }, { idempotencyKey: `digest-${ctx.tenantId}-${dayKey(now)}` });
  } catch (error) {
    const release = cachedStatement(db.$client, "UPDATE notifications SET digested_at = NULL WHERE id = ? AND digested_at = ?");
    db.$client.transaction(() => items.forEach((i) => release.run(i.id, now.getTime())))();
    throw error;
  }
  return { status: "sent", count: items.length, to: ctx.to };
}

export type DigestReport = {
  sent: { tenantId: string; count: number }[];
  skipped: { tenantId: string; reason: string }[];
  failed: { tenantId: string; error: string }[];
};

/** Every active tenant; an unavailable file is skipped and flagged, a failing tenant reported: neither stops the others. */
export async function runNotificationDigest({ now = new Date(), tenantId, send }: { now?: Date; tenantId?: string; send?: Send } = {}): Promise<DigestReport> {
  const report: DigestReport = { sent: [], skipped: [], failed: [] };
  const appUrl = jobAppUrl();
  await forEachActiveTenant({ tenantId, now, report }, async (db, { id, name }) => {
    const coach = tenantOwner(controlDb(), id);
    const outcome = await sendTenantDigest(db, { tenantId: id, to: coach?.email ?? null, coachName: coach?.name ?? name, appUrl, now, send });
    if (outcome.status === "sent") report.sent.push({ tenantId: id, count: outcome.count });
    else report.skipped.push({ tenantId: id, reason: outcome.reason });
  });
  return report;
}

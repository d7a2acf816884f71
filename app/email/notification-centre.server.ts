// /dashboard/notifications: the list, marking read, clearing, and the coach's preferences
// (per-kind switches `notify.<kind>` = "off" and the daily digest `notify.digest` = "on").
// Every query runs in the session's tenant file: another tenant's id is simply not found.
import type { TenantDb } from "~/lib/tenant-db.server";
import { cachedStatement } from "~/lib/statements.server";
import { NOTIFICATION_KINDS, type NotificationKind } from "../../db/tenant.schema";
import { DIGEST_SETTING, disabledKinds, settingKey } from "./notifications.server";

export const NOTIFICATIONS_PAGE_SIZE = 30;

export type NotificationRow = { id: number; kind: NotificationKind; title: string; body: string | null; href: string | null; createdAt: number; readAt: number | null };

const PAGE = `SELECT id, kind, title, body, href, created_at AS createdAt, read_at AS readAt FROM notifications ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`;

/** Newest first, one page; `page` past the end gives the last page. */
export function listNotifications(db: TenantDb, page = 1) {
  const total = (cachedStatement(db.$client, "SELECT count(*) AS n FROM notifications").get() as { n: number }).n;
  const pageCount = Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const rows = cachedStatement(db.$client, PAGE).all(NOTIFICATIONS_PAGE_SIZE, (current - 1) * NOTIFICATIONS_PAGE_SIZE) as NotificationRow[];
  return { rows, total, page: current, pageCount };
}

/** False when the id is not a notification of this tenant (the route answers 404). */
export function markNotificationRead(db: TenantDb, id: number, now = new Date()) {
  const exists = cachedStatement(db.$client, "SELECT 1 FROM notifications WHERE id = ?").get(id);
  if (!exists) return false;
  cachedStatement(db.$client, "UPDATE notifications SET read_at = coalesce(read_at, ?) WHERE id = ?").run(now.getTime(), id);
  return true;
}

export const markAllNotificationsRead = (db: TenantDb, now = new Date()) =>
  cachedStatement(db.$client, "UPDATE notifications SET read_at = ? WHERE read_at IS NULL").run(now.getTime()).changes;

/** Deletes the read ones (unread stay). */
export const clearReadNotifications = (db: TenantDb) => cachedStatement(db.$client, "DELETE FROM notifications WHERE read_at IS NOT NULL").run().changes;

export type NotificationPreferences = { enabled: Record<NotificationKind, boolean>; digest: boolean };

export function notificationPreferences(db: TenantDb): NotificationPreferences {
  const off = disabledKinds(db);
  const digest = cachedStatement(db.$client, "SELECT value FROM settings WHERE key = ?").get(DIGEST_SETTING) as { value: string } | undefined;
  return { enabled: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, !off.has(k)])) as Record<NotificationKind, boolean>, digest: digest?.value === "on" };
}

const UPSERT = "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value";

/** Kinds not in `enabled` are turned off; the digest on or off. */
export function saveNotificationPreferences(db: TenantDb, { enabled, digest }: { enabled: NotificationKind[]; digest: boolean }) {
  const upsert = cachedStatement(db.$client, UPSERT);
  db.$client.transaction(() => {
    for (const kind of NOTIFICATION_KINDS) upsert.run(settingKey(kind), enabled.includes(kind) ? "on" : "off");
    upsert.run(DIGEST_SETTING, digest ? "on" : "off");
  })();
}

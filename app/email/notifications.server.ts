// The in-app notification centre (001 §4.2). Other modules call notify(); the coach's per-kind
// switches (settings `notify.<kind>` = "off") decide whether a row is written at all.
import type { TenantDb } from "~/lib/tenant-db.server";
import { cachedStatement } from "~/lib/statements.server";
import { NOTIFICATION_KINDS, type NotificationKind } from "../../db/tenant.schema";

export { NOTIFICATION_LABELS } from "./notification-labels";

export const settingKey = (kind: NotificationKind) => `notify.${kind}`;
export const DIGEST_SETTING = "notify.digest";

/** Kinds the coach turned off. */
export function disabledKinds(db: TenantDb) {
  const rows = cachedStatement(db.$client, "SELECT key FROM settings WHERE key LIKE 'notify.%' AND value = 'off'").all() as { key: string }[];
  return new Set(NOTIFICATION_KINDS.filter((k) => rows.some((r) => r.key === settingKey(k))));
}

/**
 * Adds a notification unless the coach turned this kind off. Safe inside the caller's
 * transaction (one INSERT). Returns the new id, or null when the kind is off.
 */
export function notify(db: TenantDb, kind: NotificationKind, { title, body = null, href = null }: { title: string; body?: string | null; href?: string | null }, now = new Date()) {
  const off = cachedStatement(db.$client, "SELECT 1 FROM settings WHERE key = ? AND value = 'off'").get(settingKey(kind));
  if (off) return null;
  const r = cachedStatement(db.$client, "INSERT INTO notifications (kind, title, body, href, created_at) VALUES (?, ?, ?, ?, ?)").run(kind, title, body, href, now.getTime());
  return Number(r.lastInsertRowid);
}

export const unreadCount = (db: TenantDb) => (cachedStatement(db.$client, "SELECT count(*) AS n FROM notifications WHERE read_at IS NULL").get() as { n: number }).n;

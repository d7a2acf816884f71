// The notification centre's queries and the daily digest: each notification mailed at most once,
// only when the coach turned the digest on, released when the send fails.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import { listOutbox } from "~/email/email.server";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { runNotificationDigest, sendTenantDigest } from "./digest.server";
import { clearReadNotifications, listNotifications, markAllNotificationsRead, markNotificationRead, NOTIFICATIONS_PAGE_SIZE, notificationPreferences, saveNotificationPreferences } from "./notification-centre.server";
import { notify, unreadCount } from "./notifications.server";
import { NOTIFICATION_KINDS } from "../../db/tenant.schema";

let db: TenantDb;
beforeEach(() => {
  db = memoryTenant();
});

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 8, minutes));

describe("notification centre", () => {
  it("lists newest first by pages, marks one or all read, clears only the read ones", () => {
    for (let i = 0; i < NOTIFICATIONS_PAGE_SIZE + 2; i++) notify(db, "lead_new", { title: `n${i}` }, at(i));
    const first = listNotifications(db, 1);
    expect(first).toMatchObject({ total: NOTIFICATIONS_PAGE_SIZE + 2, page: 1, pageCount: 2 });
    expect(first.rows[0].title).toBe(`n${NOTIFICATIONS_PAGE_SIZE + 1}`);
    expect(listNotifications(db, 99).rows.map((r) => r.title)).toEqual(["n1", "n0"]);
    expect(markNotificationRead(db, first.rows[0].id)).toBe(true);
    expect(markNotificationRead(db, 123_456)).toBe(false);
    expect(unreadCount(db)).toBe(NOTIFICATIONS_PAGE_SIZE + 1);
    expect(clearReadNotifications(db)).toBe(1);
    expect(markAllNotificationsRead(db)).toBe(NOTIFICATIONS_PAGE_SIZE + 1);
    expect(unreadCount(db)).toBe(0);
    expect(clearReadNotifications(db)).toBe(NOTIFICATIONS_PAGE_SIZE + 1);
    expect(listNotifications(db).total).toBe(0);
  });

  it("saves the per-kind switches and the digest", () => {
    expect(notificationPreferences(db)).toEqual({ enabled: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, true])), digest: false });
    saveNotificationPreferences(db, { enabled: ["payment_received"], digest: true });
    const p = notificationPreferences(db);
    expect(Object.entries(p.enabled).filter(([, on]) => on).map(([k]) => k)).toEqual(["payment_received"]);
    expect(p.digest).toBe(true);
  });
});

describe("daily digest", () => {
  const ctx = { tenantId: "t_x", to: "coach@example.fr", coachName: "Coach", appUrl: "https://app.example" };
  const recorder = () => {
    const sent: { to: string; subject: string; text: string; html: string; key?: string }[] = [];
    return { sent, send: async (email: { to: string; subject: string; text: string; html: string }, o: { idempotencyKey?: string }) => void sent.push({ ...email, key: o.idempotencyKey }) };
  };

  it("off by default: nothing sent", async () => {
    notify(db, "lead_new", { title: "Nouveau lead : Léa" });
    const r = recorder();
    expect(await sendTenantDigest(db, { ...ctx, send: r.send })).toEqual({ status: "skipped", reason: "résumé désactivé" });
    expect(r.sent).toHaveLength(0);
  });

  it("sends the unread, not yet digested notifications once; read ones are left out", async () => {
    saveNotificationPreferences(db, { enabled: [...NOTIFICATION_KINDS], digest: true });
    notify(db, "lead_new", { title: "Nouveau lead : Léa", href: "/dashboard/leads/4" }, at(1));
    notify(db, "payment_received", { title: "Paiement reçu : 80 €", body: "Facture F-1" }, at(2));
    const read = notify(db, "lead_won", { title: "Déjà lu" }, at(3))!;
    markNotificationRead(db, read);
    const r = recorder();
    const now = new Date("2026-11-21T06:30:00Z");
    expect(await sendTenantDigest(db, { ...ctx, now, send: r.send })).toEqual({ status: "sent", count: 2, to: "coach@example.fr" });
    expect(r.sent).toHaveLength(1);
    const [mail] = r.sent;
    expect(mail.subject).toBe("Coach OS : 2 notifications non lues");
    expect(mail.text).toContain("- Nouveau lead : Nouveau lead : Léa\n  https://app.example/dashboard/leads/4");
    expect(mail.text).toContain("Paiement reçu : Paiement reçu : 80 € — Facture F-1");
    expect(mail.text).not.toContain("Déjà lu");
    expect(mail.key).toBe("digest-t_x-2026-11-21");
    // Once: a second run the same day (or the next) has nothing new to say.
    expect(await sendTenantDigest(db, { ...ctx, now, send: r.send })).toEqual({ status: "skipped", reason: "rien de nouveau" });
    notify(db, "quote_accepted", { title: "Devis accepté" });
    await sendTenantDigest(db, { ...ctx, send: r.send });
    expect(r.sent.map((m) => m.subject)).toEqual(["Coach OS : 2 notifications non lues", "Coach OS : 1 notification non lue"]);
  });

  it("a failed send releases the notifications for the next run", async () => {
    saveNotificationPreferences(db, { enabled: [...NOTIFICATION_KINDS], digest: true });
    notify(db, "lead_new", { title: "Nouveau lead : Léa" });
    await expect(sendTenantDigest(db, { ...ctx, send: async () => Promise.reject(new Error("Resend down")) })).rejects.toThrow("Resend down");
    const r = recorder();
    expect(await sendTenantDigest(db, { ...ctx, send: r.send })).toMatchObject({ status: "sent", count: 1 });
  });
});

describe("runNotificationDigest (every tenant)", () => {
  beforeAll(() => setupTestDb());

  it("mails each coach who asked for it, to the dev outbox without a Resend key; a broken tenant does not stop the others", async () => {
    const on = (await makeCoach("Olga Coach", "olga@example.fr")).tenant.id;
    const broken = (await makeCoach("Fred Coach", "fred@example.fr")).tenant.id;
    const off = (await makeCoach("Paul Coach", "paul@example.fr")).tenant.id;
    for (const id of [broken, on]) {
      await withTenantDb(id, (t) => {
        saveNotificationPreferences(t, { enabled: [...NOTIFICATION_KINDS], digest: true });
        notify(t, "lead_new", { title: "Nouveau lead : Zoé" });
      });
    }
    await withTenantDb(off, (t) => notify(t, "lead_new", { title: "Nouveau lead : Yann" }));
    const failing = async (email: { to: string }) => {
      if (email.to === "fred@example.fr") throw new Error("Resend down for Fred");
      const { sendEmail } = await import("./email.server");
      return sendEmail(email as never);
    };
    const report = await runNotificationDigest({ send: failing });
    expect(report.sent).toEqual([{ tenantId: on, count: 1 }]);
    expect(report.failed).toEqual([{ tenantId: broken, error: "Resend down for Fred" }]);
    expect(report.skipped).toContainEqual({ tenantId: off, reason: "résumé désactivé" });
    const mail = listOutbox().find((m) => m.to === "olga@example.fr");
    expect(mail?.subject).toBe("Coach OS : 1 notification non lue");
    // Next run: Olga has nothing new; Fred's notification was released and goes out now.
    expect((await runNotificationDigest()).sent).toEqual([{ tenantId: broken, count: 1 }]);
  });
});

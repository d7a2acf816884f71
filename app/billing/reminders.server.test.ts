// Payment reminders: levels by days late (configurable, off), highest-only catch-up, one per
// invoice per day even under concurrent runs, never for paid or cancelled invoices. The PDF
// module is another helper's: mocked with a small PDF here.
import { drizzle } from "drizzle-orm/better-sqlite3";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as schema from "../../db/tenant.schema";
import { addClient, completeBillingProfile, issuedInvoice } from "../../tests/billing-send-fixtures";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { getEnv } from "~/env.server";
import { listOutbox, type Email, type SendOptions } from "~/email/email.server";
import { parisDateTime } from "~/crm/activities.server";
import { addDays } from "~/kpis/paris-days.server";
import { openSqlite } from "~/lib/sqlite.server";
import { tenantFilePath } from "~/lib/tenant-id.server";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { updateBillingProfile } from "./billing-profile.server";
import { createCreditNote } from "./invoices.server";
import { recordPayment } from "./ledger.server";
import { reminderPdf } from "./pdf/documents.server";
import { dueReminders, levelFor, parseReminderDetail, sendReminder, sendReminders } from "./reminders.server";
import { invoiceEventsOf } from "./send.server";

const PDF = Buffer.from("%PDF-1.7\n% relance\n%%EOF\n");
vi.mock("./pdf/documents.server", () => ({
  invoicePdf: vi.fn(),
  quotePdf: vi.fn(),
  reminderPdf: vi.fn(async (_db: unknown, id: number, level: number, day: string) => ({ pdf: PDF, filename: `relance-${id}-${level}-${day}.pdf` })),
}));

const TODAY = "2026-11-20";
let tenantId: string;
let coachN = 0;
const on = <T>(fn: (db: TenantDb) => T | Promise<T>) => withTenantDb(tenantId, fn);
const at = (day: string) => ({ today: day, now: parisDateTime(day, "08:00") });
const ctx = (day = TODAY, extra: { send?: (e: Email, o: SendOptions) => Promise<unknown> } = {}) => ({ tenantId, appUrl: "https://app.example", coachName: "Marie", coachEmail: "marie@coach.fr", ...at(day), ...extra });
/** An invoice issued 2026-09-01, due `daysLate` days before `day`. */
const overdue = (db: TenantDb, daysLate: number, opts: { clientId?: number; cents?: number; day?: string } = {}) =>
  issuedInvoice(db, opts.clientId ?? addClient(db), { tenantId, issueDay: "2026-09-01", dueDate: addDays(opts.day ?? TODAY, -daysLate), cents: opts.cents });
const reminderEvents = async (id: number) => (await on((db) => invoiceEventsOf(db, id))).filter((e) => e.type === "reminder");

beforeEach(async () => {
  setupTestDb();
  coachN += 1;
  tenantId = (await makeCoach(`Coach ${coachN}`, `coach${coachN}@example.fr`)).tenant.id;
  await on((db) => completeBillingProfile(db));
  vi.mocked(reminderPdf).mockClear();
});

describe("levelFor", () => {
  it("is the highest enabled level whose delay is reached", () => {
    expect(levelFor(0, [1, 15, 30])).toBeNull();
    expect(levelFor(1, [1, 15, 30])).toBe(1);
    expect(levelFor(14, [1, 15, 30])).toBe(1);
    expect(levelFor(15, [1, 15, 30])).toBe(2);
    expect(levelFor(45, [1, 15, 30])).toBe(3);
    expect(levelFor(45, [1, 15, null])).toBe(2);
    expect(levelFor(3, [null, 15, 30])).toBeNull();
  });
});

describe("dueReminders", () => {
  it("owes J+1, J+15 and J+30 by days late (defaults), nothing before the due date is past", async () => {
    const ids = await on((db) => [1, 14, 15, 29, 30, 60, 0].map((late) => overdue(db, late).id));
    const due = await on((db) => dueReminders(db, TODAY));
    expect(due.map((d) => [d.invoiceId, d.level, d.daysLate])).toEqual([
      [ids[5], 3, 60],
      [ids[4], 3, 30],
      [ids[3], 2, 29],
      [ids[2], 2, 15],
      [ids[1], 1, 14],
      [ids[0], 1, 1],
    ]);
  });

  it("follows the settings: other delays, a reminder off, all off", async () => {
    const [a, b, c] = await on((db) => [1, 10, 20].map((late) => overdue(db, late).id));
    await on((db) => updateBillingProfile(db, { reminder1Days: null, reminder2Days: 10, reminder3Days: null }));
    expect((await on((db) => dueReminders(db, TODAY))).map((d) => [d.invoiceId, d.level])).toEqual([
      [c, 2],
      [b, 2],
    ]);
    expect(a).toBeGreaterThan(0);
    await on((db) => updateBillingProfile(db, { reminder1Days: 3, reminder2Days: null, reminder3Days: 20 }));
    expect((await on((db) => dueReminders(db, TODAY))).map((d) => [d.invoiceId, d.level])).toEqual([
      [c, 3],
      [b, 1],
    ]);
    await on((db) => updateBillingProfile(db, { reminder1Days: null, reminder2Days: null, reminder3Days: null }));
    expect(await on((db) => dueReminders(db, TODAY))).toEqual([]);
  });

  it("never reminds a paid invoice, a cancelled one or a credit note; reminds a partly paid one for what is left", async () => {
    const { paid, cancelled, partial, partlyCredited } = await on((db) => {
      const paid = overdue(db, 5).id;
      recordPayment(db, { invoiceId: paid, amountCents: 12000, method: "transfer", paidAt: new Date("2026-11-18T10:00:00Z") });
      const cancelled = overdue(db, 5).id;
      createCreditNote(db, { invoiceId: cancelled, reason: "Erreur", coachEmail: null, now: parisDateTime("2026-11-10", "10:00") });
      const partial = overdue(db, 5, { cents: 20000 }).id;
      recordPayment(db, { invoiceId: partial, amountCents: 7550, method: "cheque", paidAt: new Date("2026-11-18T10:00:00Z") });
      const partlyCredited = overdue(db, 5, { cents: 10000 }).id;
      createCreditNote(db, { invoiceId: partlyCredited, amountCents: 4000, reason: "Geste", coachEmail: null, now: parisDateTime("2026-11-10", "10:00") });
      return { paid, cancelled, partial, partlyCredited };
    });
    const due = await on((db) => dueReminders(db, TODAY));
    expect(due.map((d) => [d.invoiceId, d.amountDueCents])).toEqual([
      [partial, 12450],
      [partlyCredited, 6000],
    ]);
    expect(due.some((d) => d.invoiceId === paid || d.invoiceId === cancelled)).toBe(false);
    const report = await on((db) => sendReminders(db, ctx()));
    expect(report.sent.map((s) => s.invoiceId)).toEqual([partial, partlyCredited]);
    const mail = listOutbox({ limit: 500 }).find((m) => m.subject.includes(due[0].number))!;
    expect(mail.text).toContain("124,50");
    expect(mail.text).not.toContain("200,00");
    expect((await reminderEvents(partial))[0].detail).toContain("reste dû 124,50");
  });
});

describe("sendReminders", () => {
  it("sends each level once, with its PDF, logged with the level and today's day; a re-run the same day sends nothing", async () => {
    const { id, number } = await on((db) => overdue(db, 1, { clientId: addClient(db, { email: "late@example.fr" }) }));
    const first = await on((db) => sendReminders(db, ctx()));
    expect(first.sent).toEqual([{ status: "sent", invoiceId: id, number, level: 1, to: "late@example.fr" }]);
    expect(vi.mocked(reminderPdf)).toHaveBeenCalledWith(expect.anything(), id, 1, TODAY);
    const mails = () => listOutbox({ limit: 500 }).filter((m) => m.to === "late@example.fr");
    expect(mails()).toHaveLength(1);
    expect(mails()[0].subject).toBe(`Rappel : facture n° ${number} en attente de règlement`);
    expect(mails()[0].attachments).toEqual([{ filename: `relance-${id}-1-${TODAY}.pdf`, contentType: "application/pdf", bytes: PDF.length }]);
    let events = await reminderEvents(id);
    expect(events).toHaveLength(1);
    expect(events[0].day).toBe(TODAY);
    expect(parseReminderDetail(events[0].detail)).toEqual({ level: 1, state: "sent" });
    expect(events[0].detail).toContain("à late@example.fr");
    // Again today, and the next days until J+15: nothing.
    expect((await on((db) => sendReminders(db, ctx()))).sent).toEqual([]);
    expect((await on((db) => sendReminders(db, ctx(addDays(TODAY, 5))))).sent).toEqual([]);
    // J+15: the second one.
    const second = await on((db) => sendReminders(db, ctx(addDays(TODAY, 14))));
    expect(second.sent.map((s) => s.level)).toEqual([2]);
    expect(mails().map((m) => m.subject)).toContain(`Deuxième relance : facture n° ${number}`);
    events = await reminderEvents(id);
    expect(events.map((e) => [e.day, parseReminderDetail(e.detail)?.level])).toEqual([
      [TODAY, 1],
      [addDays(TODAY, 14), 2],
    ]);
  });

  it("catches up with the highest level only when the job did not run for weeks", async () => {
    const { id, number } = await on((db) => overdue(db, 40, { clientId: addClient(db, { kind: "business", company: "Cabinet Lex", address: "1 rue X", postalCode: "69001", city: "Lyon", email: "lex@example.fr", siren: "552100554" }) }));
    const report = await on((db) => sendReminders(db, ctx()));
    expect(report.sent.map((s) => [s.invoiceId, s.level])).toEqual([[id, 3]]);
    const mails = listOutbox({ limit: 500 }).filter((m) => m.to === "lex@example.fr");
    expect(mails.map((m) => m.subject)).toEqual([`Dernière relance : facture n° ${number}`]);
    expect(mails[0].text).toContain("indemnité forfaitaire pour frais de recouvrement de 40 €");
    expect(await reminderEvents(id)).toHaveLength(1);
    // Level 3 sent: levels 1 and 2 are never sent afterwards.
    expect((await on((db) => sendReminders(db, ctx(addDays(TODAY, 1))))).sent).toEqual([]);
  });

  it("sends at most one reminder per invoice per day under two concurrent runs (two connections)", async () => {
    const ids = await on((db) => [1, 3, 20, 35].map((late) => overdue(db, late).id));
    const file = tenantFilePath(getEnv().TENANTS_DIR, tenantId);
    const open = () => {
      const sqlite = openSqlite(file, { fileMustExist: true });
      sqlite.pragma("busy_timeout = 2000");
      return drizzle(sqlite, { schema }) as TenantDb;
    };
    const [dbA, dbB] = [open(), open()];
    try {
      const sent: Email[] = [];
      const slowSend = async (e: Email) => {
        await new Promise((r) => setTimeout(r, 20));
        sent.push(e);
      };
      // Both runs see the same four due reminders before either claims one: only the index decides.
      const dueA = dueReminders(dbA, TODAY);
      const dueB = dueReminders(dbB, TODAY);
      expect(dueA.map((d) => d.invoiceId).sort()).toEqual([...ids].sort());
      expect(dueB).toEqual(dueA);
      const outcomes = await Promise.all([
        ...dueA.map((d) => sendReminder(dbA, d, ctx(TODAY, { send: slowSend }))),
        ...dueB.map((d) => sendReminder(dbB, d, ctx(TODAY, { send: slowSend }))),
      ]);
      expect(outcomes.filter((o) => o.status === "sent")).toHaveLength(4);
      expect(outcomes.filter((o) => o.status === "skipped")).toHaveLength(4);
      expect(sent).toHaveLength(4);
      expect(new Set(sent.map((e) => e.subject)).size).toBe(4);
      // Whole runs racing again the same day: nothing more.
      const again = await Promise.all([sendReminders(dbA, ctx(TODAY, { send: slowSend })), sendReminders(dbB, ctx(TODAY, { send: slowSend }))]);
      expect(again.flatMap((r) => r.sent)).toEqual([]);
      expect(sent).toHaveLength(4);
      // The next day, two whole runs racing: invoices owing a new level get exactly one.
      const tomorrow = addDays(TODAY, 12); // 13, 15, 32, 47 days late → levels 1 (sent), 2, 3, 3 (sent)
      const next = await Promise.all([sendReminders(dbA, ctx(tomorrow, { send: slowSend })), sendReminders(dbB, ctx(tomorrow, { send: slowSend }))]);
      expect(next.flatMap((r) => r.sent).map((s) => [s.invoiceId, s.level]).sort()).toEqual(
        [
          [ids[1], 2],
          [ids[2], 3],
        ].sort(),
      );
      for (const id of ids) {
        const days = (await reminderEvents(id)).map((e) => e.day);
        expect(new Set(days).size).toBe(days.length);
      }
    } finally {
      dbA.$client.close();
      dbB.$client.close();
    }
  });

  it("marks a failed send on the invoice and lets the next run the same day try again (same key)", async () => {
    const { id } = await on((db) => overdue(db, 2));
    const keys: (string | undefined)[] = [];
    const failing = await on((db) => sendReminders(db, ctx(TODAY, { send: (_e, o) => (keys.push(o.idempotencyKey), Promise.reject(new Error("Resend down"))) })));
    expect(failing.failed).toEqual([expect.objectContaining({ invoiceId: id, error: "Resend down" })]);
    let events = await reminderEvents(id);
    expect(events).toHaveLength(1);
    expect(events[0].detail).toBe("Relance 1 · échec de l'envoi : Resend down");
    const retry = await on((db) => sendReminders(db, ctx(TODAY, { send: async (_e, o) => keys.push(o.idempotencyKey) })));
    expect(retry.sent.map((s) => s.invoiceId)).toEqual([id]);
    expect(keys).toEqual([`invoice-${tenantId}-${id}-reminder-1-${TODAY}`, `invoice-${tenantId}-${id}-reminder-1-${TODAY}`]);
    events = await reminderEvents(id);
    expect(events).toHaveLength(1);
    expect(parseReminderDetail(events[0].detail)).toEqual({ level: 1, state: "sent" });
  });

  it("a failure on one invoice does not stop the others", async () => {
    const [bad, good] = await on((db) => [overdue(db, 2, { clientId: addClient(db, { email: "bad@example.fr" }) }).id, overdue(db, 2).id]);
    const report = await on((db) => sendReminders(db, ctx(TODAY, { send: async (e) => { if (e.to === "bad@example.fr") throw new Error("refusé"); } })));
    expect(report.failed.map((f) => f.invoiceId)).toEqual([bad]);
    expect(report.sent.map((s) => s.invoiceId)).toEqual([good]);
  });

  it("takes over a claim left 'en cours' by a crashed run after 10 minutes, not before; an earlier day's counts as sent", async () => {
    const [fresh, stale, yesterday] = await on((db) => [2, 2, 2].map(() => overdue(db, 2).id));
    const nowMs = at(TODAY).now.getTime();
    await on((db) => {
      const insert = db.$client.prepare("INSERT INTO invoice_events (invoice_id, type, day, detail, created_at) VALUES (?, 'reminder', ?, 'Relance 1 · envoi en cours', ?)");
      insert.run(fresh, TODAY, nowMs - 5 * 60_000);
      insert.run(stale, TODAY, nowMs - 11 * 60_000);
      insert.run(yesterday, addDays(TODAY, -1), nowMs - 24 * 3_600_000);
    });
    const report = await on((db) => sendReminders(db, ctx()));
    expect(report.sent.map((s) => s.invoiceId)).toEqual([stale]);
    expect(report.skipped).toEqual([]);
    expect(parseReminderDetail((await reminderEvents(stale))[0].detail)).toEqual({ level: 1, state: "sent" });
    expect(parseReminderDetail((await reminderEvents(fresh))[0].detail)).toEqual({ level: 1, state: "pending" });
  });

  it("skips an invoice whose client has no email, with the reason, and claims nothing", async () => {
    const { id } = await on((db) => overdue(db, 3, { clientId: addClient(db, { email: null }) }));
    const report = await on((db) => sendReminders(db, ctx()));
    expect(report.skipped).toEqual([expect.objectContaining({ invoiceId: id, reason: "le client n'a pas d'adresse email" })]);
    expect(report.sent).toEqual([]);
    expect(await reminderEvents(id)).toEqual([]);
  });
});

// The transactional rule (issue 10 §6): an invoice, receipt, quote or reminder is refused only by a
// hard bounce or a complaint of this coach's address list, never by a marketing unsubscribe.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { addClient, completeBillingProfile, issuedInvoice } from "../../tests/billing-send-fixtures";
import { args, cookieFor, makeCoach, request, settle, setupTestDb } from "../../tests/helpers";
import * as invoicePage from "~/routes/dashboard.invoices.$invoiceId";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import { parisDateTime } from "~/crm/activities.server";
import { addDays } from "~/kpis/paris-days.server";
import { BillingError } from "~/billing/billing-error";
import { sendReminders } from "~/billing/reminders.server";
import { sendInvoice } from "~/billing/send.server";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import type { Email, SendOptions } from "./email.server";
import { suppressEmail } from "./recipients.server";
import { BLOCKED_MESSAGE, sendTransactionalEmail } from "./transactional.server";

vi.mock("~/billing/pdf/documents.server", () => ({
  invoicePdf: vi.fn(async (_db: unknown, id: number) => ({ pdf: Buffer.from("%PDF-1.7\n%%EOF\n"), filename: `facture-${id}.pdf` })),
  reminderPdf: vi.fn(async () => ({ pdf: Buffer.from("%PDF-1.7\n%%EOF\n"), filename: "relance.pdf" })),
}));

const mail = (to: string): Email => ({ to, subject: "Facture", html: "<p>Facture</p>", text: "Facture" });
const recorder = () => {
  const sent: { email: Email; options: SendOptions }[] = [];
  return { sent, send: async (email: Email, options: SendOptions) => void sent.push({ email, options }) };
};

describe("sendTransactionalEmail", () => {
  it("sends to an address that only unsubscribed from marketing, with the idempotency key", async () => {
    const db = memoryTenant();
    suppressEmail(db, "lea@example.fr", "unsubscribed");
    const { sent, send } = recorder();
    expect(await sendTransactionalEmail(db, mail("Lea@Example.fr "), { idempotencyKey: "k-1", send })).toEqual({ blocked: null });
    expect(sent).toEqual([{ email: mail("Lea@Example.fr "), options: { idempotencyKey: "k-1" } }]);
  });

  it.each([
    ["bounced", "revenu en erreur définitive"],
    ["complained", "signalé un email précédent comme spam"],
  ] as const)("refuses an address that %s, sending nothing", async (reason, detail) => {
    const db = memoryTenant();
    suppressEmail(db, "lea@example.fr", reason);
    const { sent, send } = recorder();
    const result = await sendTransactionalEmail(db, mail("LEA@example.fr"), { send });
    expect(result.blocked).toBe(reason);
    expect(result.blocked && result.message.startsWith(`${BLOCKED_MESSAGE} (`)).toBe(true);
    expect(result.blocked && result.message).toContain(detail);
    expect(sent).toEqual([]);
  });

  it("is per tenant: another coach's bounce does not block this coach's invoice", async () => {
    const a = memoryTenant();
    const b = memoryTenant();
    suppressEmail(a, "lea@example.fr", "bounced");
    const { sent, send } = recorder();
    expect((await sendTransactionalEmail(b, mail("lea@example.fr"), { send })).blocked).toBeNull();
    expect((await sendTransactionalEmail(a, mail("lea@example.fr"), { send })).blocked).toBe("bounced");
    expect(sent).toHaveLength(1);
  });
});

describe("billing emails follow the transactional rule", () => {
  let tenantId: string;
  let cookie: string;
  const on = <T>(fn: (db: TenantDb) => T | Promise<T>) => withTenantDb(tenantId, fn);
  const ctx = (send: (e: Email, o: SendOptions) => Promise<unknown>) => ({ tenantId, appUrl: "https://app.example", coachName: "Marie", coachEmail: "marie@coach.fr", send });

  beforeAll(async () => {
    setupTestDb();
    const coach = await makeCoach("Marie Dupont", "marie-tx@coach.fr");
    tenantId = coach.tenant.id;
    cookie = await cookieFor(coach.user);
    await on((db) => completeBillingProfile(db));
  });

  it("an invoice reaches a client who unsubscribed from marketing, not one whose address hard-bounced", async () => {
    const { sent, send } = recorder();
    const unsubscribed = await on((db) => issuedInvoice(db, addClient(db, { email: "unsub@example.fr" }), { tenantId }).id);
    const bounced = await on((db) => issuedInvoice(db, addClient(db, { email: "bounced@example.fr" }), { tenantId }).id);
    await on((db) => {
      suppressEmail(db, "unsub@example.fr", "unsubscribed");
      suppressEmail(db, "bounced@example.fr", "bounced");
    });
    expect(await on((db) => sendInvoice(db, unsubscribed, ctx(send)))).toEqual({ to: "unsub@example.fr" });
    const refusal = await on((db) => sendInvoice(db, bounced, ctx(send))).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(BillingError);
    expect((refusal as BillingError).message).toMatch(/^Adresse en échec : email non envoyé \(/);
    expect(sent.map((s) => s.email.to)).toEqual(["unsub@example.fr"]);
    const sentAt = await on((db) => db.$client.prepare("SELECT id, sent_at FROM invoices WHERE id IN (?, ?) ORDER BY id").all(unsubscribed, bounced) as { id: number; sent_at: number | null }[]);
    expect(sentAt.map((r) => r.sent_at !== null)).toEqual([true, false]);
  });

  it("the nightly reminders skip a complained address with the French reason, and still remind the others", async () => {
    const today = "2026-11-20";
    const { sent, send } = recorder();
    const invoice = (email: string) => on((db) => issuedInvoice(db, addClient(db, { email }), { tenantId, dueDate: addDays(today, -3) }));
    const complained = await invoice("spam@example.fr");
    const fine = await invoice("fine@example.fr");
    await on((db) => suppressEmail(db, "spam@example.fr", "complained"));
    const report = await on((db) => sendReminders(db, { ...ctx(send), today, now: parisDateTime(today, "08:00") }));
    expect(report.skipped).toContainEqual({ status: "skipped", invoiceId: complained.id, number: complained.number, reason: expect.stringMatching(/^Adresse en échec : email non envoyé/) });
    expect(report.sent.map((s) => s.invoiceId)).toContain(fine.id);
    expect(sent.map((s) => s.email.to)).not.toContain("spam@example.fr");
    expect(sent.map((s) => s.email.to)).toContain("fine@example.fr");
  });

  it("the invoice page tells the coach why the invoice was not emailed", async () => {
    const id = await on((db) => issuedInvoice(db, addClient(db, { email: "page-bounce@example.fr" }), { tenantId }).id);
    await on((db) => suppressEmail(db, "page-bounce@example.fr", "bounced"));
    const path = `/dashboard/invoices/${id}`;
    const res = await settle(invoicePage.action(args(request(path, { cookie, form: { intent: "send" } }), { invoiceId: String(id) })));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { form: string } };
    expect(body.errors.form).toMatch(/^Adresse en échec : email non envoyé \(.*bounce/);
    expect(await on((db) => db.$client.prepare("SELECT sent_at FROM invoices WHERE id = ?").get(id))).toEqual({ sent_at: null });
  });
});

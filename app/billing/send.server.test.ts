// Billing emails: one email per document with its PDF attached, through Resend (a local stand-in)
// or the dev outbox. The PDF module is another helper's: mocked with a small PDF here.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeVendor } from "../../tests/fake-vendor-server";
import { addClient, completeBillingProfile, issuedInvoice } from "../../tests/billing-send-fixtures";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { quotes } from "../../db/tenant.schema";
import { resetEnvForTests } from "~/env.server";
import { listOutbox, type Email, type SendOptions } from "~/email/email.server";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { parisDateTime } from "~/crm/activities.server";
import { BillingError } from "./billing-error";
import { createCreditNote, createDraftInvoice, findInvoice } from "./invoices.server";
import { recordPayment } from "./ledger.server";
import { invoiceEventsOf, sendInvoice, sendQuote, sendReceipt } from "./send.server";

const PDF = Buffer.from("%PDF-1.7\n% fake \u00e9\n1 0 obj <<>> endobj\n%%EOF\n", "latin1");
vi.mock("./pdf/documents.server", () => ({
  invoicePdf: vi.fn(async (_db: unknown, id: number) => ({ pdf: PDF, sha256: "x", facturx: false, filename: `facture-${id}.pdf` })),
  quotePdf: vi.fn(async (_db: unknown, id: number) => ({ pdf: PDF, filename: `devis-${id}.pdf` })),
  reminderPdf: vi.fn(async () => ({ pdf: PDF, filename: "relance.pdf" })),
  receiptPdf: vi.fn(async (_db: unknown, id: number) => ({ pdf: PDF, filename: `facture-${id}.pdf` })),
}));

let tenantId: string;
const on = <T>(fn: (db: TenantDb) => T | Promise<T>) => withTenantDb(tenantId, fn);
const ctx = (extra: Partial<Parameters<typeof sendInvoice>[2]> = {}) => ({ tenantId, appUrl: "https://app.example", coachName: "Marie Dupont", coachEmail: "marie@coach.fr", ...extra });

beforeAll(async () => {
  setupTestDb();
  tenantId = (await makeCoach("Marie Dupont", "marie@coach.fr")).tenant.id;
  await on((db) => completeBillingProfile(db));
});

afterEach(() => {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  resetEnvForTests();
});

describe("sendInvoice", () => {
  it("sends one email through Resend with the PDF attached (base64, filename), the pay link and the coach as Reply-To", async () => {
    const resend = await startFakeVendor(() => ({ status: 200, json: { id: "email_1" } }));
    process.env.RESEND_API_KEY = "re_test_key";
    process.env.RESEND_BASE_URL = resend.url;
    resetEnvForTests();
    try {
      const { id, number } = await on((db) => issuedInvoice(db, addClient(db, { firstName: "Léa", lastName: "<Roux>" }), { tenantId, cents: 15000 }));
      const now = new Date("2026-10-02T08:00:00Z");
      const result = await on((db) => sendInvoice(db, id, ctx({ now })));
      expect(result).toEqual({ to: "jeanne@example.fr" });
      expect(resend.requests).toHaveLength(1);
      const [req] = resend.requests;
      expect(req.url).toBe("/emails");
      expect(req.headers["idempotency-key"]).toBe(`invoice-${tenantId}-${id}-sent-1`);
      const body = JSON.parse(req.body);
      expect(body.to).toBe("jeanne@example.fr");
      expect(body.reply_to).toBe("marie@coach.fr");
      expect(body.subject).toBe(`Facture n° ${number} de Marie Coaching`);
      expect(body.attachments).toHaveLength(1);
      expect(body.attachments[0].filename).toBe(`facture-${id}.pdf`);
      expect(Buffer.from(body.attachments[0].content, "base64").equals(PDF)).toBe(true);
      const invoice = await on((db) => findInvoice(db, id)!);
      const payLink = `https://app.example/pay/${invoice.publicToken}`;
      expect(body.text).toContain(payLink);
      expect(body.html).toContain(`href="${payLink}"`);
      expect(body.text).toContain("150,00");
      expect(body.text).toContain("31 oct. 2026"); // due date: issued 1 Oct + 30 days
      expect(body.html).toContain("Bonjour Léa &lt;Roux&gt;,");
      expect(body.text).toContain("Bonjour Léa <Roux>,");
      expect(invoice.sentAt?.getTime()).toBe(now.getTime());
      const events = await on((db) => invoiceEventsOf(db, id));
      expect(events.filter((e) => e.type === "sent").map((e) => e.detail)).toEqual(["Facture envoyée à jeanne@example.fr"]);
      expect(listOutbox()).toHaveLength(0);
      // A second, deliberate send gets its own key and keeps the first sent_at.
      await on((db) => sendInvoice(db, id, ctx({ now: new Date("2026-10-05T08:00:00Z") })));
      expect(resend.requests[1].headers["idempotency-key"]).toBe(`invoice-${tenantId}-${id}-sent-2`);
      expect((await on((db) => findInvoice(db, id)!)).sentAt?.getTime()).toBe(now.getTime());
    } finally {
      await resend.close();
    }
  });

  it("a failed send sets nothing, and its retry reuses the same idempotency key", async () => {
    const { id } = await on((db) => issuedInvoice(db, addClient(db), { tenantId }));
    const keys: (string | undefined)[] = [];
    const failing = (_e: Email, o: SendOptions) => (keys.push(o.idempotencyKey), Promise.reject(new Error("timeout")));
    await expect(on((db) => sendInvoice(db, id, ctx({ send: failing })))).rejects.toThrow("timeout");
    await expect(on((db) => sendInvoice(db, id, ctx({ send: failing })))).rejects.toThrow("timeout");
    expect(keys).toEqual([`invoice-${tenantId}-${id}-sent-1`, `invoice-${tenantId}-${id}-sent-1`]);
    expect((await on((db) => findInvoice(db, id)!)).sentAt).toBeNull();
    expect((await on((db) => invoiceEventsOf(db, id))).filter((e) => e.type === "sent")).toHaveLength(0);
  });

  it("lands in the outbox without RESEND_API_KEY, listing the attachment's name and size", async () => {
    const { id, number } = await on((db) => issuedInvoice(db, addClient(db, { email: "outbox@example.fr" }), { tenantId }));
    await on((db) => sendInvoice(db, id, ctx()));
    const mails = listOutbox({ limit: 500 }).filter((m) => m.to === "outbox@example.fr");
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(`Facture n° ${number} de Marie Coaching`);
    expect(mails[0].attachments).toEqual([{ filename: `facture-${id}.pdf`, contentType: "application/pdf", bytes: PDF.length }]);
  });

  it("uses the client's current email when the frozen buyer has none, and refuses when there is none at all", async () => {
    const { clientId, id } = await on((db) => {
      const clientId = addClient(db, { email: null });
      return { clientId, ...issuedInvoice(db, clientId, { tenantId }) };
    });
    const refused = await on((db) => sendInvoice(db, id, ctx()).catch((e) => e));
    expect(refused).toBeInstanceOf(BillingError);
    expect(refused.message).toBe("Ce client n'a pas d'adresse email");
    await on((db) => db.$client.prepare("UPDATE clients SET email = 'later@example.fr' WHERE id = ?").run(clientId));
    expect(await on((db) => sendInvoice(db, id, ctx()))).toEqual({ to: "later@example.fr" });
  });

  it("sends a credit note without a pay link, naming the invoice it corrects; refuses drafts and cancelled invoices", async () => {
    const { id, number } = await on((db) => issuedInvoice(db, addClient(db, { email: "avoir@example.fr" }), { tenantId }));
    const credit = await on((db) => createCreditNote(db, { invoiceId: id, reason: "Séance annulée", coachEmail: null, now: parisDateTime("2026-10-03", "10:00") }));
    await on((db) => sendInvoice(db, credit.id, ctx()));
    const [mail] = listOutbox({ limit: 500 }).filter((m) => m.to === "avoir@example.fr");
    expect(mail.subject).toBe(`Avoir n° ${credit.number} de Marie Coaching`);
    expect(mail.text).toContain(`relatif à la facture n° ${number}`);
    expect(mail.text).not.toContain("/pay/");
    await expect(on((db) => sendInvoice(db, id, ctx()))).rejects.toThrow(/annulée par avoir/);
    const draft = await on((db) => createDraftInvoice(db, { clientId: addClient(db), lines: [{ description: "x", quantity: 100, unitPriceCents: 100, vatRateBps: 0 }] }));
    await expect(on((db) => sendInvoice(db, draft, ctx()))).rejects.toThrow(/Émettez la facture/);
    await expect(on((db) => sendInvoice(db, 999_999, ctx()))).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("sendReceipt", () => {
  it("after a full payment: 'Facture n° … acquittée', amount, date, PDF, one key per payment date", async () => {
    const { id, number } = await on((db) => issuedInvoice(db, addClient(db, { email: "paid@example.fr" }), { tenantId, cents: 8000 }));
    await expect(on((db) => sendReceipt(db, id, ctx()))).rejects.toThrow(/pas entièrement payée/);
    await on((db) => recordPayment(db, { invoiceId: id, amountCents: 3000, method: "transfer", paidAt: new Date("2026-10-10T09:00:00Z") }));
    await expect(on((db) => sendReceipt(db, id, ctx()))).rejects.toThrow(/pas entièrement payée/);
    const paidAt = new Date("2026-10-12T09:00:00Z");
    await on((db) => recordPayment(db, { invoiceId: id, amountCents: 5000, method: "card", paidAt }));
    const keys: (string | undefined)[] = [];
    const emails: Email[] = [];
    await on((db) => sendReceipt(db, id, ctx({ send: async (e, o) => (emails.push(e), keys.push(o.idempotencyKey)) })));
    expect(emails).toHaveLength(1);
    expect(emails[0].subject).toBe(`Facture n° ${number} acquittée`);
    expect(emails[0].text).toContain("80,00");
    expect(emails[0].text).toContain("12 oct. 2026");
    expect(emails[0].attachments?.map((a) => a.filename)).toEqual([`facture-${id}.pdf`]);
    expect(keys).toEqual([`invoice-${tenantId}-${id}-receipt-${paidAt.getTime()}`]);
  });
});

describe("sendQuote", () => {
  function insertQuote(db: TenantDb, values: Partial<typeof quotes.$inferInsert>) {
    return db
      .insert(quotes)
      .values({ validUntil: "2026-12-31", vatRegime: "franchise", totalTtcCents: 90000, ...values })
      .returning({ id: quotes.id })
      .get().id;
  }

  it("sends a sent quote with its PDF and the /q acceptance link, changing nothing in the quote", async () => {
    const sentAt = new Date("2026-11-20T10:00:00Z");
    const id = await on((db) =>
      insertQuote(db, { clientId: addClient(db, { email: "devis@example.fr" }), status: "sent", number: "D-2026-0001", series: "D-2026", sequence: 1, issueDate: "2026-11-20", publicToken: "tok_quote", sentAt }),
    );
    const before = await on((db) => db.select().from(quotes).all().find((q) => q.id === id));
    const emails: Email[] = [];
    const keys: (string | undefined)[] = [];
    const send = async (e: Email, o: SendOptions) => (emails.push(e), keys.push(o.idempotencyKey));
    await on((db) => sendQuote(db, id, ctx({ send, now: new Date("2026-11-20T10:00:10Z") })));
    await on((db) => sendQuote(db, id, ctx({ send, now: new Date("2026-11-20T10:00:50Z") }))); // a double click
    await on((db) => sendQuote(db, id, ctx({ send, now: new Date("2026-11-21T09:00:00Z") }))); // "Renvoyer" the next day
    expect(emails).toHaveLength(3);
    expect(emails[0].to).toBe("devis@example.fr");
    expect(emails[0].subject).toBe("Devis n° D-2026-0001 de Marie Coaching");
    expect(emails[0].text).toContain("https://app.example/q/tok_quote");
    expect(emails[0].text).toContain("31 déc. 2026");
    expect(emails[0].text).toContain("900,00");
    expect(emails[0].replyTo).toBe("marie@coach.fr");
    expect(emails[0].attachments?.[0]).toMatchObject({ filename: `devis-${id}.pdf`, contentType: "application/pdf" });
    const minute = (iso: string) => Math.floor(Date.parse(iso) / 60_000);
    expect(keys).toEqual([
      `quote-${tenantId}-${id}-sent-${sentAt.getTime()}-${minute("2026-11-20T10:00:00Z")}`,
      `quote-${tenantId}-${id}-sent-${sentAt.getTime()}-${minute("2026-11-20T10:00:00Z")}`,
      `quote-${tenantId}-${id}-sent-${sentAt.getTime()}-${minute("2026-11-21T09:00:00Z")}`,
    ]);
    expect(await on((db) => db.select().from(quotes).all().find((q) => q.id === id))).toEqual(before);
  });

  it("refuses a draft quote and a quote without any email", async () => {
    const draft = await on((db) => insertQuote(db, { clientId: addClient(db), status: "draft" }));
    await expect(on((db) => sendQuote(db, draft, ctx()))).rejects.toThrow(/Finalisez le devis/);
    const noEmail = await on((db) => insertQuote(db, { clientId: addClient(db, { email: null }), status: "sent", number: "D-2026-0002", publicToken: "tok_2" }));
    await expect(on((db) => sendQuote(db, noEmail, ctx()))).rejects.toThrow("Ce client n'a pas d'adresse email");
  });
});

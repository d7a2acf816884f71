// The payments ledger: partial payments, refusals of manual overpayment, Stripe idempotency,
// refunds and credit notes moving the paid state of the invoice and of the sessions it bills.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import type { TenantDb } from "~/lib/tenant-db.server";
import { addClient, addSession, fileTenant, fillSeller, freeLine } from "./billing.test-helpers";
import { amountDue, invoiceStatus } from "./invoice-status";
import { createCreditNote, createDraftInvoice, creditedCents, findInvoice, issueInvoice } from "./invoices.server";
import { paymentsOf, recordPayment, recordRefund } from "./ledger.server";

const dirs: string[] = [];
let tenantId: string;
beforeAll(async () => {
  setupTestDb();
  tenantId = (await makeCoach("Marie Dupont", "marie@example.fr")).tenant.id;
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const NOV = new Date("2026-11-10T10:00:00Z");
const TODAY = "2026-11-12";

/** An issued invoice of 100 € billing one completed session. */
function issuedInvoice() {
  const t = fileTenant();
  dirs.push(t.dir);
  fillSeller(t.db);
  const clientId = addClient(t.db, "Marie", "Martin");
  const sessionId = addSession(t.db, clientId, Date.UTC(2026, 10, 3, 9));
  const id = createDraftInvoice(t.db, { clientId, lines: [{ ...freeLine("Séance", 10000), sessionId }] }, NOV);
  issueInvoice(t.db, id, { tenantId, coachEmail: null, now: NOV });
  return { db: t.db, id, sessionId };
}

const statusOf = (db: TenantDb, id: number) => {
  const i = findInvoice(db, id)!;
  return invoiceStatus({ ...i, creditedCents: creditedCents(db, id) }, TODAY);
};
const sessionPaidAt = (db: TenantDb, sessionId: number) => (db.$client.prepare("SELECT paid_at FROM coaching_sessions WHERE id = ?").get(sessionId) as { paid_at: number | null }).paid_at;
const pay = (db: TenantDb, invoiceId: number, amountCents: number, extra: Partial<Parameters<typeof recordPayment>[1]> = {}) =>
  recordPayment(db, { invoiceId, amountCents, method: "transfer", paidAt: NOV, ...extra }, NOV);
const refuse = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error("expected a refusal");
};

describe("payments by hand", () => {
  it("goes partially paid, then paid (acquittée), marking the billed session paid only then", () => {
    const { db, id, sessionId } = issuedInvoice();
    expect(statusOf(db, id)).toBe("issued");
    pay(db, id, 4000, { paidAt: new Date("2026-11-11T09:00:00Z") });
    expect(statusOf(db, id)).toBe("partially_paid");
    expect(findInvoice(db, id)).toMatchObject({ paidCents: 4000, paidAt: null });
    expect(sessionPaidAt(db, sessionId)).toBeNull();
    pay(db, id, 6000, { paidAt: new Date("2026-11-12T09:00:00Z"), method: "cheque", reference: "Chèque 123" });
    expect(statusOf(db, id)).toBe("paid");
    expect(findInvoice(db, id)?.paidAt?.toISOString()).toBe("2026-11-12T09:00:00.000Z");
    expect(sessionPaidAt(db, sessionId)).toBe(Date.parse("2026-11-12T09:00:00Z"));
    expect(paymentsOf(db, id).map((p) => [p.amountCents, p.method])).toEqual([
      [4000, "transfer"],
      [6000, "cheque"],
    ]);
  });

  it("refuses an overpayment, a zero amount and a payment on a draft", () => {
    const { db, id } = issuedInvoice();
    pay(db, id, 7000);
    expect(refuse(() => pay(db, id, 3001))).toMatchObject({ name: "BillingError", code: "conflict" });
    expect(refuse(() => pay(db, id, 0)).name).toBe("BillingError");
    pay(db, id, 3000);
    expect(refuse(() => pay(db, id, 1)).message).toContain("ne doit plus rien");
    const draftId = createDraftInvoice(db, { clientId: findInvoice(db, id)!.clientId!, lines: [freeLine("x", 100)] }, NOV);
    expect(refuse(() => pay(db, draftId, 100)).name).toBe("BillingError");
    expect(findInvoice(db, id)?.paidCents).toBe(10000);
  });

  it("counts a credit note: paid 60, credited 40 → acquittée, the session paid", () => {
    const { db, id, sessionId } = issuedInvoice();
    pay(db, id, 6000);
    createCreditNote(db, { invoiceId: id, amountCents: 4000, reason: "Séance écourtée", coachEmail: null, now: NOV });
    expect(statusOf(db, id)).toBe("paid");
    expect(findInvoice(db, id)?.paidAt).not.toBeNull();
    expect(sessionPaidAt(db, sessionId)).not.toBeNull();
  });
});

describe("Stripe ids and refunds", () => {
  it("records a PaymentIntent once however often the webhook replays it, even beyond what is due", () => {
    const { db, id } = issuedInvoice();
    const first = pay(db, id, 10000, { method: "card", stripePaymentIntentId: "pi_123", stripeChargeId: "ch_123" });
    const again = pay(db, id, 10000, { method: "card", stripePaymentIntentId: "pi_123", stripeChargeId: "ch_123" });
    expect(first.created).toBe(true);
    expect(again).toEqual({ paymentId: first.paymentId, created: false });
    // Money that reached Stripe is recorded whatever it is (a second intent on a paid invoice).
    expect(pay(db, id, 500, { method: "card", stripePaymentIntentId: "pi_456" }).created).toBe(true);
    expect(paymentsOf(db, id)).toHaveLength(2);
    expect(findInvoice(db, id)?.paidCents).toBe(10500);
  });

  it("a refund is a negative row, idempotent on its id, and clears the paid marks", () => {
    const { db, id, sessionId } = issuedInvoice();
    pay(db, id, 10000, { method: "card", stripePaymentIntentId: "pi_1" });
    expect(sessionPaidAt(db, sessionId)).not.toBeNull();
    const r1 = recordRefund(db, { invoiceId: id, amountCents: 3000, refundedAt: NOV, stripeRefundId: "re_1" }, NOV);
    const r2 = recordRefund(db, { invoiceId: id, amountCents: 3000, refundedAt: NOV, stripeRefundId: "re_1" }, NOV);
    expect(r2).toEqual({ paymentId: r1.paymentId, created: false });
    expect(paymentsOf(db, id).map((p) => p.amountCents)).toEqual([10000, -3000]);
    expect(findInvoice(db, id)).toMatchObject({ paidCents: 7000, paidAt: null });
    expect(statusOf(db, id)).toBe("partially_paid");
    expect(sessionPaidAt(db, sessionId)).toBeNull();
    expect(amountDue({ ...findInvoice(db, id)!, creditedCents: 0 })).toBe(3000);
  });

  it("refuses a manual refund beyond what was paid", () => {
    const { db, id } = issuedInvoice();
    pay(db, id, 2000);
    expect(refuse(() => recordRefund(db, { invoiceId: id, amountCents: 2001, refundedAt: NOV, method: "transfer" }, NOV))).toMatchObject({ code: "conflict" });
  });

  it("refuses a card refund by hand of money paid through Stripe (the webhook records it: it would count twice)", () => {
    const { db, id } = issuedInvoice();
    recordPayment(db, { invoiceId: id, amountCents: 2000, method: "card", paidAt: NOV, stripePaymentIntentId: "pi_hand" }, NOV);
    expect(refuse(() => recordRefund(db, { invoiceId: id, amountCents: 2000, refundedAt: NOV, method: "card" }, NOV))).toMatchObject({ code: "conflict" });
    expect(recordRefund(db, { invoiceId: id, amountCents: 500, refundedAt: NOV, method: "transfer" }, NOV).created).toBe(true);
  });
});

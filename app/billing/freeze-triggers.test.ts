// The SQL triggers of migrations 0009 and 0010: the last line of defence when code forgets.
import { beforeAll, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import { addClient, addSession, fillSeller, freeLine } from "./billing.test-helpers";
import { createCreditNote, createDraftInvoice, issueInvoice } from "./invoices.server";

const NOW = new Date("2026-11-20T10:00:00Z");
let tenantId: string;
beforeAll(async () => {
  setupTestDb();
  tenantId = (await makeCoach("Marie Dupont", "marie@example.fr")).tenant.id; // public links name a real tenant
});

function issued() {
  const db = memoryTenant();
  fillSeller(db);
  const clientId = addClient(db, "Inès", "Morel");
  db.$client.prepare("UPDATE clients SET address = '3 rue Haute', postal_code = '69001', city = 'Lyon' WHERE id = ?").run(clientId);
  const sessionId = addSession(db, clientId, NOW.getTime() - 86_400_000);
  const other = addSession(db, clientId, NOW.getTime() - 2 * 86_400_000);
  const invoiceId = createDraftInvoice(db, { clientId, lines: [{ ...freeLine("Séance", 9000), sessionId }] }, NOW);
  issueInvoice(db, invoiceId, { tenantId, coachEmail: "coach@example.fr", now: NOW });
  return { db, invoiceId, sessionId, other };
}

describe("freeze triggers", () => {
  it("refuses moving an issued invoice back to draft, or a cancelled one back to issued", () => {
    const { db, invoiceId } = issued();
    expect(() => db.$client.prepare("UPDATE invoices SET state = 'draft' WHERE id = ?").run(invoiceId)).toThrow(/FROZEN/);
    createCreditNote(db, { invoiceId, reason: "Erreur", coachEmail: null, now: NOW });
    expect(db.$client.prepare("SELECT state FROM invoices WHERE id = ?").get(invoiceId)).toEqual({ state: "cancelled" });
    expect(() => db.$client.prepare("UPDATE invoices SET state = 'issued' WHERE id = ?").run(invoiceId)).toThrow(/FROZEN/);
  });

  it("refuses a new pay token on an issued invoice", () => {
    const { db, invoiceId } = issued();
    expect(() => db.$client.prepare("UPDATE invoices SET public_token = 'x' WHERE id = ?").run(invoiceId)).toThrow(/FROZEN/);
  });

  it("lets a billed session be unlinked (deleted with its client) but never re-pointed", () => {
    const { db, invoiceId, other } = issued();
    expect(() => db.$client.prepare("UPDATE invoice_lines SET session_id = ? WHERE invoice_id = ?").run(other, invoiceId)).toThrow(/FROZEN/);
    expect(db.$client.prepare("UPDATE invoice_lines SET session_id = NULL WHERE invoice_id = ?").run(invoiceId).changes).toBe(1);
  });
});

// Who writes to the coach's notification centre (001 §4.2), one test per kind at least, and the
// coach's per-kind switches. Batches (API, import) give one notification, never one per lead.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addClient, completeBillingProfile, issuedInvoice } from "../../tests/billing-send-fixtures";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { sentQuote } from "../../tests/pdf-fixtures";
import { recordPayment } from "~/billing/ledger.server";
import { notifyOverdueInvoices } from "~/billing/overdue-notices.server";
import { acceptQuote } from "~/billing/quotes.server";
import { createDraft } from "~/crm/import/imports.server";
import { runImport } from "~/crm/import/run.server";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import { markWon } from "~/crm/won-lost.server";
import { upsertLeads } from "~/ingest/leads.server";
import { ingestMessages } from "~/ingest/messages.server";
import { leadInput, messageInput } from "~/ingest/schemas";
import { addDays, dayKey } from "~/kpis/paris-days.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { NOTIFICATION_KINDS } from "../../db/tenant.schema";
import { addLead } from "./crm-send.test-helpers";
import { saveNotificationPreferences } from "./notification-centre.server";
import { notify, unreadCount } from "./notifications.server";

let tenantId: string;
let db: TenantDb;

beforeAll(async () => {
  setupTestDb();
  tenantId = (await makeCoach("Nina Coach", "nina@example.fr")).tenant.id;
});
beforeEach(() => {
  db = memoryTenant();
});

const all = () => db.$client.prepare("SELECT kind, title, body, href FROM notifications ORDER BY id").all() as { kind: string; title: string; body: string | null; href: string | null }[];
const ofKind = (kind: string) => all().filter((n) => n.kind === kind);
const leadsIn = (items: Record<string, unknown>[]) => items.map((i) => leadInput.parse(i));

describe("new leads", () => {
  it("one API lead: one notification naming it and linking to it", () => {
    upsertLeads(db, leadsIn([{ instagram_id: "lea.ig", first_name: "Léa", last_name: "Martin" }]));
    const id = (db.$client.prepare("SELECT id FROM leads").get() as { id: number }).id;
    expect(ofKind("lead_new")).toEqual([{ kind: "lead_new", title: "Nouveau lead : Léa Martin", body: "Reçu par l'API (N8N, ManyChat).", href: `/dashboard/leads/${id}` }]);
  });

  it("a batch of 300 leads: ONE notification with the count; updates alone add none", () => {
    const batch = leadsIn(Array.from({ length: 300 }, (_, i) => ({ instagram_id: `ig${i}`, first_name: `P${i}` })));
    upsertLeads(db, batch);
    expect(ofKind("lead_new")).toEqual([{ kind: "lead_new", title: "300 nouveaux leads", body: "Reçus par l'API (N8N, ManyChat).", href: "/dashboard/leads" }]);
    upsertLeads(db, leadsIn([{ instagram_id: "ig1", first_name: "Changé" }]));
    expect(ofKind("lead_new")).toHaveLength(1);
  });

  it("messages from unknown contacts create leads: one notification per batch", () => {
    ingestMessages(db, [
      messageInput.parse({ external_id: "m1", instagram_id: "new.one", direction: "in", text: "Bonjour" }),
      messageInput.parse({ external_id: "m2", instagram_id: "new.two", direction: "in", text: "Salut" }),
      messageInput.parse({ external_id: "m3", instagram_id: "new.two", direction: "in", text: "Encore" }),
    ]);
    expect(ofKind("lead_new").map((n) => n.title)).toEqual(["2 nouveaux leads"]);
  });
});

describe("lead won", () => {
  it("markWon notifies once, not again for a lead already won", () => {
    const id = addLead(db, { firstName: "Gaspard", lastName: "Roy" });
    markWon(db, id);
    markWon(db, id);
    expect(ofKind("lead_won")).toEqual([{ kind: "lead_won", title: "Lead gagné : Gaspard Roy", body: null, href: `/dashboard/leads/${id}` }]);
  });

  it("the API moving leads to won notifies once per batch", () => {
    upsertLeads(db, leadsIn([{ instagram_id: "a" }, { instagram_id: "b" }]));
    upsertLeads(db, leadsIn([{ instagram_id: "a", status: "won" }, { instagram_id: "b", status: "won" }]));
    expect(ofKind("lead_won").map((n) => n.title)).toEqual(["2 leads gagnés"]);
  });
});

describe("billing", () => {
  it("a payment recorded (by hand or by a Stripe event) notifies once, a replayed Stripe event does not", () => {
    completeBillingProfile(db);
    const invoice = issuedInvoice(db, addClient(db), { tenantId, cents: 12000 });
    recordPayment(db, { invoiceId: invoice.id, amountCents: 5000, method: "transfer", paidAt: new Date() });
    recordPayment(db, { invoiceId: invoice.id, amountCents: 7000, method: "card", paidAt: new Date(), stripePaymentIntentId: "pi_1" });
    recordPayment(db, { invoiceId: invoice.id, amountCents: 7000, method: "card", paidAt: new Date(), stripePaymentIntentId: "pi_1" });
    const paid = ofKind("payment_received");
    expect(paid).toHaveLength(2);
    expect(paid[0].title).toMatch(/^Paiement reçu : 50,00\s€ de Jeanne Martin$/);
    expect(paid[0].body).toBe(`Facture ${invoice.number} · Virement`);
    expect(paid[1].href).toBe(`/dashboard/invoices/${invoice.id}`);
  });

  it("a quote accepted on its public page notifies the coach", () => {
    const clientId = addClient(db);
    const quoteId = sentQuote(db, clientId, { number: "D-2026-0007" });
    acceptQuote(db, quoteId, { name: "Jeanne Martin", ip: "203.0.113.9", earlyStart: false, now: new Date("2026-03-20T10:00:00Z") });
    const [n] = ofKind("quote_accepted");
    expect(n.title).toBe("Devis D-2026-0007 accepté par Jeanne Martin");
    expect(n.href).toBe(`/dashboard/quotes/${quoteId}`);
    expect(n.body).toContain("« Jeanne Martin »");
  });

  it("an invoice past its due date is announced once, paid or long-late ones are not", () => {
    completeBillingProfile(db);
    const today = dayKey(new Date());
    // Issued in date order (a series never goes back in time): the long-late one first.
    issuedInvoice(db, addClient(db, { email: "old@example.fr" }), { tenantId, dueDate: addDays(today, -30), issueDay: addDays(today, -60) });
    const late = issuedInvoice(db, addClient(db), { tenantId, dueDate: addDays(today, -2), issueDay: addDays(today, -40) });
    const paid = issuedInvoice(db, addClient(db, { email: "p@example.fr" }), { tenantId, cents: 3000, dueDate: addDays(today, -2), issueDay: addDays(today, -40) });
    recordPayment(db, { invoiceId: paid.id, amountCents: 3000, method: "cash", paidAt: new Date() });
    expect(notifyOverdueInvoices(db, today)).toBe(1);
    expect(notifyOverdueInvoices(db, today)).toBe(0);
    const [n] = ofKind("invoice_overdue");
    expect(n.title).toBe(`Facture ${late.number} en retard (Jeanne Martin)`);
    expect(n.body).toMatch(/^Reste dû 120,00\s€ · échue depuis 2 jours$/);
  });
});

describe("import finished", () => {
  it("one notification for the whole file, with its counts; its won leads add no notification of their own", () => {
    const csv = "prénom;email;statut\nAna;ana@example.fr;Gagné\nBob;bob@example.fr;Nouveau\nCam;pas-un-email;Nouveau\n";
    const id = createDraft(db, "contacts.csv", Buffer.from(csv));
    db.$client.prepare("UPDATE imports SET status = 'running', options = ? WHERE id = ?").run(JSON.stringify({ dedupeKey: "email", onDuplicate: "skip", tags: [] }), id);
    runImport(db.$client, id);
    expect(all()).toEqual([{ kind: "import_finished", title: "Import terminé : 2 leads créés, 0 mis à jour", body: "1 gagné · 1 ligne rejetée", href: `/dashboard/leads/import/${id}` }]);
  });
});

describe("the coach's switches", () => {
  it("a kind turned off writes nothing; the others still do", () => {
    saveNotificationPreferences(db, { enabled: NOTIFICATION_KINDS.filter((k) => k !== "lead_new"), digest: false });
    upsertLeads(db, leadsIn([{ instagram_id: "off.1" }]));
    const id = (db.$client.prepare("SELECT id FROM leads").get() as { id: number }).id;
    markWon(db, id);
    expect(all().map((n) => n.kind)).toEqual(["lead_won"]);
    expect(notify(db, "lead_new", { title: "x" })).toBeNull();
    expect(unreadCount(db)).toBe(1);
  });
});

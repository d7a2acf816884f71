import { beforeAll, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { pdfFlatText, skipPdfTools } from "../../tests/pdf-tools";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError } from "./billing-error";
import { updateBillingProfile } from "./billing-profile.server";
import { createCreditNote, findInvoice, invoiceLinesOf } from "./invoices.server";
import { resolvePublicLink } from "./public-links.server";
import { quotePdf } from "./pdf/documents.server";
import { invoiceFromQuote, nextScheduleParts } from "./quote-invoices.server";
import { quoteView } from "./quote-page.server";
import { quoteStatus } from "./quote-status";
import {
  acceptQuote,
  createDraftQuote,
  deleteDraftQuote,
  duplicateQuote,
  expireQuotes,
  findPublicQuote,
  findQuote,
  listQuotes,
  markQuoteSent,
  quoteLinesOf,
  refuseQuote,
  updateDraftQuote,
  type QuoteInput,
} from "./quotes.server";

const NOW = new Date("2026-11-20T10:00:00Z");
const LATER = new Date("2026-11-25T10:00:00Z");
const ctx = { tenantId: "", coachEmail: "coach@example.fr", now: NOW };

beforeAll(async () => {
  setupTestDb(); // the control DB: public links name a tenant
  ctx.tenantId = (await makeCoach("Quotes Coach", "quotes@example.fr")).tenant.id;
});

function tenant(regime: "franchise" | "standard" = "franchise") {
  const db = memoryTenant();
  updateBillingProfile(db, {
    legalName: "Marie Dupont EI",
    address: "3 rue des Lilas",
    postalCode: "69001",
    city: "Lyon",
    siren: "732829320",
    vatRegime: regime,
    vatNumber: regime === "standard" ? "FR44732829320" : null,
    termsOfSale: "Paiement à réception.",
  });
  return db;
}

const addClient = (db: TenantDb, kind: "person" | "business" = "person") =>
  (
    db.$client
      .prepare("INSERT INTO clients (first_name, last_name, kind, company, address, postal_code, city, email, siren, created_at, updated_at) VALUES ('Léa', 'Martin', ?, ?, '1 place Bellecour', '69002', 'Lyon', 'lea@example.fr', '552100554', 0, 0) RETURNING id")
      .get(kind, kind === "business" ? "Cabinet Martin" : null) as { id: number }
  ).id;
const addLead = (db: TenantDb) =>
  Number(db.$client.prepare("INSERT INTO leads (instagram_id, first_name, last_name, email, status, created_at, created_day, updated_at) VALUES ('ig_q', 'Zoé', 'Lead', 'zoe@example.fr', 'qualified', 0, '2026-01-01', 0)").run().lastInsertRowid);

const lines = (): QuoteInput["lines"] => [
  { kind: "session", description: "", quantity: 300, unitPriceCents: 9000, vatRateBps: 2000 },
  { kind: "package", description: "", quantity: 100, unitPriceCents: 45000, vatRateBps: 2000, sessionCount: 6 },
  { kind: "free", description: "Livret d'exercices", quantity: 150, unitPriceCents: 1333, vatRateBps: 550 },
];

const expectBillingError = (fn: () => unknown, message: RegExp) => {
  expect(fn).toThrow(BillingError);
  expect(fn).toThrow(message);
};

describe("drafts", () => {
  it("stores the lines (a session and a package are one unit), the totals under the regime and a 30-day validity", () => {
    const db = tenant("standard");
    const id = createDraftQuote(db, { clientId: addClient(db), lines: lines() }, NOW);
    const q = findQuote(db, id)!;
    expect(q).toMatchObject({ status: "draft", number: null, validUntil: "2026-12-20", vatRegime: "standard", depositPercent: 0 });
    expect(quoteLinesOf(db, id).map((l) => [l.kind, l.description, l.quantity, l.unitPriceCents, l.vatRateBps, l.totalHtCents, l.sessionCount])).toEqual([
      ["session", "Séance individuelle", 100, 9000, 2000, 9000, 1],
      ["package", "Forfait 6 séances", 100, 45000, 2000, 45000, 6],
      ["free", "Livret d'exercices", 150, 1333, 550, 2000, null],
    ]);
    // 540 € at 20 % = 108 €, 20 € at 5,5 % = 1,10 €
    expect([q.totalHtCents, q.totalVatCents, q.totalTtcCents]).toEqual([56000, 10910, 66910]);
  });

  it("puts every line at 0 % under the franchise", () => {
    const db = tenant("franchise");
    const id = createDraftQuote(db, { clientId: addClient(db), lines: lines() }, NOW);
    expect(quoteLinesOf(db, id).every((l) => l.vatRateBps === 0)).toBe(true);
    expect(findQuote(db, id)).toMatchObject({ totalHtCents: 56000, totalVatCents: 0, totalTtcCents: 56000 });
  });

  it("is for a client or a lead, exactly one", () => {
    const db = tenant();
    const clientId = addClient(db);
    const leadId = addLead(db);
    expectBillingError(() => createDraftQuote(db, { clientId, leadId, lines: lines() }, NOW), /l'un des deux/);
    expectBillingError(() => createDraftQuote(db, { lines: lines() }, NOW), /l'un des deux/);
    expectBillingError(() => createDraftQuote(db, { clientId: 9999, lines: lines() }, NOW), /client n'existe pas/);
    expectBillingError(() => createDraftQuote(db, { clientId, lines: [] }, NOW), /au moins une ligne/);
    expectBillingError(() => createDraftQuote(db, { clientId, depositPercent: 101, lines: lines() }, NOW), /entre 0 et 99/);
    // 100 % would leave a balance of 0 €, which no invoice can bill: a single invoice is 0 %.
    expectBillingError(() => createDraftQuote(db, { clientId, depositPercent: 100, lines: lines() }, NOW), /entre 0 et 99/);
    expect(findQuote(db, createDraftQuote(db, { leadId, lines: lines() }, NOW))).toMatchObject({ leadId, clientId: null });
  });

  it("edits, duplicates and deletes drafts only", () => {
    const db = tenant();
    const clientId = addClient(db);
    const id = createDraftQuote(db, { clientId, lines: lines() }, NOW);
    updateDraftQuote(db, id, { clientId, title: "Accompagnement", depositPercent: 30, depositDueDate: "2026-12-01", lines: lines().slice(2) }, NOW);
    expect(findQuote(db, id)).toMatchObject({ title: "Accompagnement", depositPercent: 30, depositDueDate: "2026-12-01", totalTtcCents: 2000 });
    markQuoteSent(db, id, ctx);
    expectBillingError(() => updateDraftQuote(db, id, { clientId, lines: lines() }, NOW), /dupliquez-le/);
    expectBillingError(() => deleteDraftQuote(db, id), /dupliquez-le/);
    const copy = duplicateQuote(db, id, LATER);
    expect(findQuote(db, copy)).toMatchObject({ status: "draft", number: null, clientId, title: "Accompagnement", depositPercent: 30, validUntil: "2026-12-25" });
    expect(quoteLinesOf(db, copy).map((l) => l.description)).toEqual(["Livret d'exercices"]);
    deleteDraftQuote(db, copy);
    expect(findQuote(db, copy)).toBeUndefined();
    expect(db.$client.prepare("SELECT count(*) AS n FROM quote_lines WHERE quote_id = ?").get(copy)).toEqual({ n: 0 });
  });
});

describe("sending", () => {
  it("numbers D-YYYY-NNNN without gaps, per Paris year", () => {
    const db = tenant();
    const clientId = addClient(db);
    const ids = [0, 1, 2].map(() => createDraftQuote(db, { clientId, validUntil: "2027-01-31", lines: lines() }, NOW));
    expect(markQuoteSent(db, ids[0], ctx).number).toBe("D-2026-0001");
    expect(markQuoteSent(db, ids[1], ctx).number).toBe("D-2026-0002");
    // 31 Dec 23:30 UTC is already 1 Jan in Paris.
    expect(markQuoteSent(db, ids[2], { ...ctx, now: new Date("2026-12-31T23:30:00Z") }).number).toBe("D-2027-0001");
  });

  it("refuses while the settings lack a mandatory mention, and takes no number", () => {
    const db = memoryTenant();
    const id = createDraftQuote(db, { clientId: addClient(db), lines: lines() }, NOW);
    expectBillingError(() => markQuoteSent(db, id, ctx), /Informations obligatoires manquantes : raison sociale/);
    expect(findQuote(db, id)).toMatchObject({ status: "draft", number: null, publicToken: null });
  });

  it("freezes seller and buyer, opens the public link, and the triggers lock its lines", () => {
    const db = tenant();
    const clientId = addClient(db, "business");
    const id = createDraftQuote(db, { clientId, lines: lines() }, NOW);
    const { token } = markQuoteSent(db, id, ctx);
    const q = findQuote(db, id)!;
    expect(q).toMatchObject({ status: "sent", issueDate: "2026-11-20", publicToken: token, sentAt: NOW });
    expect(q.seller).toMatchObject({ legalName: "Marie Dupont EI", siren: "732829320", termsOfSale: "Paiement à réception.", email: "coach@example.fr" });
    expect(q.buyer).toMatchObject({ kind: "business", name: "Cabinet Martin", contact: "Léa Martin", city: "Lyon" });
    expect(resolvePublicLink("quote", token)).toEqual({ tenantId: ctx.tenantId, documentId: id });
    expect(findPublicQuote(db, id, token)?.id).toBe(id);
    expect(findPublicQuote(db, id, `${token.slice(0, -1)}x`)).toBeNull();
    // Later changes to the settings or the client do not reach the sent quote.
    updateBillingProfile(db, { legalName: "Autre nom EI" });
    db.$client.prepare("UPDATE clients SET company = 'Renommé' WHERE id = ?").run(clientId);
    expect(findQuote(db, id)!.seller!.legalName).toBe("Marie Dupont EI");
    expect(findQuote(db, id)!.buyer!.name).toBe("Cabinet Martin");
    expect(() => db.$client.prepare("UPDATE quote_lines SET unit_price_cents = 1 WHERE quote_id = ?").run(id)).toThrow(/FROZEN/);
    expect(() => db.$client.prepare("DELETE FROM quote_lines WHERE quote_id = ?").run(id)).toThrow(/FROZEN/);
    expect(() => db.$client.prepare("INSERT INTO quote_lines (quote_id, position, description, unit_price_cents, total_ht_cents) VALUES (?, 9, 'x', 1, 1)").run(id)).toThrow(/FROZEN/);
    expectBillingError(() => markQuoteSent(db, id, ctx), /ne se modifie plus/);
  });

  it("takes a lead's name and email as the buyer", () => {
    const db = tenant();
    const id = createDraftQuote(db, { leadId: addLead(db), lines: lines() }, NOW);
    markQuoteSent(db, id, ctx);
    expect(findQuote(db, id)!.buyer).toMatchObject({ kind: "person", name: "Zoé Lead", email: "zoe@example.fr" });
  });
});

function sentQuote(db: TenantDb, input: Partial<QuoteInput> = {}, kind: "person" | "business" = "person") {
  const id = createDraftQuote(db, { clientId: input.leadId ? null : addClient(db, kind), lines: lines(), ...input }, NOW);
  return { id, token: markQuoteSent(db, id, ctx).token };
}

describe("the client's answer", () => {
  it("records the acceptance (name, time, IP) and the early-start request of a private buyer", () => {
    const db = tenant();
    const { id } = sentQuote(db);
    expectBillingError(() => acceptQuote(db, id, { name: "   ", ip: "203.0.113.9", earlyStart: true, now: LATER }), /nom complet/);
    acceptQuote(db, id, { name: " Léa Martin ", ip: "203.0.113.9", earlyStart: true, now: LATER });
    expect(findQuote(db, id)).toMatchObject({ status: "accepted", acceptedName: "Léa Martin", acceptedIp: "203.0.113.9", acceptedAt: LATER, earlyStartRequestedAt: LATER });
    expectBillingError(() => acceptQuote(db, id, { name: "Léa", ip: "x", earlyStart: false, now: LATER }), /déjà reçu une réponse/);
    expectBillingError(() => refuseQuote(db, id, { by: "client", now: LATER }), /déjà reçu une réponse/);
  });

  it("records no early start when unchecked, nor for a business", () => {
    const db = tenant();
    const person = sentQuote(db).id;
    acceptQuote(db, person, { name: "Léa", ip: "1.2.3.4", earlyStart: false, now: LATER });
    const business = sentQuote(db, {}, "business").id;
    acceptQuote(db, business, { name: "Léa", ip: "1.2.3.4", earlyStart: true, now: LATER });
    expect(findQuote(db, person)!.earlyStartRequestedAt).toBeNull();
    expect(findQuote(db, business)!.earlyStartRequestedAt).toBeNull();
  });

  it("wins the lead and links its new client when a lead's quote is accepted", () => {
    const db = tenant();
    const leadId = addLead(db);
    const { id } = sentQuote(db, { leadId });
    const { clientId } = acceptQuote(db, id, { name: "Zoé Lead", ip: "1.2.3.4", earlyStart: false, now: LATER });
    expect(clientId).toEqual(expect.any(Number));
    expect(findQuote(db, id)).toMatchObject({ clientId, leadId, status: "accepted" });
    expect(db.$client.prepare("SELECT status FROM leads WHERE id = ?").get(leadId)).toEqual({ status: "won" });
    expect(db.$client.prepare("SELECT lead_id, first_name, email FROM clients WHERE id = ?").get(clientId)).toEqual({ lead_id: leadId, first_name: "Zoé", email: "zoe@example.fr" });
  });

  it("lets the client refuse an open quote", () => {
    const db = tenant();
    const { id } = sentQuote(db);
    refuseQuote(db, id, { by: "client", now: LATER });
    expect(findQuote(db, id)).toMatchObject({ status: "refused", refusedAt: LATER });
  });

  it("reads a sent quote past its validity as expired, refuses answers on it, and the nightly job writes it", () => {
    const db = tenant();
    const { id } = sentQuote(db, { validUntil: "2026-11-30" });
    const open = sentQuote(db, { validUntil: "2026-12-01" }).id;
    const dec1 = new Date("2026-12-01T10:00:00Z");
    expect(quoteStatus(findQuote(db, id)!, "2026-11-30")).toBe("sent");
    expect(quoteStatus(findQuote(db, id)!, "2026-12-01")).toBe("expired");
    expect(listQuotes(db, { status: "expired", today: "2026-12-01" }).map((r) => r.id)).toEqual([id]);
    expectBillingError(() => acceptQuote(db, id, { name: "Léa", ip: "1.2.3.4", earlyStart: false, now: dec1 }), /expiré/);
    expectBillingError(() => refuseQuote(db, id, { by: "client", now: dec1 }), /expiré/);
    expect(expireQuotes(db, "2026-12-01", dec1)).toBe(1);
    expect(findQuote(db, id)!.status).toBe("expired");
    expect(findQuote(db, open)!.status).toBe("sent");
    // The coach may still close an expired-but-unwritten sent quote as refused.
    refuseQuote(db, open, { by: "coach", now: new Date("2026-12-05T10:00:00Z") });
    expect(findQuote(db, open)!.status).toBe("refused");
  });
});

describe("invoices from an accepted quote", () => {
  const issue = { get tenantId() { return ctx.tenantId; }, coachEmail: "coach@example.fr", now: LATER };

  function accepted(db: TenantDb, input: Partial<QuoteInput>) {
    const { id } = sentQuote(db, input);
    acceptQuote(db, id, { name: "Léa Martin", ip: "1.2.3.4", earlyStart: false, now: LATER });
    return id;
  }

  it("makes one full invoice with the quote's lines when there is no deposit", () => {
    const db = tenant("standard");
    const id = accepted(db, { balanceDueDate: "2026-12-15" });
    expect(nextScheduleParts(findQuote(db, id)!)).toEqual(["full"]);
    expectBillingError(() => invoiceFromQuote(db, id, "deposit", issue), /ne prévoit pas d'acompte/);
    const { invoiceId, number } = invoiceFromQuote(db, id, "full", issue);
    const inv = findInvoice(db, invoiceId)!;
    expect(number).toBe("2026-0001");
    expect(inv).toMatchObject({ state: "issued", quoteId: id, schedulePart: "full", dueDate: "2026-12-15", totalTtcCents: 66910, issueDate: "2026-11-25" });
    expect(invoiceLinesOf(db, invoiceId).map((l) => l.description)).toEqual(["Séance individuelle", "Forfait 6 séances", "Livret d'exercices"]);
    expect(findQuote(db, id)!.balanceInvoiceId).toBe(invoiceId);
    expectBillingError(() => invoiceFromQuote(db, id, "full", issue), /déjà entièrement facturé/);
  });

  it("makes the deposit invoice (one line per rate) then the balance invoice, on the schedule's dates", () => {
    const db = tenant("standard");
    const id = accepted(db, { depositPercent: 30, depositDueDate: "2026-11-28", balanceDueDate: "2027-01-10" });
    const quote = findQuote(db, id)!;
    expectBillingError(() => invoiceFromQuote(db, id, "balance", issue), /d'abord la facture d'acompte/);
    expectBillingError(() => invoiceFromQuote(db, id, "full", issue), /prévoit un acompte/);
    const deposit = invoiceFromQuote(db, id, "deposit", issue);
    const depositLines = invoiceLinesOf(db, deposit.invoiceId);
    // 30 % of 540 € (20 %) = 162 €, of 20 € (5,5 %) = 6 €.
    expect(depositLines.map((l) => [l.description, l.unitPriceCents, l.vatRateBps])).toEqual([
      [`Acompte de 30 % sur le devis ${quote.number}`, 16200, 2000],
      [`Acompte de 30 % sur le devis ${quote.number}`, 600, 550],
    ]);
    expect(findInvoice(db, deposit.invoiceId)).toMatchObject({ schedulePart: "deposit", dueDate: "2026-11-28", totalHtCents: 16800, totalVatCents: 3240 + 33, state: "issued" });
    expectBillingError(() => invoiceFromQuote(db, id, "deposit", issue), /existe déjà/);

    const balance = invoiceFromQuote(db, id, "balance", issue);
    const balanceLines = invoiceLinesOf(db, balance.invoiceId);
    expect(balanceLines.slice(3).map((l) => [l.description, l.unitPriceCents, l.vatRateBps])).toEqual([
      [`Acompte versé — facture n° ${deposit.number}`, -16200, 2000],
      [`Acompte versé — facture n° ${deposit.number}`, -600, 550],
    ]);
    const bal = findInvoice(db, balance.invoiceId)!;
    expect(bal).toMatchObject({ schedulePart: "balance", dueDate: "2027-01-10", totalHtCents: 56000 - 16800 });
    // Deposit + balance charge what the quote says, to the cent here.
    expect(findInvoice(db, deposit.invoiceId)!.totalTtcCents + bal.totalTtcCents).toBe(quote.totalTtcCents);
    expect(findQuote(db, id)).toMatchObject({ depositInvoiceId: deposit.invoiceId, balanceInvoiceId: balance.invoiceId });
    expect(nextScheduleParts(findQuote(db, id)!)).toEqual([]);
    // The balance deducts the deposit: crediting the deposit now would bill the client twice for nothing.
    expectBillingError(() => createCreditNote(db, { invoiceId: deposit.invoiceId, reason: "Erreur", coachEmail: null, now: LATER }), /déjà déduit de la facture de solde/);
  });

  it("prints on the quote (page and PDF) the deposit and balance its invoices will charge, to the cent, on mixed rates", async () => {
    const db = tenant("standard");
    // 333,33 € HT at 20 % + 111,11 € HT at 10 % = 522,22 € TTC; 30 % of it would be 156,67 €, but the
    // deposit invoice charges 30 % per rate: 100,00 € + 20,00 € VAT and 33,33 € + 3,33 € VAT = 156,66 €.
    const id = accepted(db, {
      depositPercent: 30,
      lines: [
        { kind: "free", description: "Programme", quantity: 100, unitPriceCents: 33333, vatRateBps: 2000 },
        { kind: "free", description: "Atelier", quantity: 100, unitPriceCents: 11111, vatRateBps: 1000 },
      ],
    });
    expect(findQuote(db, id)!.totalTtcCents).toBe(52222);
    const { schedule } = quoteView(db, findQuote(db, id)!);
    const pdf = skipPdfTools ? null : pdfFlatText((await quotePdf(db, id)).pdf);
    const deposit = findInvoice(db, invoiceFromQuote(db, id, "deposit", issue).invoiceId)!;
    const balance = findInvoice(db, invoiceFromQuote(db, id, "balance", issue).invoiceId)!;
    expect([schedule.depositCents, schedule.balanceCents]).toEqual([deposit.totalTtcCents, balance.totalTtcCents]);
    expect(deposit.totalTtcCents).toBe(15666);
    if (pdf !== null) {
      expect(pdf).toContain("Acompte de 30 % : 156,66 €");
      expect(pdf).toContain(`Solde : ${(balance.totalTtcCents / 100).toFixed(2).replace(".", ",")} €`);
    }
  });

  it("refuses the balance of a deposit partly corrected by a credit note (what was charged per rate is no longer its lines)", () => {
    const db = tenant();
    const id = accepted(db, { depositPercent: 30, depositDueDate: "2026-11-28", balanceDueDate: "2027-01-10" });
    const deposit = invoiceFromQuote(db, id, "deposit", issue);
    createCreditNote(db, { invoiceId: deposit.invoiceId, amountCents: 1000, reason: "Geste commercial", coachEmail: null, now: LATER });
    expectBillingError(() => invoiceFromQuote(db, id, "balance", issue), /corrigée en partie par un avoir/);
    expect(findQuote(db, id)!.balanceInvoiceId).toBeNull();
  });

  it("makes a due date of the schedule already past due on the issue day", () => {
    const db = tenant();
    const id = accepted(db, { depositPercent: 50, depositDueDate: "2026-11-21" });
    const { invoiceId } = invoiceFromQuote(db, id, "deposit", issue);
    expect(findInvoice(db, invoiceId)!.dueDate).toBe("2026-11-25");
  });

  it("refuses a quote not accepted, and leaves nothing behind when issuing fails", () => {
    const db = tenant();
    const { id } = sentQuote(db);
    expectBillingError(() => invoiceFromQuote(db, id, "full", issue), /Seul un devis accepté/);
    acceptQuote(db, id, { name: "Léa", ip: "1.2.3.4", earlyStart: false, now: LATER });
    updateBillingProfile(db, { siren: null, siret: null });
    expectBillingError(() => invoiceFromQuote(db, id, "full", issue), /SIREN/);
    expect(db.$client.prepare("SELECT count(*) AS n FROM invoices").get()).toEqual({ n: 0 });
    expect(findQuote(db, id)!.balanceInvoiceId).toBeNull();
  });
});

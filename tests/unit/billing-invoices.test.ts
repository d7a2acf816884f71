// The invoices pages: list, new draft, the invoice page's forms, the accounting export. Each coach
// sees and changes only their own documents: another tenant's invoice and credit note ids are the
// same 404 as missing ones, on the page and on every action; the export lists only their own.
import { beforeAll, describe, expect, it } from "vitest";
import { args, cookieFor, makeCoach, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { addClient, addSession, fillSeller, freeLine } from "~/billing/billing.test-helpers";
import { createCreditNote, createDraftInvoice, findInvoice, issueInvoice } from "~/billing/invoices.server";
import { paymentsOf, recordPayment } from "~/billing/ledger.server";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import * as exportCsv from "~/routes/dashboard.invoices.export[.]csv";
import * as list from "~/routes/dashboard.invoices._index";
import * as page from "~/routes/dashboard.invoices.$invoiceId";
import * as create from "~/routes/dashboard.invoices.new";
import * as clientPage from "~/routes/dashboard.clients.$clientId";
import * as earningsPage from "~/routes/dashboard.earnings";
import * as sessionPage from "~/routes/dashboard.sessions.$sessionId";

let a: SignedInCoach;
let b: SignedInCoach;
let aClient: number;
let aSession: number;
let bClient: number;
let bInvoice: number;
let bCredit: number;
let bDraft: number;
let bPayment: number;

const inA = <T,>(fn: (db: TenantDb) => T) => withTenantDb(a.tenant.id, fn);
const inB = <T,>(fn: (db: TenantDb) => T) => withTenantDb(b.tenant.id, fn);
const json = async (res: Response) => JSON.parse(await res.text());
const DAY = 86_400_000;

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  ({ aClient, aSession } = await inA((db) => {
    fillSeller(db);
    const c = addClient(db, "Marie", "Martin");
    return { aClient: c, aSession: addSession(db, c, Date.now() - 3 * DAY, "completed", 9000, "Confiance") };
  }));
  // B's ids lie beyond A's so that "B's id" is not also one of A's rows.
  ({ bClient, bInvoice, bCredit, bDraft, bPayment } = await inB((db) => {
    fillSeller(db, { legalName: "Secret B EI" });
    for (let i = 0; i < 9; i++) addClient(db, `Bruno${i}`, "Secret");
    const c = addClient(db, "Béatrice", "Secret");
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push(createDraftInvoice(db, { clientId: c, lines: [freeLine(`Secret ${i}`, 5000)] }));
    for (const id of ids.slice(0, 20)) issueInvoice(db, id, { tenantId: b.tenant.id, coachEmail: null });
    let payment = 0;
    for (const id of ids.slice(0, 19)) payment = recordPayment(db, { invoiceId: id, amountCents: 1000, method: "cash", paidAt: new Date() }).paymentId!;
    const credit = createCreditNote(db, { invoiceId: ids[19], reason: "Secret", coachEmail: null }).id;
    return { bClient: c, bInvoice: ids[18], bCredit: credit, bDraft: ids[29], bPayment: payment };
  }));
});

const path = (id: number | string) => `/dashboard/invoices/${id}`;
const get = (coach: SignedInCoach, id: number | string) => settle(page.loader(args(request(path(id), { cookie: coach.cookie }), { invoiceId: String(id) })));
const post = (coach: SignedInCoach, id: number | string, form: Record<string, string>) =>
  settle(page.action(args(request(path(id), { cookie: coach.cookie, form }), { invoiceId: String(id) })));
const postNew = (coach: SignedInCoach, body: [string, string][]) => {
  const req = new Request("http://localhost/dashboard/invoices/new", { method: "POST", headers: { Cookie: coach.cookie, Origin: "http://localhost" }, body: new URLSearchParams(body) });
  return settle(create.action(args(req)));
};
const idFrom = (res: Response) => Number(/\/dashboard\/invoices\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
const line = (description: string, quantity: string, price: string): [string, string][] => [
  ["lineDescription", description],
  ["lineQuantity", quantity],
  ["linePrice", price],
];

describe("/dashboard/invoices/new", () => {
  it("offers the client's uninvoiced completed sessions, checked, and ignores another tenant's client id", async () => {
    const load = (clientId: number) => settle(create.loader(args(request(`/dashboard/invoices/new?clientId=${clientId}`, { cookie: a.cookie }))));
    const mine = await json(await load(aClient));
    expect(mine.sessions.map((s: { id: number }) => s.id)).toEqual([aSession]);
    expect(mine.sessions[0].label).toMatch(/^Séance du .+ – Confiance$/);
    expect(mine.values.sessionIds).toEqual([String(aSession)]);
    const foreign = await json(await load(bClient));
    expect(foreign.values.clientId).toBe("");
    expect(foreign.sessions).toEqual([]);
    expect(JSON.stringify(foreign)).not.toContain("Secret");
  });

  it("keeps everything typed and adds a row with the 'Ajouter une ligne' intent", async () => {
    const res = await postNew(a, [["clientId", String(aClient)], ["intent", "add-line"], ...line("Atelier", "1,5", "40"), ...line("", "1", "")]);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.rows).toBe(3);
    expect(body.values.lines[0]).toMatchObject({ description: "Atelier", quantity: "1,5", price: "40" });
  });

  it("answers 400 with errors per line, keeping the values", async () => {
    const res = await postNew(a, [["clientId", String(aClient)], ["intent", "save"], ["dueDate", "2026-02-30"], ...line("Atelier", "abc", "40"), ...line("", "1", "12,5")]);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.errors.lines["0"].quantity).toContain("quantité");
    expect(body.errors.lines["1"].description).toContain("Décrivez");
    expect(body.errors.fields.dueDate).toContain("date valide");
    expect(body.values.lines[0].description).toBe("Atelier");
  });

  it("caps the unit price at 1 000 000 € and the quantity at 10 000, with French field errors", async () => {
    const res = await postNew(a, [["clientId", String(aClient)], ["intent", "save"], ...line("Cher", "1", "1000000,01"), ...line("Nombreux", "10000,01", "1"), ...line("Max", "10000", "1000000")]);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.errors.lines["0"]).toEqual({ price: "Le prix unitaire est limité à 1 000 000 €." });
    expect(body.errors.lines["1"]).toEqual({ quantity: "La quantité est limitée à 10 000." });
    expect(body.errors.lines["2"]).toBeUndefined();
    expect(body.values.lines[0].price).toBe("1000000,01");
  });

  it("refuses another tenant's client and sessions", async () => {
    const res = await postNew(a, [["clientId", String(bClient)], ["intent", "save"], ...line("Atelier", "1", "40")]);
    expect(res.status).toBe(400);
    expect((await json(res)).errors.fields.clientId).toBeTruthy();
    const stolen = await postNew(a, [["clientId", String(aClient)], ["intent", "save"], ["sessionId", "999999"]]);
    expect(stolen.status).toBe(400);
  });

  it("answers a forged flood of 40,000 session ids with a 400, not a 500", async () => {
    const flood = Array.from({ length: 40_000 }, (_, i): [string, string] => ["sessionId", String(i + 1)]);
    const res = await postNew(a, [["clientId", String(aClient)], ["intent", "save"], ...flood]);
    expect(res.status).toBe(400);
  });

  it("saves a draft from a session and a free line with a decimal comma", async () => {
    const res = await postNew(a, [["clientId", String(aClient)], ["intent", "save"], ["sessionId", String(aSession)], ...line("Support écrit", "1,5", "20"), ...line("", "1", "")]);
    expect(res.status).toBe(302);
    const id = idFrom(res);
    const inv = await inA((db) => findInvoice(db, id)!);
    expect(inv).toMatchObject({ state: "draft", number: null, totalTtcCents: 9000 + 3000 });
  });
});

describe("/dashboard/invoices/:invoiceId", () => {
  it("issues, takes a partial then a full payment (Acquittée), and credits by a credit note", async () => {
    const draft = await inA((db) => createDraftInvoice(db, { clientId: aClient, lines: [freeLine("Bilan", 10000)] }));
    const issued = await post(a, draft, { intent: "issue" });
    expect(issued.status).toBe(302);
    const inv = await inA((db) => findInvoice(db, draft)!);
    expect(inv.number).toMatch(/^\d{4}-\d{4}$/);
    // A second click without JavaScript: the same redirect, not an error, and the same number.
    const again = await post(a, draft, { intent: "issue" });
    expect(again.status).toBe(302);
    expect((await inA((db) => findInvoice(db, draft)!)).number).toBe(inv.number);
    const bad = await post(a, draft, { intent: "pay", amount: "abc", paidOn: "2026-01-01", method: "transfer" });
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors.amount).toBeTruthy();
    const today = new Date().toISOString().slice(0, 10);
    const over = await post(a, draft, { intent: "pay", amount: "100,01", paidOn: today, method: "transfer" });
    expect(over.status).toBe(400);
    expect((await json(over)).errors.form).toContain("reste dû");
    expect((await post(a, draft, { intent: "pay", amount: "40", paidOn: today, method: "transfer", reference: "VIR 1" })).status).toBe(302);
    let view = await json(await get(a, draft));
    expect(view.status).toBe("partially_paid");
    expect(view.amountDueCents).toBe(6000);
    expect(view.payUrl).toMatch(/\/pay\/[A-Za-z0-9_-]{43}$/);
    expect((await post(a, draft, { intent: "pay", amount: "60", paidOn: today, method: "cheque" })).status).toBe(302);
    view = await json(await get(a, draft));
    expect(view.status).toBe("paid");
    const noReason = await post(a, draft, { intent: "credit", mode: "partial", amount: "", reason: "" });
    expect(noReason.status).toBe(400);
    expect(Object.keys((await json(noReason)).errors).sort()).toEqual(["amount", "reason"]);
    const credited = await post(a, draft, { intent: "credit", mode: "full", reason: "Séance annulée" });
    expect(credited.status).toBe(302);
    const creditId = idFrom(credited);
    const note = await json(await get(a, creditId));
    expect(note.invoice.kind).toBe("credit_note");
    expect(note.invoice.number).toMatch(/^A-\d{4}-\d{4}$/);
    expect(note.corrects).toEqual({ id: draft, number: inv.number });
    const after = await json(await get(a, draft));
    expect(after.status).toBe("cancelled");
    expect(after.creditNotes.map((n: { id: number }) => n.id)).toEqual([creditId]);
  });

  it("refuses to issue without billing settings, pointing to them", async () => {
    const { tenantId, id } = await (async () => {
      const draft = await inA((db) => {
        const c = addClient(db, "Paul", "Sansadresse", { company: "Cabinet" });
        db.$client.prepare("UPDATE clients SET address = NULL WHERE id = ?").run(c);
        return createDraftInvoice(db, { clientId: c, lines: [freeLine("x", 100)] });
      });
      return { tenantId: a.tenant.id, id: draft };
    })();
    const res = await post(a, id, { intent: "issue" });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.errors.form).toContain("adresse du client");
    expect(body.incomplete).toBe(true);
    expect(await inA((db) => findInvoice(db, id)?.state)).toBe("draft");
    expect(tenantId).toBe(a.tenant.id);
  });

  it("edits a draft (400 with the values kept) and deletes it", async () => {
    const draft = await inA((db) => createDraftInvoice(db, { clientId: aClient, lines: [freeLine("Avant", 1000)] }));
    const bad = await post(a, draft, { intent: "save", clientId: String(aClient), lineDescription: "Après", lineQuantity: "0", linePrice: "10" });
    expect(bad.status).toBe(400);
    expect((await json(bad)).editor.values.lines[0].description).toBe("Après");
    expect((await post(a, draft, { intent: "save", clientId: String(aClient), lineDescription: "Après", lineQuantity: "2", linePrice: "10" })).status).toBe(302);
    expect(await inA((db) => findInvoice(db, draft)?.totalTtcCents)).toBe(2000);
    expect((await post(a, draft, { intent: "delete" })).status).toBe(400);
    expect(await inA((db) => findInvoice(db, draft)?.state)).toBe("draft");
    expect((await post(a, draft, { intent: "delete", confirm: "yes" })).status).toBe(302);
    expect(await inA((db) => findInvoice(db, draft))).toBeUndefined();
  });

  const issuedA = async (cents = 10000) =>
    inA((db) => {
      const id = createDraftInvoice(db, { clientId: aClient, lines: [freeLine("Bilan", cents)] });
      issueInvoice(db, id, { tenantId: a.tenant.id, coachEmail: null });
      return id;
    });
  const flashOf = async (res: Response, id: number) => {
    const cookie = res.headers.get("Set-Cookie")!.split(";")[0];
    return (await json(await settle(page.loader(args(request(path(id), { cookie }), { invoiceId: String(id) }))))).flash;
  };
  const today = () => new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Paris" });

  it("refuses a day that does not exist (2026-02-30) for a payment and a refund, keeping the values", async () => {
    const id = await issuedA();
    const bad = await post(a, id, { intent: "pay", amount: "10", paidOn: "2026-02-30", method: "cash" });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ intent: "pay", errors: { paidOn: expect.stringContaining("date valide") }, values: { paidOn: "2026-02-30" } });
    expect((await post(a, id, { intent: "pay", amount: "10", paidOn: "2026-02-28", method: "cash" })).status).toBe(302);
    const badRefund = await post(a, id, { intent: "refund", amount: "5", refundedOn: "2025-02-29", method: "cash" });
    expect(badRefund.status).toBe(400);
    expect((await json(badRefund)).errors.refundedOn).toContain("date valide");
    expect(await inA((db) => paymentsOf(db, id).map((p) => p.amountCents))).toEqual([1000]);
  });

  it("records a manual refund of a paid, credited invoice (default: what was credited), with field errors", async () => {
    const id = await issuedA();
    expect((await post(a, id, { intent: "pay", amount: "100", paidOn: today(), method: "transfer" })).status).toBe(302);
    let view = await json(await get(a, id));
    expect(view.refundDefaultCents).toBe(10000);
    expect((await post(a, id, { intent: "credit", mode: "partial", amount: "30", reason: "Séance non faite" })).status).toBe(302);
    view = await json(await get(a, id));
    expect(view.refundDefaultCents).toBe(3000);
    const errors = await post(a, id, { intent: "refund", amount: "100,01", refundedOn: "2099-01-01", method: "nope", reference: "VIR R" });
    expect(errors.status).toBe(400);
    const body = await json(errors);
    expect(Object.keys(body.errors).sort()).toEqual(["method"]);
    expect(body.values).toMatchObject({ amount: "100,01", reference: "VIR R" });
    const future = await post(a, id, { intent: "refund", amount: "30", refundedOn: "2099-01-01", method: "transfer" });
    expect((await json(future)).errors.refundedOn).toContain("futur");
    const tooMuch = await post(a, id, { intent: "refund", amount: "100,01", refundedOn: today(), method: "transfer" });
    expect(tooMuch.status).toBe(400);
    expect((await json(tooMuch)).errors.amount).toContain("payé");
    const done = await post(a, id, { intent: "refund", amount: "30", refundedOn: today(), method: "transfer", reference: "VIR R" });
    expect(done.status).toBe(302);
    expect(await flashOf(done, id)).toMatch(/^Remboursement de 30,00\s€ enregistré\.$/);
    view = await json(await get(a, id));
    expect(view.payments.map((p: { amountCents: number; method: string; reference: string }) => [p.amountCents, p.method, p.reference])).toEqual([
      [10000, "transfer", null],
      [-3000, "transfer", "VIR R"],
    ]);
    expect(view.invoice.paidCents).toBe(7000);
    expect(view.status).toBe("paid");
    expect(view.events.find((e: { type: string }) => e.type === "refund").detail).toMatch(/^30,00\s€$/);
  });

  it("writes once when the same credit, payment or refund form is posted twice (same submission token)", async () => {
    const id = await issuedA();
    const submission = (await json(await get(a, id))).submission as string;
    expect(submission).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await json(await get(a, id))).submission).not.toBe(submission);
    const payForm = { intent: "pay", amount: "40", paidOn: today(), method: "cash", submission };
    expect((await post(a, id, payForm)).status).toBe(302);
    const payAgain = await post(a, id, payForm);
    expect(payAgain.status).toBe(302);
    expect(await flashOf(payAgain, id)).toBe("Déjà enregistré.");
    expect(await inA((db) => paymentsOf(db, id).map((p) => p.amountCents))).toEqual([4000]);

    const creditForm = { intent: "credit", mode: "partial", amount: "10", reason: "Geste", submission: (await json(await get(a, id))).submission };
    const first = await post(a, id, creditForm);
    const second = await post(a, id, creditForm);
    expect(second.status).toBe(302);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await flashOf(second, idFrom(second))).toBe("Déjà enregistré.");
    expect((await json(await get(a, id))).creditNotes).toHaveLength(1);

    const refundForm = { intent: "refund", amount: "40", refundedOn: today(), method: "cash", submission: (await json(await get(a, id))).submission };
    expect((await post(a, id, refundForm)).status).toBe(302);
    const refundAgain = await post(a, id, refundForm);
    expect(await flashOf(refundAgain, id)).toBe("Déjà enregistré.");
    expect(await inA((db) => paymentsOf(db, id).map((p) => p.amountCents))).toEqual([4000, -4000]);
    // The token never shows in the history.
    expect(JSON.stringify((await json(await get(a, id))).events)).not.toContain("envoi");
  });

  it("answers 404 for another tenant's invoice, credit note, draft and payment ids, on the page and every action", async () => {
    for (const id of [bInvoice, bCredit, bDraft, bPayment, 999999, "abc"]) {
      expect((await get(a, id)).status, `GET ${id}`).toBe(404);
      for (const intent of ["save", "add-line", "issue", "delete", "pay", "refund", "credit", "send"]) {
        const res = await post(a, id, { intent, amount: "10", paidOn: "2026-01-01", refundedOn: "2026-01-01", method: "cash", mode: "full", reason: "x", clientId: String(aClient), confirm: "yes" });
        expect(res.status, `${intent} ${id}`).toBe(404);
      }
    }
    // Nothing of B's changed.
    const bState = await inB((db) => ({ draft: findInvoice(db, bDraft), invoice: findInvoice(db, bInvoice), payments: paymentsOf(db, bInvoice).length }));
    expect(bState.draft?.state).toBe("draft");
    expect(bState.invoice?.paidCents).toBe(1000);
    expect(bState.payments).toBe(1);
  });
});

describe("/dashboard/invoices", () => {
  it("lists only the coach's documents, filters by status and period", async () => {
    const all = await json(await settle(list.loader(args(request("/dashboard/invoices", { cookie: a.cookie })))));
    expect(all.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(all)).not.toContain("Secret");
    const drafts = await json(await settle(list.loader(args(request("/dashboard/invoices?status=draft", { cookie: a.cookie })))));
    expect(drafts.rows.every((r: { status: string; number: string | null }) => r.status === "draft" && r.number === null)).toBe(true);
    const none = await json(await settle(list.loader(args(request("/dashboard/invoices?from=2001-01-01&to=2001-12-31", { cookie: a.cookie })))));
    expect(none.rows).toEqual([]);
    expect(none.filtered).toBe(true);
    // A day that does not exist is no filter (not rolled over to 2 March).
    const rolled = await json(await settle(list.loader(args(request("/dashboard/invoices?from=2099-02-30", { cookie: a.cookie })))));
    expect(rolled.rows.length).toBe(all.rows.length);
  });

  it("lists a partly paid invoice past its due date under \"En retard\"", async () => {
    const id = await inA((db) => {
      const id = createDraftInvoice(db, { clientId: aClient, lines: [freeLine("Retard", 10000)], dueDate: "2025-01-15" });
      issueInvoice(db, id, { tenantId: a.tenant.id, coachEmail: null, now: new Date("2025-01-10T10:00:00Z") });
      recordPayment(db, { invoiceId: id, amountCents: 3000, method: "cash", paidAt: new Date("2025-01-12T10:00:00Z") });
      return id;
    });
    const overdue = await json(await settle(list.loader(args(request("/dashboard/invoices?status=overdue", { cookie: a.cookie })))));
    expect(overdue.rows.map((r: { id: number }) => r.id)).toContain(id);
    expect((await json(await get(a, id))).status).toBe("overdue");
  });

  it("paginates 50 a page", async () => {
    const res = await json(await settle(list.loader(args(request("/dashboard/invoices?page=1", { cookie: b.cookie })))));
    expect(res.total).toBe(31);
    expect(bPayment).toBeGreaterThan(15);
    expect(res.pages).toBe(1);
    await inB((db) => {
      for (let i = 0; i < 25; i++) createDraftInvoice(db, { clientId: bClient, lines: [freeLine(`Encore ${i}`, 100)] });
    });
    const p2 = await json(await settle(list.loader(args(request("/dashboard/invoices?page=2", { cookie: b.cookie })))));
    expect([p2.total, p2.pages, p2.rows.length]).toEqual([56, 2, 6]);
  });
});

describe("/dashboard/invoices/export.csv", () => {
  it("exports the coach's issued invoices and credit notes of the period, Excel-friendly, credit notes negative", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await settle(exportCsv.loader(args(request(`/dashboard/invoices/export.csv?from=2000-01-01&to=${today.slice(0, 4)}-12-31`, { cookie: a.cookie }))));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const rows = text.trim().split("\r\n").map((r) => r.split(";"));
    expect(rows[0][0]).toBe("numéro");
    expect(rows[0]).toContain("TVA 5,5 %");
    expect(text).not.toContain("Secret");
    const credit = rows.find((r) => r[1] === "Avoir")!;
    expect(credit[13]).toBe("-100");
    const paid = rows.find((r) => r[1] === "Facture" && r[14] === "Annulée par avoir")!;
    expect(paid[13]).toBe("100");
    expect(paid[15]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
  });

  it("neutralises formulas in text cells", async () => {
    await inA((db) => {
      const c = addClient(db, "=HYPERLINK(1)", "x");
      issueInvoice(db, createDraftInvoice(db, { clientId: c, lines: [freeLine("x", 1234)] }), { tenantId: a.tenant.id, coachEmail: null });
    });
    const today = new Date().toISOString().slice(0, 10);
    const res = await settle(exportCsv.loader(args(request(`/dashboard/invoices/export.csv?from=${today.slice(0, 4)}-01-01&to=${today.slice(0, 4)}-12-31`, { cookie: a.cookie }))));
    const text = await res.text();
    expect(text).toContain("'=HYPERLINK(1) x");
    expect(text).toContain(";12,34;");
  });

  it("answers 400 for a reversed period", async () => {
    const res = await settle(exportCsv.loader(args(request("/dashboard/invoices/export.csv?from=2026-12-01&to=2026-11-01", { cookie: a.cookie }))));
    expect(res.status).toBe(400);
  });
});

describe("billing on other pages", () => {
  it("shows the client's invoices, the session's invoice number, and the payments received on the earnings page", async () => {
    const { invoiceId, number, sessionId } = await inA((db) => {
      const s = addSession(db, aClient, Date.now() - 2 * DAY, "completed", 7000, "Suivi");
      const id = createDraftInvoice(db, { clientId: aClient, lines: [{ ...freeLine("Séance", 7000), sessionId: s }] });
      const { number } = issueInvoice(db, id, { tenantId: a.tenant.id, coachEmail: null });
      recordPayment(db, { invoiceId: id, amountCents: 7000, method: "transfer", paidAt: new Date() });
      return { invoiceId: id, number, sessionId: s };
    });
    const client = await json(await settle(clientPage.loader(args(request(`/dashboard/clients/${aClient}`, { cookie: a.cookie }), { clientId: String(aClient) }))));
    expect(client.invoices.map((i: { id: number }) => i.id)).toContain(invoiceId);
    expect(client.invoices.find((i: { id: number }) => i.id === invoiceId).status).toBe("paid");
    const session = await json(await settle(sessionPage.loader(args(request(`/dashboard/sessions/${sessionId}`, { cookie: a.cookie }), { sessionId: String(sessionId) }))));
    expect(session.billedBy).toEqual({ id: invoiceId, number, state: "issued" });
    expect(session.session.paidAt).not.toBeNull();
    const earnings = await json(await settle(earningsPage.loader(args(request("/dashboard/earnings", { cookie: a.cookie })))));
    const row = earnings.received.rows.find((r: { invoiceId: number }) => r.invoiceId === invoiceId);
    expect(row).toMatchObject({ number, amountCents: 7000, method: "transfer", clientName: "Marie Martin" });
    expect(JSON.stringify(earnings.received)).not.toContain("Secret");
    expect(earnings.received.truncated).toBe(false);
  });

  it("totals every payment of the period on the earnings page, not only the 200 rows shown", async () => {
    const made = await makeCoach("Carla Compta", "carla@example.fr");
    const coach = { ...made, cookie: await cookieFor(made.user) };
    const expected = await withTenantDb(coach.tenant.id, (db) => {
      fillSeller(db);
      const c = addClient(db, "Paul", "Payeur");
      let total = 0;
      for (let i = 0; i < 205; i++) {
        const id = createDraftInvoice(db, { clientId: c, lines: [freeLine(`S${i}`, 1000 + i)] });
        issueInvoice(db, id, { tenantId: coach.tenant.id, coachEmail: null });
        recordPayment(db, { invoiceId: id, amountCents: 1000 + i, method: "cash", paidAt: new Date() });
        total += 1000 + i;
      }
      return total;
    });
    const earnings = await json(await settle(earningsPage.loader(args(request("/dashboard/earnings", { cookie: coach.cookie })))));
    expect(earnings.received.rows).toHaveLength(200);
    expect(earnings.received.truncated).toBe(true);
    expect(earnings.received.totalCents).toBe(expected);
  });
});

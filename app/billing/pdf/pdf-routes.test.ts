// The PDF routes: the signed-in coach gets their own documents (stored bytes, file name, ETag,
// inline), another tenant's invoice, credit note or quote id is the same 404 as a missing one.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { args, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../../../tests/helpers";
import { billingProfile, businessClient, creditNote, issuedInvoice, personClient, sentQuote } from "../../../tests/pdf-fixtures";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import * as invoiceRoute from "~/routes/dashboard.invoices.$invoiceId_.pdf";
import * as quoteRoute from "~/routes/dashboard.quotes.$quoteId_.pdf";
import { createDraftInvoice } from "../invoices.server";

let a: SignedInCoach;
let b: SignedInCoach;
const inA = <T,>(fn: (db: TenantDb) => T) => withTenantDb(a.tenant.id, fn);
const inB = <T,>(fn: (db: TenantDb) => T) => withTenantDb(b.tenant.id, fn);

let aInvoice: { id: number; number: string };
let aCredit: { id: number; number: string };
let aDraft: number;
let aQuote: number;
let bInvoice: { id: number; number: string };
let bCredit: { id: number; number: string };
let bQuote: number;

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  await inA((db) => {
    billingProfile(db, "standard");
    const c = businessClient(db);
    aInvoice = issuedInvoice(db, a.tenant.id, c);
    aCredit = creditNote(db, aInvoice.id);
    aDraft = createDraftInvoice(db, { clientId: personClient(db), lines: [{ description: "Séance", quantity: 100, unitPriceCents: 9000, vatRateBps: 2000 }] });
    aQuote = sentQuote(db, c, { number: "D-2026-0001" });
  });
  // B's ids go beyond A's, so that "B's id" is not also one of A's rows.
  await inB((db) => {
    billingProfile(db, "franchise");
    const c = personClient(db);
    for (let i = 0; i < 5; i++) issuedInvoice(db, b.tenant.id, c);
    bInvoice = issuedInvoice(db, b.tenant.id, c);
    bCredit = creditNote(db, bInvoice.id);
    for (let i = 0; i < 5; i++) sentQuote(db, c, { number: `D-2026-000${i + 1}` });
    bQuote = sentQuote(db, c, { number: "D-2026-0009" });
  });
});

const getInvoice = (coach: SignedInCoach | null, id: number | string, headers: Record<string, string> = {}) =>
  settle(invoiceRoute.loader(args(request(`/dashboard/invoices/${id}/pdf`, { cookie: coach?.cookie, headers }), { invoiceId: String(id) })));
const getQuote = (coach: SignedInCoach | null, id: number | string) => settle(quoteRoute.loader(args(request(`/dashboard/quotes/${id}/pdf`, { cookie: coach?.cookie }), { quoteId: String(id) })));
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe("GET /dashboard/invoices/:invoiceId/pdf", () => {
  it("serves the stored PDF of an issued invoice, inline, named after its number, with its SHA-256 as ETag", async () => {
    const res = await getInvoice(a, aInvoice.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe(`inline; filename="Facture-${aInvoice.number}.pdf"`);
    const body = await bytes(res);
    expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const stored = await inA((db) => db.$client.prepare("SELECT sha256 FROM invoice_pdfs WHERE invoice_id = ?").get(aInvoice.id) as { sha256: string });
    expect(createHash("sha256").update(body).digest("hex")).toBe(stored.sha256);
    expect(res.headers.get("ETag")).toBe(`"${stored.sha256}"`);
    expect(res.headers.get("Cache-Control")).toBe("private, no-cache");
    const again = await getInvoice(a, aInvoice.id, { "If-None-Match": `"${stored.sha256}"` });
    expect(again.status).toBe(304);
    const full = await getInvoice(a, aInvoice.id);
    expect(Buffer.compare(await bytes(full), body)).toBe(0);
  });

  it("a credit note is named Avoir-A-…", async () => {
    const res = await getInvoice(a, aCredit.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBe(`inline; filename="Avoir-${aCredit.number}.pdf"`);
  });

  it("a draft is a preview, not stored, not cached", async () => {
    const res = await getInvoice(a, aDraft);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBe(`inline; filename="Facture-brouillon-${aDraft}.pdf"`);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await inA((db) => db.$client.prepare("SELECT count(*) n FROM invoice_pdfs WHERE invoice_id = ?").get(aDraft))).toEqual({ n: 0 });
  });

  it("another tenant's invoice and credit note ids are 404, like missing and malformed ids, and nothing is stored in either file", async () => {
    for (const id of [bInvoice.id, bCredit.id, 999_999, "abc", "0", "1.5"]) {
      const res = await getInvoice(a, id);
      expect(res.status, String(id)).toBe(404);
      expect(await res.text()).toBe("Cette facture n'existe pas (ou plus).");
    }
    expect(await inB((db) => db.$client.prepare("SELECT count(*) n FROM invoice_pdfs").get())).toEqual({ n: 0 });
    // B gets its own document under the same id.
    const own = await getInvoice(b, bInvoice.id);
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Disposition")).toBe(`inline; filename="Facture-${bInvoice.number}.pdf"`);
  });

  it("signed out: sent to sign in", async () => {
    const res = await getInvoice(null, aInvoice.id);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("GET /dashboard/quotes/:quoteId/pdf", () => {
  it("serves the quote's PDF inline, named after its number", async () => {
    const res = await getQuote(a, aQuote);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe('inline; filename="Devis-D-2026-0001.pdf"');
    expect((await bytes(res)).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("another tenant's quote id is a 404 like a missing one", async () => {
    for (const id of [bQuote, 999_999, "x"]) {
      const res = await getQuote(a, id);
      expect(res.status, String(id)).toBe(404);
      expect(await res.text()).toBe("Ce devis n'existe pas (ou plus).");
    }
    expect((await getQuote(b, bQuote)).status).toBe(200);
  });
});

// PDF documents of billing (issue 9): every caller (pages, emails, reminders) goes through
// invoicePdf, quotePdf and reminderPdf. Issued documents read their FROZEN snapshots (seller and
// buyer as at issue); drafts read the live settings and client and carry a "BROUILLON" mark.
import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { clients, invoicePdfs, leads, quoteLines, quotes, type BuyerSnapshot } from "../../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError } from "../billing-error";
import { readBillingProfile } from "../billing-profile.server";
import { paymentSchedule } from "../deposit";
import { FACTURX_FILENAME, facturxXml } from "../facturx/cii";
import { creditedCents, findInvoice, INVOICE_NOT_FOUND, invoiceLinesOf, type Invoice } from "../invoices.server";
import { PAYMENT_METHOD_LABELS, paymentsOf } from "../ledger.server";
import { computeTotals } from "../money";
import { buyerSnapshot, sellerSnapshot } from "../snapshots.server";
import type { DocLine, InvoiceDoc, QuoteDoc, ReminderDoc } from "./document-model";
import { renderInvoicePdf, renderQuotePdf, renderReminderPdf } from "./render.server";

export type StoredPdf = { pdf: Buffer; sha256: string; facturx: boolean; filename: string };
export type PdfOptions = {
  /** The signed-in coach's email: the seller's email on a DRAFT preview (issued documents have it frozen). */
  coachEmail?: string | null;
};

export const QUOTE_NOT_FOUND = "Ce devis n'existe pas (ou plus).";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** `Facture-2026-0001.pdf`, `Avoir-A-2026-0001.pdf`, `Facture-brouillon-12.pdf`. */
export function invoiceFilename(invoice: Pick<Invoice, "id" | "kind" | "number">) {
  const prefix = invoice.kind === "credit_note" ? "Avoir" : "Facture";
  return invoice.number ? `${prefix}-${invoice.number}.pdf` : `${prefix}-brouillon-${invoice.id}.pdf`;
}

function logoOf(db: TenantDb) {
  const p = readBillingProfile(db);
  return p.logo && p.logoMime ? { data: p.logo, mime: p.logoMime } : null;
}

const EMPTY_BUYER: BuyerSnapshot = { kind: "person", name: "(client à choisir)", contact: null, email: null, address: null, postalCode: null, city: null, country: "FR", siren: null, vatNumber: null };

function liveBuyer(db: TenantDb, clientId: number | null): BuyerSnapshot {
  const client = clientId === null ? undefined : db.select().from(clients).where(eq(clients.id, clientId)).get();
  return client ? buyerSnapshot(client) : EMPTY_BUYER;
}

/** The plain data of an invoice or credit note, as its PDF and its Factur-X XML show it. */
export function invoiceDocument(db: TenantDb, invoice: Invoice, opts: PdfOptions = {}): InvoiceDoc {
  const draft = invoice.state === "draft";
  const lines: DocLine[] = invoiceLinesOf(db, invoice.id).map((l) => ({
    description: l.description,
    quantity: l.quantity,
    unitPriceCents: l.unitPriceCents,
    vatRateBps: l.vatRateBps,
    totalHtCents: l.totalHtCents,
  }));
  const regime = draft ? readBillingProfile(db).vatRegime : invoice.vatRegime;
  const totals = computeTotals(lines, regime);
  const credited = invoice.creditedInvoiceId ? findInvoice(db, invoice.creditedInvoiceId) : undefined;
  const quoteNumber = invoice.quoteId ? (db.select({ number: quotes.number }).from(quotes).where(eq(quotes.id, invoice.quoteId)).get()?.number ?? null) : null;
  return {
    kind: invoice.kind,
    number: invoice.number,
    issueDate: invoice.issueDate,
    serviceDate: invoice.serviceDate,
    serviceEndDate: invoice.serviceEndDate,
    dueDate: invoice.dueDate,
    vatRegime: regime,
    seller: !draft && invoice.seller ? invoice.seller : sellerSnapshot(db, opts.coachEmail ?? null),
    buyer: !draft && invoice.buyer ? invoice.buyer : liveBuyer(db, invoice.clientId),
    lines,
    totals: { vat: totals.vat, totalHtCents: totals.totalHtCents, totalVatCents: totals.totalVatCents, totalTtcCents: totals.totalTtcCents },
    credited: credited?.number ? { number: credited.number, issueDate: credited.issueDate } : null,
    title: invoice.title,
    notes: invoice.notes,
    issuedAt: invoice.issuedAt,
    draft,
    schedulePart: invoice.schedulePart,
    quoteNumber,
  };
}

/** Factur-X goes with every issued invoice or credit note whose buyer is a business. */
export function wantsFacturx(doc: Pick<InvoiceDoc, "draft" | "buyer">) {
  return !doc.draft && doc.buyer.kind === "business";
}

/** The Factur-X XML of an issued B2B document (what the PDF embeds; for a platform connector). */
export function invoiceFacturxXml(db: TenantDb, invoiceId: number): string | null {
  const invoice = findInvoice(db, invoiceId);
  if (!invoice) throw new BillingError(INVOICE_NOT_FOUND, "not_found");
  const doc = invoiceDocument(db, invoice);
  return wantsFacturx(doc) ? facturxXml(doc) : null;
}

/** Renders without storing: the stored copy is the one that counts (invoicePdf). */
export async function renderInvoice(db: TenantDb, invoice: Invoice, opts: PdfOptions = {}) {
  const doc = invoiceDocument(db, invoice, opts);
  const facturx = wantsFacturx(doc);
  const pdf = await renderInvoicePdf(doc, {
    logo: logoOf(db),
    // Issued: the instant of issue, so a regeneration is byte-identical; draft: its last edit.
    creationDate: invoice.issuedAt ?? invoice.updatedAt,
    facturx: facturx ? { xml: facturxXml(doc) } : null,
  });
  return { pdf, facturx };
}

function readStored(db: TenantDb, invoiceId: number) {
  return db.select().from(invoicePdfs).where(eq(invoicePdfs.invoiceId, invoiceId)).get();
}

/**
 * The PDF of an issued invoice or credit note: generated once (Factur-X for a B2B buyer), stored
 * in invoice_pdfs with its SHA-256, then served identically. Two first downloads at once may
 * both render, but INSERT … ON CONFLICT DO NOTHING keeps the first and both return that one.
 * Drafts get a preview marked "BROUILLON" that is never stored.
 */
export async function invoicePdf(db: TenantDb, invoiceId: number, opts: PdfOptions = {}): Promise<StoredPdf> {
  const invoice = findInvoice(db, invoiceId);
  if (!invoice) throw new BillingError(INVOICE_NOT_FOUND, "not_found");
  const filename = invoiceFilename(invoice);
  if (invoice.state === "draft") {
    const { pdf } = await renderInvoice(db, invoice, opts);
    return { pdf, sha256: sha256(pdf), facturx: false, filename };
  }
  const stored = readStored(db, invoiceId);
  if (stored) return { pdf: stored.pdf, sha256: stored.sha256, facturx: stored.facturx, filename };
  const { pdf, facturx } = await renderInvoice(db, invoice);
  db.insert(invoicePdfs)
    .values({ invoiceId, pdf, sha256: sha256(pdf), facturx, createdAt: new Date() })
    .onConflictDoNothing({ target: invoicePdfs.invoiceId })
    .run();
  const row = readStored(db, invoiceId)!;
  return { pdf: row.pdf, sha256: row.sha256, facturx: row.facturx, filename };
}

export function quoteFilename(quote: { id: number; number: string | null }) {
  return quote.number ? `Devis-${quote.number}.pdf` : `Devis-brouillon-${quote.id}.pdf`;
}

function leadBuyer(db: TenantDb, leadId: number | null): BuyerSnapshot | null {
  if (leadId === null) return null;
  const lead = db.select().from(leads).where(eq(leads.id, leadId)).get();
  if (!lead) return null;
  const person = [lead.firstName, lead.lastName].filter(Boolean).join(" ") || lead.username || "Prospect";
  return { ...EMPTY_BUYER, name: person, email: lead.email, city: lead.city };
}

/** The PDF of a quote: its frozen content once sent; a draft is a "BROUILLON" preview. */
export async function quotePdf(db: TenantDb, quoteId: number, opts: PdfOptions = {}): Promise<{ pdf: Buffer; filename: string }> {
  const quote = db.select().from(quotes).where(eq(quotes.id, quoteId)).get();
  if (!quote) throw new BillingError(QUOTE_NOT_FOUND, "not_found");
  const draft = quote.status === "draft";
  const lines: DocLine[] = db
    .select()
    .from(quoteLines)
    .where(eq(quoteLines.quoteId, quoteId))
    .orderBy(asc(quoteLines.position))
    .all()
    .map((l) => ({ description: l.description, quantity: l.quantity, unitPriceCents: l.unitPriceCents, vatRateBps: l.vatRateBps, totalHtCents: l.totalHtCents }));
  const regime = draft ? readBillingProfile(db).vatRegime : quote.vatRegime;
  const totals = computeTotals(lines, regime);
  const buyer = !draft && quote.buyer ? quote.buyer : quote.clientId !== null ? liveBuyer(db, quote.clientId) : (leadBuyer(db, quote.leadId) ?? EMPTY_BUYER);
  const doc: QuoteDoc = {
    number: quote.number,
    issueDate: quote.issueDate,
    validUntil: quote.validUntil,
    vatRegime: regime,
    seller: !draft && quote.seller ? quote.seller : sellerSnapshot(db, opts.coachEmail ?? null),
    buyer,
    lines,
    totals,
    title: quote.title,
    notes: quote.notes,
    depositPercent: quote.depositPercent,
    ...paymentSchedule(lines, regime, quote.depositPercent),
    depositDueDate: quote.depositDueDate,
    balanceDueDate: quote.balanceDueDate,
    accepted: quote.acceptedAt && quote.acceptedName ? { name: quote.acceptedName, at: quote.acceptedAt } : null,
    earlyStartRequestedAt: quote.earlyStartRequestedAt,
    sentAt: quote.sentAt,
    draft,
  };
  // Deterministic per state: the same quote in the same state renders the same bytes.
  const creationDate = quote.acceptedAt ?? quote.sentAt ?? quote.updatedAt;
  const pdf = await renderQuotePdf(doc, { logo: logoOf(db), creationDate });
  return { pdf, filename: quoteFilename(quote) };
}

function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** What the client still owes on an invoice: TTC − payments (net of refunds) − credit notes. */
export function amountDueCents(db: TenantDb, invoice: Invoice) {
  return Math.max(0, invoice.totalTtcCents - invoice.paidCents - creditedCents(db, invoice.id));
}

/** A payment reminder (relance) for an overdue invoice: level 1, 2 or 3, dated `day` (YYYY-MM-DD, Paris). */
export async function reminderPdf(db: TenantDb, invoiceId: number, level: 1 | 2 | 3, day: string): Promise<{ pdf: Buffer; filename: string }> {
  const invoice = findInvoice(db, invoiceId);
  if (!invoice) throw new BillingError(INVOICE_NOT_FOUND, "not_found");
  if (invoice.kind !== "invoice" || invoice.state !== "issued" || !invoice.number || !invoice.issueDate || !invoice.dueDate) {
    throw new BillingError("Seule une facture émise et échue se relance.", "invalid");
  }
  const r: ReminderDoc = {
    level,
    day,
    invoice: invoiceDocument(db, invoice),
    daysLate: Math.max(0, daysBetween(invoice.dueDate, day)),
    amountDueCents: amountDueCents(db, invoice),
  };
  const pdf = await renderReminderPdf(r, { logo: logoOf(db), creationDate: new Date(`${day}T07:00:00Z`) });
  return { pdf, filename: `Relance-${level}-${invoice.number}.pdf` };
}

/**
 * A receipt ("facture acquittée") for a fully paid invoice: the issued invoice with the stamp
 * "ACQUITTÉE le …" and the payments received. Rendered on demand, never stored: the stored PDF
 * is the invoice as issued.
 */
export async function receiptPdf(db: TenantDb, invoiceId: number): Promise<{ pdf: Buffer; filename: string }> {
  const invoice = findInvoice(db, invoiceId);
  if (!invoice) throw new BillingError(INVOICE_NOT_FOUND, "not_found");
  if (invoice.kind !== "invoice" || invoice.state === "draft" || !invoice.paidAt) throw new BillingError("Seule une facture entièrement payée a un reçu.", "invalid");
  const payments = paymentsOf(db, invoiceId).map((p) => ({ at: p.paidAt, amountCents: p.amountCents, method: PAYMENT_METHOD_LABELS[p.method] }));
  const pdf = await renderInvoicePdf(invoiceDocument(db, invoice), { logo: logoOf(db), creationDate: invoice.paidAt, paidStamp: { paidAt: invoice.paidAt, payments } });
  return { pdf, filename: `Facture-${invoice.number}-acquittee.pdf` };
}

export { FACTURX_FILENAME };

// PDF documents of billing (issue 9). Placeholder signatures, implemented by the PDF work:
// every caller (pages, emails, reminders) goes through these three functions.
import type { TenantDb } from "~/lib/tenant-db.server";

export type StoredPdf = { pdf: Buffer; sha256: string; facturx: boolean; filename: string };

/**
 * The PDF of an issued invoice or credit note: generated once (Factur-X for a B2B invoice),
 * stored in invoice_pdfs with its SHA-256, then served identically. Drafts get a preview
 * marked "BROUILLON" that is never stored.
 */
export async function invoicePdf(_db: TenantDb, _invoiceId: number): Promise<StoredPdf> {
  throw new Error("invoicePdf: not implemented yet");
}

/** The PDF of a quote (rendered on demand from its frozen content once sent). */
export async function quotePdf(_db: TenantDb, _quoteId: number): Promise<{ pdf: Buffer; filename: string }> {
  throw new Error("quotePdf: not implemented yet");
}

/** A payment reminder (relance) for an overdue invoice: level 1, 2 or 3, dated `day`. */
export async function reminderPdf(_db: TenantDb, _invoiceId: number, _level: 1 | 2 | 3, _day: string): Promise<{ pdf: Buffer; filename: string }> {
  throw new Error("reminderPdf: not implemented yet");
}

// Billing emails (issue 9). Placeholder signatures, implemented by the sending work: one email
// per document through Resend with its PDF attached (never the batch API, which drops
// attachments); the dev outbox otherwise. Each logs an invoice event.
import type { TenantDb } from "~/lib/tenant-db.server";

export type SendContext = { tenantId: string; appUrl: string; coachName: string; now?: Date };

/** Emails an issued invoice (or credit note) to its client with the PDF and, for an invoice, the /pay link. */
export async function sendInvoice(_db: TenantDb, _invoiceId: number, _ctx: SendContext): Promise<void> {
  throw new Error("sendInvoice: not implemented yet");
}

/** Emails a sent quote to its client with the PDF and the /q acceptance link. */
export async function sendQuote(_db: TenantDb, _quoteId: number, _ctx: SendContext): Promise<void> {
  throw new Error("sendQuote: not implemented yet");
}

/** Emails the receipt of a payment (the "acquittée" invoice) to the client. */
export async function sendReceipt(_db: TenantDb, _invoiceId: number, _ctx: SendContext): Promise<void> {
  throw new Error("sendReceipt: not implemented yet");
}

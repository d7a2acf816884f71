// Billing emails (issue 9): one email per document through sendTransactionalEmail (Resend, or the dev outbox
// without RESEND_API_KEY) with its PDF attached, never the batch API (it drops attachments).
// Each carries an idempotency key per document and purpose, so a retry after a send that
// succeeded but timed out on our side is dropped by Resend instead of reaching the client twice.
import { eq } from "drizzle-orm";
import { invoiceEvents, quotes, type BuyerSnapshot, type SellerSnapshot } from "../../db/tenant.schema";
import { findClient } from "~/clients/client.server";
import { findLead } from "~/crm/lead.server";
import type { Attachment, Email, SendOptions } from "~/email/email.server";
import { blockedMessage, sendTransactionalEmail, transactionalBlock } from "~/email/transactional.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError } from "./billing-error";
import { readBillingProfile } from "./billing-profile.server";
import { invoiceEmail, quoteEmail, receiptEmail } from "./billing-emails.server";
import { amountDue } from "./invoice-status";
import { creditedCents, findInvoice, INVOICE_NOT_FOUND, logInvoiceEvent, type Invoice } from "./invoices.server";
import { invoicePdf, quotePdf, receiptPdf } from "./pdf/documents.server";

export type SendContext = {
  tenantId: string;
  appUrl: string;
  coachName: string;
  /** Reply-To of the email (the coach's address); defaults to the seller snapshot's email. */
  coachEmail?: string | null;
  now?: Date;
  /** Tests and jobs inject a sender; sendEmail otherwise. */
  send?: (email: Email, options: SendOptions) => Promise<unknown>;
};

export const NO_EMAIL = "Ce client n'a pas d'adresse email";

export const pdfAttachment = (p: { pdf: Buffer; filename: string }): Attachment => ({ filename: p.filename, content: p.pdf, contentType: "application/pdf" });

/** The public links of the documents (the token itself is the capability). */
export const payUrl = (appUrl: string, token: string) => `${appUrl.replace(/\/$/, "")}/pay/${token}`;
export const quoteUrl = (appUrl: string, token: string) => `${appUrl.replace(/\/$/, "")}/q/${token}`;

/** The name the client knows the coach by: trade name, else legal name, else the account's name. */
export function sellerName(seller: SellerSnapshot | null, db: TenantDb, coachName: string) {
  if (seller) return seller.tradeName || seller.legalName || coachName;
  const profile = readBillingProfile(db);
  return profile.tradeName || profile.legalName || coachName;
}

/** Who reads the email: the contact person of a business, else the buyer's name. */
export const buyerGreetingName = (buyer: BuyerSnapshot | null) => buyer?.contact ?? buyer?.name ?? null;

/** The address frozen on the document, else the client's current one (a client may add it later). */
export function invoiceRecipient(db: TenantDb, invoice: Pick<Invoice, "buyer" | "clientId">): string | null {
  if (invoice.buyer?.email) return invoice.buyer.email;
  const client = invoice.clientId === null ? undefined : findClient(db, invoice.clientId);
  return client?.email || null;
}

function requireSendable(db: TenantDb, invoiceId: number) {
  const invoice = findInvoice(db, invoiceId);
  if (!invoice) throw new BillingError(INVOICE_NOT_FOUND, "not_found");
  if (invoice.state === "draft") throw new BillingError("Émettez la facture avant de l'envoyer.");
  return invoice;
}

const countSent = (db: TenantDb, invoiceId: number) =>
  (db.$client.prepare("SELECT count(*) AS n FROM invoice_events WHERE invoice_id = ? AND type = 'sent'").get(invoiceId) as { n: number }).n;

/** One key per deliberate send: the n-th "sent" of this document (a retry of a failed send reuses it). */
export const invoiceSendKey = (tenantId: string, invoiceId: number, n: number) => `invoice-${tenantId}-${invoiceId}-sent-${n}`;
export const receiptKey = (tenantId: string, invoiceId: number, paidAt: Date) => `invoice-${tenantId}-${invoiceId}-receipt-${paidAt.getTime()}`;
/**
 * Quotes keep no send log: the key is the sending (sentAt) and the minute of this send, so a
 * double click or a quick retry is dropped while "Renvoyer" a minute later goes out.
 */
export const quoteSendKey = (tenantId: string, quoteId: number, sentAt: Date | null, now: Date) =>
  `quote-${tenantId}-${quoteId}-sent-${sentAt?.getTime() ?? 0}-${Math.floor(now.getTime() / 60_000)}`;

/**
 * Emails an issued invoice (or credit note) to its client with its PDF and, for an invoice, the
 * /pay link. Sets sent_at on the first successful send and logs a "sent" event naming the recipient.
 */
export async function sendInvoice(db: TenantDb, invoiceId: number, ctx: SendContext): Promise<{ to: string }> {
  const invoice = requireSendable(db, invoiceId);
  if (invoice.state === "cancelled") throw new BillingError("Cette facture est annulée par avoir : envoyez plutôt l'avoir.", "conflict");
  const to = invoiceRecipient(db, invoice);
  if (!to) throw new BillingError(NO_EMAIL, "incomplete");
  refuseBlocked(db, to);
  const credited = invoice.kind === "credit_note" && invoice.creditedInvoiceId !== null ? findInvoice(db, invoice.creditedInvoiceId) : undefined;
  const content = invoiceEmail({
    kind: invoice.kind,
    number: invoice.number!,
    issueDate: invoice.issueDate!,
    dueDate: invoice.dueDate,
    totalTtcCents: invoice.totalTtcCents,
    amountDueCents: amountDue({ totalTtcCents: invoice.totalTtcCents, paidCents: invoice.paidCents, creditedCents: creditedCents(db, invoice.id) }),
    creditedNumber: credited?.number ?? null,
    sellerName: sellerName(invoice.seller, db, ctx.coachName),
    buyerName: buyerGreetingName(invoice.buyer),
    payUrl: invoice.kind === "invoice" && invoice.publicToken ? payUrl(ctx.appUrl, invoice.publicToken) : null,
  });
  const pdf = await invoicePdf(db, invoice.id);
  const n = countSent(db, invoice.id) + 1;
  await deliverDocument(db, ctx, { to, ...content, replyTo: replyTo(ctx, invoice.seller), attachments: [pdfAttachment(pdf)] }, invoiceSendKey(ctx.tenantId, invoice.id, n));
  const now = ctx.now ?? new Date();
  db.$client
    .transaction(() => {
      // sent_at is the only column a coach's action changes on an issued row (the triggers allow it).
      db.$client.prepare("UPDATE invoices SET sent_at = ?, updated_at = ? WHERE id = ? AND sent_at IS NULL").run(now.getTime(), now.getTime(), invoice.id);
      logInvoiceEvent(db, invoice.id, "sent", `${invoice.kind === "credit_note" ? "Avoir envoyé" : "Facture envoyée"} à ${to}`, now);
    })
    .immediate();
  return { to };
}

const replyTo = (ctx: SendContext, seller: SellerSnapshot | null) => ctx.coachEmail || seller?.email || undefined;

/**
 * Sends through the transactional rule (issue 10 §6): an address that hard-bounced or complained
 * gets nothing, and the coach reads "Adresse en échec : email non envoyé (…)" (a marketing
 * unsubscribe does not stop a document).
 */
/** Before building the PDF: an address that hard-bounced or complained gets no document. */
function refuseBlocked(db: TenantDb, to: string) {
  const blocked = transactionalBlock(db, to);
  if (blocked) throw new BillingError(blockedMessage(blocked), "conflict");
}

export async function deliverDocument(db: TenantDb, ctx: Pick<SendContext, "send">, email: Email, idempotencyKey: string) {
  const sent = await sendTransactionalEmail(db, email, { idempotencyKey, send: ctx.send });
  if (sent.blocked) throw new BillingError(sent.message, "conflict");
}

/**
 * Emails a sent quote (number and snapshots assigned by the quotes model) to its client, or its
 * lead, with the PDF and the /q acceptance link. Changes nothing in the quote.
 */
export async function sendQuote(db: TenantDb, quoteId: number, ctx: SendContext): Promise<{ to: string }> {
  const quote = db.select().from(quotes).where(eq(quotes.id, quoteId)).get();
  if (!quote) throw new BillingError("Ce devis n'existe pas (ou plus).", "not_found");
  if (quote.status === "draft" || !quote.number || !quote.publicToken) throw new BillingError("Finalisez le devis avant de l'envoyer.");
  if (quote.status !== "sent" && quote.status !== "accepted") throw new BillingError("Ce devis est refusé ou expiré : dupliquez-le pour en envoyer un nouveau.", "conflict");
  const client = quote.clientId === null ? undefined : findClient(db, quote.clientId);
  const lead = !client && quote.leadId !== null ? findLead(db, quote.leadId) : undefined;
  const to = quote.buyer?.email || client?.email || lead?.email || null;
  if (!to) throw new BillingError(NO_EMAIL, "incomplete");
  refuseBlocked(db, to);
  const content = quoteEmail({
    number: quote.number,
    issueDate: quote.issueDate,
    validUntil: quote.validUntil,
    totalTtcCents: quote.totalTtcCents,
    sellerName: sellerName(quote.seller, db, ctx.coachName),
    buyerName: buyerGreetingName(quote.buyer),
    acceptUrl: quoteUrl(ctx.appUrl, quote.publicToken),
  });
  const pdf = await quotePdf(db, quote.id);
  await deliverDocument(db, ctx, { to, ...content, replyTo: replyTo(ctx, quote.seller), attachments: [pdfAttachment(pdf)] }, quoteSendKey(ctx.tenantId, quote.id, quote.sentAt, ctx.now ?? new Date()));
  return { to };
}

/**
 * Emails the receipt of a full payment ("Facture n° … acquittée", amount, date, PDF). One per
 * payment date: a webhook replay reuses the key; a refund then a new payment gets a new one.
 */
export async function sendReceipt(db: TenantDb, invoiceId: number, ctx: SendContext): Promise<{ to: string }> {
  const invoice = requireSendable(db, invoiceId);
  if (invoice.kind !== "invoice" || !invoice.paidAt || invoice.paidCents <= 0) throw new BillingError("Cette facture n'est pas entièrement payée.", "conflict");
  const to = invoiceRecipient(db, invoice);
  if (!to) throw new BillingError(NO_EMAIL, "incomplete");
  refuseBlocked(db, to);
  const content = receiptEmail({
    number: invoice.number!,
    paidCents: invoice.paidCents,
    paidAt: invoice.paidAt,
    sellerName: sellerName(invoice.seller, db, ctx.coachName),
    buyerName: buyerGreetingName(invoice.buyer),
  });
  // The "ACQUITTÉE" copy (never stored: the stored PDF is the invoice as issued).
  const receipt = await receiptPdf(db, invoice.id);
  await deliverDocument(
    db,
    ctx,
    { to, ...content, replyTo: replyTo(ctx, invoice.seller), attachments: [{ filename: receipt.filename, content: receipt.pdf, contentType: "application/pdf" }] },
    receiptKey(ctx.tenantId, invoice.id, invoice.paidAt),
  );
  logInvoiceEvent(db, invoice.id, "sent", `Reçu de paiement envoyé à ${to}`, ctx.now ?? new Date());
  return { to };
}

/** Events of an invoice, newest last (tests and the invoice page). */
export function invoiceEventsOf(db: TenantDb, invoiceId: number) {
  return db.select().from(invoiceEvents).where(eq(invoiceEvents.invoiceId, invoiceId)).orderBy(invoiceEvents.createdAt, invoiceEvents.id).all();
}

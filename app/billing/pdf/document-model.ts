// What a billing PDF (and its Factur-X XML) shows, read from the tenant rows once: the renderer and
// the CII writer take this plain data, never the database.
import type { BuyerSnapshot, SellerSnapshot, VatRegime } from "../../../db/tenant.schema";
import type { VatBreakdown } from "../money";

export type DocLine = { description: string; quantity: number; unitPriceCents: number; vatRateBps: number; totalHtCents: number };

export type DocTotals = { vat: VatBreakdown[]; totalHtCents: number; totalVatCents: number; totalTtcCents: number };

export type InvoiceDoc = {
  kind: "invoice" | "credit_note";
  /** Null for a draft. */
  number: string | null;
  issueDate: string | null;
  serviceDate: string | null;
  serviceEndDate: string | null;
  dueDate: string | null;
  vatRegime: VatRegime;
  seller: SellerSnapshot;
  buyer: BuyerSnapshot;
  lines: DocLine[];
  totals: DocTotals;
  /** A credit note names the invoice it corrects. */
  credited: { number: string; issueDate: string | null } | null;
  title: string | null;
  notes: string | null;
  /** Issued documents: the instant of issue (the PDF's fixed CreationDate). */
  issuedAt: Date | null;
  draft: boolean;
  /** Deposit / balance of a quote's schedule. */
  schedulePart: "deposit" | "balance" | "full" | null;
  quoteNumber: string | null;
};

export type QuoteDoc = {
  number: string | null;
  issueDate: string | null;
  validUntil: string;
  vatRegime: VatRegime;
  seller: SellerSnapshot;
  buyer: BuyerSnapshot;
  lines: DocLine[];
  totals: DocTotals;
  title: string | null;
  notes: string | null;
  depositPercent: number;
  /** The deposit and balance invoices' TTC (deposit.ts paymentSchedule). */
  depositCents: number;
  balanceCents: number;
  depositDueDate: string | null;
  balanceDueDate: string | null;
  accepted: { name: string; at: Date } | null;
  earlyStartRequestedAt: Date | null;
  sentAt: Date | null;
  draft: boolean;
};

export type ReminderDoc = {
  level: 1 | 2 | 3;
  day: string;
  invoice: InvoiceDoc;
  daysLate: number;
  amountDueCents: number;
};

// The status a coach sees. Stored: draft | issued | cancelled (invoices.state). Derived here,
// in one rule for the page, the list filter (SQL twin below) and the reminders:
// cancelled > paid > overdue > partially paid > sent > issued. Overdue ranks above partially
// paid: a partly paid invoice whose due date has passed still owes money late (the "En retard"
// filter and the reminders must find it). Nothing left due (credits + payments cover the total)
// is never overdue: paid when something was paid, otherwise cancelled (credited in full).
export const INVOICE_STATUSES = ["draft", "issued", "sent", "partially_paid", "paid", "overdue", "cancelled"] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: "Brouillon",
  issued: "Émise",
  sent: "Envoyée",
  partially_paid: "Partiellement payée",
  paid: "Acquittée",
  overdue: "En retard",
  cancelled: "Annulée par avoir",
};

export type StatusInputs = {
  kind: "invoice" | "credit_note";
  state: "draft" | "issued" | "cancelled";
  sentAt: Date | number | null;
  dueDate: string | null;
  paidCents: number;
  totalTtcCents: number;
  /** Sum of the credit notes issued against this invoice. */
  creditedCents: number;
};

/** What the client still owes (never negative). */
export const amountDue = (i: Pick<StatusInputs, "totalTtcCents" | "paidCents" | "creditedCents">) =>
  Math.max(0, i.totalTtcCents - i.creditedCents - i.paidCents);

/** `today` is the Paris day `YYYY-MM-DD`: an invoice is overdue the day after its due date. */
export function invoiceStatus(i: StatusInputs, today: string): InvoiceStatus {
  if (i.state === "draft") return "draft";
  if (i.state === "cancelled") return "cancelled";
  if (i.kind === "credit_note") return i.sentAt ? "sent" : "issued";
  const due = amountDue(i);
  if (due === 0) return i.paidCents > 0 ? "paid" : "cancelled";
  if (i.dueDate !== null && i.dueDate < today) return "overdue";
  if (i.paidCents > 0) return "partially_paid";
  return i.sentAt ? "sent" : "issued";
}

/**
 * The same rule in SQL, for list filters and the reminders' query. `alias` is the invoices row,
 * `credited` an SQL expression of its credited cents, `today` a bound parameter name.
 * invoice-status.test.ts checks both agree on every combination.
 */
export function invoiceStatusSql(alias: string, credited: string, today = "@today") {
  const due = `max(0, ${alias}.total_ttc_cents - (${credited}) - ${alias}.paid_cents)`;
  return `CASE
    WHEN ${alias}.state = 'draft' THEN 'draft'
    WHEN ${alias}.state = 'cancelled' THEN 'cancelled'
    WHEN ${alias}.kind = 'credit_note' THEN CASE WHEN ${alias}.sent_at IS NOT NULL THEN 'sent' ELSE 'issued' END
    WHEN ${due} = 0 THEN CASE WHEN ${alias}.paid_cents > 0 THEN 'paid' ELSE 'cancelled' END
    WHEN ${alias}.due_date IS NOT NULL AND ${alias}.due_date < ${today} THEN 'overdue'
    WHEN ${alias}.paid_cents > 0 THEN 'partially_paid'
    WHEN ${alias}.sent_at IS NOT NULL THEN 'sent'
    ELSE 'issued' END`;
}

/** SQL: the cents credited against invoice `alias` by issued credit notes. */
export const creditedCentsSql = (alias: string) =>
  `(SELECT coalesce(sum(cn.total_ttc_cents), 0) FROM invoices cn WHERE cn.credited_invoice_id = ${alias}.id AND cn.kind = 'credit_note' AND cn.state <> 'draft')`;

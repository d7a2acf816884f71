// Billing facts other pages show: the invoice that bills a session, the payments received in a
// period (the earnings page), a client's invoices (through listInvoices).
import type { TenantDb } from "~/lib/tenant-db.server";
import { dayStart, addDays } from "~/kpis/paris-days.server";
import { clientNameSql } from "./invoice-list.server";

/** The live invoice (draft or issued) billing this session, if any. */
export function invoiceOfSession(db: TenantDb, sessionId: number) {
  return (
    (db.$client
      .prepare(
        `SELECT i.id, i.number, i.state FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
         WHERE l.session_id = ? AND i.kind = 'invoice' AND i.state IN ('draft', 'issued') ORDER BY i.id DESC LIMIT 1`,
      )
      .get(sessionId) as { id: number; number: string | null; state: "draft" | "issued" } | undefined) ?? null
  );
}

export type ReceivedPayment = { id: number; paidAt: number; invoiceId: number | null; number: string | null; clientName: string | null; method: string; amountCents: number };

export const RECEIVED_ROWS_SHOWN = 200;

/**
 * The ledger's rows of a period of Paris days (refunds negative), newest first: the latest 200
 * (`truncated` when there are more), and the total of the WHOLE period (its own SUM, not the
 * rows shown).
 */
export function paymentsReceived(db: TenantDb, period: { from: string; to: string }): { rows: ReceivedPayment[]; totalCents: number; truncated: boolean } {
  const range = [dayStart(period.from), dayStart(addDays(period.to, 1))];
  const { total, count } = db.$client
    .prepare("SELECT coalesce(sum(amount_cents), 0) AS total, count(*) AS count FROM payments WHERE paid_at >= ? AND paid_at < ?")
    .get(...range) as { total: number; count: number };
  const rows = db.$client
    .prepare(
      `SELECT p.id, p.paid_at AS paidAt, p.invoice_id AS invoiceId, i.number, p.method, p.amount_cents AS amountCents,
         coalesce(json_extract(i.buyer, '$.name'), ${clientNameSql("c")}) AS clientName
       FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id LEFT JOIN clients c ON c.id = p.client_id
       WHERE p.paid_at >= ? AND p.paid_at < ? ORDER BY p.paid_at DESC, p.id DESC LIMIT ${RECEIVED_ROWS_SHOWN}`,
    )
    .all(...range) as ReceivedPayment[];
  return { rows, totalCents: total, truncated: count > rows.length };
}

// What an invoice has received and been credited, cached on its row: `paid_cents` / `paid_at`
// (and the paid mark of the sessions it bills) follow the ledger AND the credit notes, so both
// the ledger (payments, refunds) and the credit notes call refreshPaid in their transaction.
import { eq } from "drizzle-orm";
import { invoices } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { amountDue } from "./invoice-status";

/** Cents already credited against an invoice by issued credit notes. */
export function creditedCents(db: TenantDb, invoiceId: number) {
  const row = db.$client
    .prepare("SELECT coalesce(sum(total_ttc_cents), 0) AS n FROM invoices WHERE credited_invoice_id = ? AND kind = 'credit_note' AND state <> 'draft'")
    .get(invoiceId) as { n: number };
  return row.n;
}

/** Recomputes the invoice's paid cache from the ledger and the paid mark of the sessions it bills. */
export function refreshPaid(db: TenantDb, invoiceId: number, now = new Date()) {
  const sqlite = db.$client;
  const { paid, lastPaidAt } = sqlite
    .prepare("SELECT coalesce(sum(amount_cents), 0) AS paid, max(paid_at) AS lastPaidAt FROM payments WHERE invoice_id = ?")
    .get(invoiceId) as { paid: number; lastPaidAt: number | null };
  const invoice = db.select().from(invoices).where(eq(invoices.id, invoiceId)).get();
  if (!invoice) return;
  const covered = paid > 0 && amountDue({ totalTtcCents: invoice.totalTtcCents, paidCents: paid, creditedCents: creditedCents(db, invoiceId) }) === 0;
  const paidAt = covered ? (invoice.paidAt ?? new Date(lastPaidAt ?? now.getTime())) : null;
  db.update(invoices).set({ paidCents: paid, paidAt, updatedAt: now }).where(eq(invoices.id, invoiceId)).run();
  // The sessions follow only a live invoice: once cancelled by a credit note they are billable
  // again, so the new invoice that bills them decides whether they are paid.
  const sessionsPaidAt = invoice.state === "cancelled" ? null : paidAt;
  sqlite
    .prepare(
      `UPDATE coaching_sessions SET paid_at = ?, updated_at = ?
       WHERE id IN (SELECT session_id FROM invoice_lines WHERE invoice_id = ? AND session_id IS NOT NULL)
         AND (paid_at IS NULL) <> (? IS NULL)`,
    )
    .run(sessionsPaidAt?.getTime() ?? null, now.getTime(), invoiceId, sessionsPaidAt?.getTime() ?? null);
}

// "Facture en retard" in the coach's notification centre, written by the nightly billing job.
// An invoice is announced once: the night after its due date (or a later night of the first
// week, when a run was missed), and never again once a notification links to it. A notification
// the coach cleared after that week does not come back. Independent of the reminder settings:
// the coach hears of a late invoice even with reminders to clients turned off.
import { notify } from "~/email/notifications.server";
import { addDays } from "~/kpis/paris-days.server";
import { formatEuros } from "~/lib/format";
import type { TenantDb } from "~/lib/tenant-db.server";
import { amountDue, creditedCentsSql } from "./invoice-status";
import { daysFrom } from "./reminders.server";

const LATE = `SELECT i.id, i.number, i.due_date AS dueDate, i.total_ttc_cents AS totalTtcCents, i.paid_cents AS paidCents, ${creditedCentsSql("i")} AS credited,
    json_extract(i.buyer, '$.name') AS buyerName
  FROM invoices i
  WHERE i.kind = 'invoice' AND i.state = 'issued' AND i.due_date IS NOT NULL AND i.due_date < @today AND i.due_date >= @from
    AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.kind = 'invoice_overdue' AND n.href = '/dashboard/invoices/' || i.id)
  ORDER BY i.due_date, i.id`;

type Row = { id: number; number: string; dueDate: string; totalTtcCents: number; paidCents: number; credited: number; buyerName: string | null };

/** Notifies the invoices that became overdue (`today`: Paris day); returns how many. */
export function notifyOverdueInvoices(db: TenantDb, today: string, now = new Date()) {
  const rows = db.$client.prepare(LATE).all({ today, from: addDays(today, -7) }) as Row[];
  let n = 0;
  for (const r of rows) {
    const due = amountDue({ totalTtcCents: r.totalTtcCents, paidCents: r.paidCents, creditedCents: r.credited });
    if (due <= 0) continue;
    const late = daysFrom(r.dueDate, today);
    notify(
      db,
      "invoice_overdue",
      {
        title: `Facture ${r.number} en retard${r.buyerName ? ` (${r.buyerName})` : ""}`,
        body: `Reste dû ${formatEuros(due)} · échue depuis ${late} jour${late > 1 ? "s" : ""}`,
        href: `/dashboard/invoices/${r.id}`,
      },
      now,
    );
    n++;
  }
  return n;
}

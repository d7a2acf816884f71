// The demo coach's notification centre is not empty: a few notifications like the ones the
// app writes (new leads, a lead won, a payment), read from the demo data just written.
import type { TenantDb } from "~/lib/tenant-db.server";
import { formatEuros } from "~/lib/format";
import { notify } from "~/email/notifications.server";

type Named = { id: number; name: string };

export function seedDemoNotifications(db: TenantDb, now: Date) {
  const sqlite = db.$client;
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  const name = "trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))";
  const newest = sqlite.prepare(`SELECT id, ${name} AS name FROM leads ORDER BY created_at DESC, id DESC LIMIT 2`).all() as Named[];
  const won = sqlite.prepare(`SELECT id, ${name} AS name FROM leads WHERE status = 'won' ORDER BY updated_at DESC, id DESC LIMIT 1`).get() as Named | undefined;
  const payment = sqlite
    .prepare("SELECT p.amount_cents AS amount, i.id AS invoiceId, i.number FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.amount_cents > 0 ORDER BY p.paid_at DESC, p.id DESC LIMIT 1")
    .get() as { amount: number; invoiceId: number; number: string | null } | undefined;
  if (won) notify(db, "lead_won", { title: `Lead gagné : ${won.name}`, href: `/dashboard/leads/${won.id}` }, at(600));
  if (payment) notify(db, "payment_received", { title: `Paiement reçu : ${formatEuros(payment.amount)}`, body: `Facture ${payment.number ?? ""}`.trim(), href: `/dashboard/invoices/${payment.invoiceId}` }, at(180));
  for (const [i, lead] of newest.entries()) notify(db, "lead_new", { title: `Nouveau lead : ${lead.name || `#${lead.id}`}`, body: "Reçu par l'API (N8N, ManyChat).", href: `/dashboard/leads/${lead.id}` }, at(30 - i * 10));
  // The oldest one already read, as a coach's list would look.
  sqlite.prepare("UPDATE notifications SET read_at = ? WHERE id = (SELECT min(id) FROM notifications)").run(now.getTime());
}

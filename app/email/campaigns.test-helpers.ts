// Rows for the campaign tests: leads with emails, a template, a segment, a client who pays.
import type { TenantDb } from "~/lib/tenant-db.server";
import { saveSegment } from "~/crm/segments.server";
import { DEFAULT_THEME } from "./templates/design";

const idOf = (db: TenantDb, q: string, ...p: unknown[]) => (db.$client.prepare(q).get(...p) as { id: number }).id;

/** `n` leads tagged `tag`, emails `<prefix>-<i>@example.fr` (i from 1). Returns their ids. */
export function addLeads(db: TenantDb, n: number, { tag = "newsletter", prefix = "lead", email = true }: { tag?: string; prefix?: string; email?: boolean } = {}) {
  const insert = db.$client.prepare(
    `INSERT INTO leads (instagram_id, first_name, last_name, email, tags, created_at, created_day, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, '2026-01-01', ?) RETURNING id`,
  );
  const ids: number[] = [];
  db.$client.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const row = insert.get(`${prefix}-${i}-${Math.random()}`, `Prénom${i}`, `Nom${i}`, email ? `${prefix}-${i}@example.fr` : null, JSON.stringify([tag]), Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1)) as { id: number };
      ids.push(row.id);
    }
  })();
  return ids;
}

/** A segment of the leads tagged `tag`. */
export function addSegment(db: TenantDb, name: string, tag = "newsletter") {
  const r = saveSegment(db.$client, { name, query: new URLSearchParams({ tag }).toString() });
  if (r.taken) throw new Error(`segment ${name} exists`);
  return r.id;
}

/** A template (design of the kind the editor saves: a theme and a text block using {{firstName}}). */
export function addTemplate(db: TenantDb, { name = "Nouvelles", subject = "Bonjour {{firstName}}", fallbacks = { firstName: "cher contact" } }: { name?: string; subject?: string; fallbacks?: Record<string, string> } = {}) {
  const design = { theme: DEFAULT_THEME, blocks: [{ type: "text", text: "Bonjour {{firstName}}, voici les nouvelles du mois." }] };
  return idOf(
    db,
    "INSERT INTO email_templates (name, kind, subject, design, fallbacks, version, created_at, updated_at) VALUES (?, 'custom', ?, ?, ?, 3, 0, 0) RETURNING id",
    name,
    subject,
    JSON.stringify(design),
    JSON.stringify(fallbacks),
  );
}

/** A client made from a lead at `createdAt`, with an issued invoice. */
export function addClientFromLead(db: TenantDb, leadId: number, createdAt: number) {
  const clientId = idOf(db, "INSERT INTO clients (lead_id, first_name, last_name, created_at, updated_at) VALUES (?, 'C', 'L', ?, ?) RETURNING id", leadId, createdAt, createdAt);
  const invoiceId = idOf(
    db,
    "INSERT INTO invoices (kind, client_id, state, vat_regime, total_ttc_cents, created_at, updated_at) VALUES ('invoice', ?, 'issued', 'franchise', 100000, ?, ?) RETURNING id",
    clientId,
    createdAt,
    createdAt,
  );
  return { clientId, invoiceId };
}

/** A ledger row (negative = refund). */
export function addPayment(db: TenantDb, invoiceId: number, clientId: number, amountCents: number, paidAt: number) {
  db.$client.prepare("INSERT INTO payments (invoice_id, client_id, amount_cents, method, paid_at, created_at) VALUES (?, ?, ?, 'transfer', ?, ?)").run(invoiceId, clientId, amountCents, paidAt, paidAt);
}

// The invoices list: invoices and credit notes, newest first (drafts on top), filtered by the
// derived status (invoiceStatusSql, the same rule as the page) and a period of issue dates.
import { z } from "zod";
import { dayKey } from "~/kpis/paris-days.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { realDay } from "./invoice-form";
import { creditedCentsSql, INVOICE_STATUSES, invoiceStatusSql, type InvoiceStatus } from "./invoice-status";

export const INVOICES_PER_PAGE = 50;

// A day that does not exist (2026-02-30) is dropped like any other unreadable filter.
const optionalDay = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v && realDay(v) ? v : undefined));

/** Unknown values are dropped (the list shows everything) rather than refused: it is a filter. */
export const InvoiceFiltersSchema = z.object({
  status: z
    .string()
    .optional()
    .transform((v) => (INVOICE_STATUSES as readonly string[]).includes(v ?? "") ? (v as InvoiceStatus) : undefined),
  from: optionalDay,
  to: optionalDay,
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type InvoiceFilters = z.infer<typeof InvoiceFiltersSchema>;

export const parseInvoiceFilters = (params: URLSearchParams) => InvoiceFiltersSchema.parse(Object.fromEntries(params));

export type InvoiceListRow = {
  id: number;
  kind: "invoice" | "credit_note";
  number: string | null;
  clientName: string | null;
  issueDate: string | null;
  dueDate: string | null;
  totalTtcCents: number;
  status: InvoiceStatus;
};

/** A client's name as a document shows it: the company for a business, else first and last names. */
export const clientNameSql = (c: string) => `CASE WHEN ${c}.kind = 'business' AND ${c}.company IS NOT NULL AND ${c}.company <> '' THEN ${c}.company ELSE trim(${c}.first_name || ' ' || ${c}.last_name) END`;

const BASE = `SELECT i.id, i.kind, i.number, i.issue_date AS issueDate, i.due_date AS dueDate, i.total_ttc_cents AS totalTtcCents,
    i.state, i.created_at AS createdAt, i.client_id AS clientId,
    coalesce(json_extract(i.buyer, '$.name'), ${clientNameSql("c")}) AS clientName,
    ${invoiceStatusSql("i", creditedCentsSql("i"))} AS status
  FROM invoices i LEFT JOIN clients c ON c.id = i.client_id`;

const WHERE = `WHERE (@status IS NULL OR status = @status) AND (@from IS NULL OR issueDate >= @from) AND (@to IS NULL OR issueDate <= @to)
  AND (@clientId IS NULL OR clientId = @clientId)`;

export function listInvoices(db: TenantDb, filters: Partial<InvoiceFilters> & { clientId?: number }, now = new Date()) {
  const page = filters.page ?? 1;
  const params = { status: filters.status ?? null, from: filters.from ?? null, to: filters.to ?? null, clientId: filters.clientId ?? null, today: dayKey(now) };
  const { total } = db.$client.prepare(`SELECT count(*) AS total FROM (${BASE}) ${WHERE}`).get(params) as { total: number };
  const rows = db.$client
    .prepare(`SELECT id, kind, number, clientName, issueDate, dueDate, totalTtcCents, status FROM (${BASE}) ${WHERE}
      ORDER BY state = 'draft' DESC, issueDate DESC, id DESC LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: INVOICES_PER_PAGE, offset: (page - 1) * INVOICES_PER_PAGE }) as InvoiceListRow[];
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / INVOICES_PER_PAGE)) };
}

// The accountant's CSV (/dashboard/invoices/export.csv): one line per issued invoice and credit
// note whose issue date is in the period (inclusive Paris days), credit notes negative. Same
// rules as the other exports (app/crm/export-csv.server.ts): UTF-8 BOM, ";" and decimal commas
// by default, text cells neutralised against formulas, amounts left as numbers.
import { csvNumber, csvStream, safeText, type CsvDelimiter } from "~/crm/export-csv.server";
import type { EarningsPeriod } from "~/clients/earnings-export.server";
import { dayKey } from "~/kpis/paris-days.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { clientNameSql } from "./invoice-list.server";
import { creditedCentsSql, INVOICE_STATUS_LABELS, invoiceStatusSql, type InvoiceStatus } from "./invoice-status";
import { computeTotals, type VatRegime } from "./money";

export const ACCOUNTING_CSV_HEADERS = [
  "numéro",
  "type",
  "date d'émission",
  "date de prestation",
  "fin de prestation",
  "échéance",
  "client",
  "SIREN client",
  "total HT",
  "TVA 20 %",
  "TVA 10 %",
  "TVA 5,5 %",
  "TVA totale",
  "total TTC",
  "statut",
  "payée le",
] as const;

type Row = {
  id: number;
  kind: "invoice" | "credit_note";
  number: string;
  issueDate: string;
  serviceDate: string | null;
  serviceEndDate: string | null;
  dueDate: string | null;
  clientName: string | null;
  siren: string | null;
  vatRegime: VatRegime;
  totalHtCents: number;
  totalVatCents: number;
  totalTtcCents: number;
  status: InvoiceStatus;
  paidAt: number | null;
};

const frDay = (d: string | null) => (d ? d.split("-").reverse().join("/") : "");

export const accountingFileName = (p: Pick<EarningsPeriod, "from" | "to">) => `factures-${p.from}_${p.to}.csv`;

/** The period's documents with their VAT per rate (from their stored lines, rounded per rate as on the document). */
export function accountingRows(db: TenantDb, period: Pick<EarningsPeriod, "from" | "to">, now = new Date()) {
  const rows = db.$client
    .prepare(
      `SELECT i.id, i.kind, i.number, i.issue_date AS issueDate, i.service_date AS serviceDate, i.service_end_date AS serviceEndDate,
         i.due_date AS dueDate, coalesce(json_extract(i.buyer, '$.name'), ${clientNameSql("c")}) AS clientName,
         json_extract(i.buyer, '$.siren') AS siren, i.vat_regime AS vatRegime, i.total_ht_cents AS totalHtCents,
         i.total_vat_cents AS totalVatCents, i.total_ttc_cents AS totalTtcCents, i.paid_at AS paidAt,
         ${invoiceStatusSql("i", creditedCentsSql("i"))} AS status
       FROM invoices i LEFT JOIN clients c ON c.id = i.client_id
       WHERE i.state <> 'draft' AND i.issue_date >= @from AND i.issue_date <= @to
       ORDER BY i.issue_date, i.kind, i.sequence`,
    )
    .all({ from: period.from, to: period.to, today: dayKey(now) }) as Row[];
  const lines = db.$client
    .prepare(
      `SELECT l.invoice_id AS invoiceId, l.quantity, l.unit_price_cents AS unitPriceCents, l.vat_rate_bps AS vatRateBps
       FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
       WHERE i.state <> 'draft' AND i.issue_date >= ? AND i.issue_date <= ? ORDER BY l.invoice_id, l.position`,
    )
    .all(period.from, period.to) as { invoiceId: number; quantity: number; unitPriceCents: number; vatRateBps: number }[];
  const byInvoice = new Map<number, typeof lines>();
  for (const l of lines) byInvoice.set(l.invoiceId, [...(byInvoice.get(l.invoiceId) ?? []), l]);
  return rows.map((r) => {
    const vat = computeTotals(byInvoice.get(r.id) ?? [], r.vatRegime).vat;
    const at = (bps: number) => vat.find((v) => v.rateBps === bps)?.vatCents ?? 0;
    return { ...r, vat20: at(2000), vat10: at(1000), vat55: at(550) };
  });
}

export function toAccountingRecord(r: ReturnType<typeof accountingRows>[number], delimiter: CsvDelimiter) {
  const sign = r.kind === "credit_note" ? -1 : 1;
  const euros = (cents: number) => csvNumber((sign * cents) / 100, delimiter);
  return [
    safeText(r.number),
    r.kind === "credit_note" ? "Avoir" : "Facture",
    frDay(r.issueDate),
    frDay(r.serviceDate),
    frDay(r.serviceEndDate),
    frDay(r.dueDate),
    safeText(r.clientName),
    safeText(r.siren),
    euros(r.totalHtCents),
    euros(r.vat20),
    euros(r.vat10),
    euros(r.vat55),
    euros(r.totalVatCents),
    euros(r.totalTtcCents),
    INVOICE_STATUS_LABELS[r.status],
    r.paidAt == null ? "" : frDay(dayKey(r.paidAt)),
  ];
}

export function accountingCsvStream(db: TenantDb, period: EarningsPeriod, now = new Date()) {
  const delimiter: CsvDelimiter = period.delimiter === "comma" ? "," : ";";
  return csvStream(accountingRows(db, period, now).values(), (r) => toAccountingRecord(r, delimiter), { headers: ACCOUNTING_CSV_HEADERS, delimiter });
}

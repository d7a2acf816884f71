import { INVOICE_STATUS_LABELS, type InvoiceStatus } from "./invoice-status";

const COLORS: Record<InvoiceStatus, string> = {
  draft: "bg-slate-100 text-slate-700",
  issued: "bg-sky-100 text-sky-800",
  sent: "bg-indigo-100 text-indigo-800",
  partially_paid: "bg-amber-100 text-amber-800",
  paid: "bg-emerald-100 text-emerald-800",
  overdue: "bg-red-100 text-red-800",
  cancelled: "bg-slate-200 text-slate-600",
};

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  return (
    <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ${COLORS[status]}`} data-testid="invoice-status">
      {INVOICE_STATUS_LABELS[status]}
    </span>
  );
}

export const kindLabel = (kind: "invoice" | "credit_note") => (kind === "credit_note" ? "Avoir" : "Facture");

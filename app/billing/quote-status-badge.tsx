import type { QuoteStatus } from "../../db/tenant.schema";
import { QUOTE_STATUS_LABELS } from "./quote-status";

const STYLES: Record<QuoteStatus, string> = {
  draft: "bg-slate-100 text-slate-700",
  sent: "bg-sky-100 text-sky-800",
  accepted: "bg-emerald-100 text-emerald-800",
  refused: "bg-red-100 text-red-800",
  expired: "bg-amber-100 text-amber-800",
};

export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STYLES[status]}`} data-testid="quote-status">
      {QUOTE_STATUS_LABELS[status]}
    </span>
  );
}

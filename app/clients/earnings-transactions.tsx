// The last transactions: date, client (link to the client page), "Séance #N", amount, ✅ / ⏳ / ❌,
// or "À clôturer" (a link to the session) for a confirmed session whose start has passed.
import { Link } from "@remix-run/react";
import { formatDate, formatEuros } from "~/lib/format";
import type { Transaction } from "./earnings.server";
import { EARNING_MARKS } from "./session-status";

/** One row of the list, as earnings.server.ts reads it (a type-only import: nothing server-side ships). */
export type TransactionRow = Transaction;

// Not one of EARNING_MARKS: a forgotten session is no earnings status, it is a task.
const TO_CLOSE = { icon: "⚠️", label: "À clôturer" };

export function EarningsTransactions({ rows }: { rows: TransactionRow[] }) {
  if (rows.length === 0) return <p className="mt-2 text-sm text-slate-600">Aucune transaction pour l'instant.</p>;
  return (
    <ul className="mt-3 divide-y divide-slate-100" data-testid="earnings-transactions">
      {rows.map((t) => {
        const mark = EARNING_MARKS[t.status]!;
        return (
          // Two lines on a phone (who and when / what and how much), one row from sm up.
          <li key={t.id} className="flex flex-col gap-1 py-2 text-sm sm:flex-row sm:items-baseline sm:gap-3">
            <div className="flex min-w-0 flex-1 items-baseline gap-3">
              <span className="w-24 shrink-0 text-slate-600">{formatDate(t.scheduledAt)}</span>
              <Link to={`/dashboard/clients/${t.clientId}`} className="min-w-0 truncate font-medium text-indigo-700 hover:underline">
                {t.firstName} {t.lastName}
              </Link>
            </div>
            <div className="flex items-baseline gap-3">
              <Link to={`/dashboard/sessions/${t.id}`} className="flex-1 text-slate-600 hover:underline sm:w-24 sm:flex-none sm:text-right">
                {t.number == null ? "Séance" : `Séance #${t.number}`}
              </Link>
              <span className={`w-24 text-right font-semibold tabular-nums ${t.status === "refunded" ? "text-slate-400 line-through" : ""}`}>
                {formatEuros(t.priceCents)}
              </span>
              {t.toClose ? (
                <Link
                  to={`/dashboard/sessions/${t.id}`}
                  className="w-28 shrink-0 font-medium text-amber-800 hover:underline"
                  aria-label={`À clôturer : ${t.number == null ? "séance" : `séance #${t.number}`} de ${t.firstName} ${t.lastName}`}
                  data-testid="transaction-to-close"
                >
                  <span aria-hidden="true">{TO_CLOSE.icon}</span> {TO_CLOSE.label}
                </Link>
              ) : (
                <span className="w-28 shrink-0" title={mark.label}>
                  <span aria-hidden="true">{mark.icon}</span> {mark.label}
                </span>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

// The ledger's three figures: this month, pending, the year so far.
import { formatEuros, formatInt } from "~/lib/format";
import { monthLabel } from "./earnings-bars";

type Total = { cents: number; count: number };
const sessions = (n: number) => `${formatInt(n)} séance${n > 1 ? "s" : ""}`;

export function EarningsCards({ month, thisMonth, pending, year }: { month: string; thisMonth: Total; pending: Total; year: Total & { year: number } }) {
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
      <Card testId="earnings-month" label="Ce mois" amount={thisMonth.cents} hint={`${sessions(thisMonth.count)} réalisée${thisMonth.count > 1 ? "s" : ""} · ${monthLabel(month)}`} />
      <Card testId="earnings-pending" label="En attente" amount={pending.cents} hint={`${sessions(pending.count)} à venir`} />
      <Card testId="earnings-year" label={`Total ${year.year}`} amount={year.cents} hint={`${sessions(year.count)} réalisée${year.count > 1 ? "s" : ""} depuis janvier`} />
    </div>
  );
}

function Card({ label, amount, hint, testId }: { label: string; amount: number; hint: string; testId: string }) {
  return (
    <div className="card" data-testid={testId}>
      <p className="text-sm text-slate-600">{label}</p>
      <p className="mt-1 text-3xl font-bold tabular-nums">{formatEuros(amount)}</p>
      <p className="mt-1 text-xs text-slate-500">{hint}</p>
    </div>
  );
}

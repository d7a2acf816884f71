import type { ReactNode } from "react";
import type { Ranked, ResponseBadge } from "./kpis";

const num = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
export const fmt = (n: number | null | undefined, suffix = "") => (n === null || n === undefined ? "—" : `${num.format(n)}${suffix}`);

/** One KPI: a label, a big figure, an optional hint; estimates say so. */
export function KpiCard({ id, label, value, hint, estimate, children }: { id: string; label: string; value: ReactNode; hint?: ReactNode; estimate?: boolean; children?: ReactNode }) {
  return (
    <div className="card flex flex-col gap-1" data-kpi={id}>
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        {label}
        {estimate ? <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">estimation</span> : null}
      </p>
      <p className="text-2xl font-bold tabular-nums sm:text-3xl" data-kpi-value>
        {value}
      </p>
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {children}
    </div>
  );
}

const BADGES: Record<ResponseBadge, { label: string; className: string }> = {
  excellent: { label: "Excellent", className: "bg-emerald-100 text-emerald-800" },
  good: { label: "Bon", className: "bg-amber-100 text-amber-800" },
  improve: { label: "À améliorer", className: "bg-red-100 text-red-800" },
};

export function RateBadge({ badge }: { badge: ResponseBadge | null }) {
  if (!badge) return null;
  const b = BADGES[badge];
  return <span className={`w-fit rounded-full px-2 py-0.5 text-xs font-semibold ${b.className}`}>{b.label}</span>;
}

export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  const v = Math.max(0, Math.min(100, value ?? 0));
  return (
    <div className="h-2 w-full overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label={label} aria-valuenow={v} aria-valuemin={0} aria-valuemax={100}>
      <div className="h-full rounded-full bg-indigo-500" style={{ width: `${v}%` }} />
    </div>
  );
}

export function RankedTable({ id, title, rows, empty, unit = "leads" }: { id: string; title: string; rows: Ranked[]; empty: string; unit?: string }) {
  return (
    <div className="card" data-kpi={id}>
      <h3 className="text-sm text-slate-600">{title}</h3>
      {rows.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">{empty}</p>
      ) : (
        <table className="mt-2 w-full text-sm">
          <thead className="sr-only">
            <tr>
              <th>Nom</th>
              <th>{unit}</th>
              <th>Part</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className="border-t border-slate-100">
                <td className="py-1.5 pr-2">{r.key}</td>
                <td className="py-1.5 pr-2 text-right tabular-nums">{r.count}</td>
                <td className="py-1.5 text-right tabular-nums text-slate-600">{fmt(r.pct, " %")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`section-${id}`} className="space-y-3">
      <h2 id={`section-${id}`} className="text-lg font-semibold">
        {title}
      </h2>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">{children}</div>
    </section>
  );
}

// The 6-month history as horizontal bars drawn on the server: inline SVG, no JavaScript. Bar
// geometry is in percentages so the labels keep their size on a 375 px phone; screen readers
// get a table with the same figures (the SVG itself is one labelled image).
import { formatEuros, formatInt } from "~/lib/format";

export type BarMonth = { month: string; cents: number; count: number };

const monthFmt = new Intl.DateTimeFormat("fr-FR", { month: "short", year: "numeric", timeZone: "UTC" });
/** "nov. 2026" for "2026-11". */
export const monthLabel = (month: string) => monthFmt.format(new Date(`${month}-15T12:00:00Z`));

const ROW = 34;
const LABEL_W = 26; // % of the width for "sept. 2026"
const BAR_MAX = 44; // % for the longest bar, leaving room for its figure

export function EarningsBars({ months }: { months: BarMonth[] }) {
  const max = Math.max(...months.map((m) => m.cents), 1);
  const summary = months.map((m) => `${monthLabel(m.month)} : ${formatEuros(m.cents)}`).join(", ");
  return (
    <figure>
      <svg
        role="img"
        aria-label={`Revenus des ${months.length} derniers mois : ${summary}`}
        width="100%"
        height={months.length * ROW}
        className="block text-[13px]"
        data-testid="earnings-bars"
      >
        {months.map((m, i) => {
          const width = (m.cents / max) * BAR_MAX;
          const y = i * ROW;
          return (
            <g key={m.month} data-month={m.month}>
              <text x="0" y={y + 21} className="fill-slate-600">
                {monthLabel(m.month)}
              </text>
              <rect x={`${LABEL_W}%`} y={y + 6} width={`${Math.max(width, m.cents > 0 ? 0.5 : 0)}%`} height={ROW - 12} rx="4" className="fill-emerald-500" />
              <text x={`${LABEL_W + width}%`} dx="6" y={y + 21} className="fill-slate-900 font-semibold tabular-nums">
                {formatEuros(m.cents)}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="sr-only">
        <caption>Revenus des séances réalisées, par mois</caption>
        <thead>
          <tr>
            <th scope="col">Mois</th>
            <th scope="col">Revenus</th>
            <th scope="col">Séances réalisées</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{monthLabel(m.month)}</th>
              <td>{formatEuros(m.cents)}</td>
              <td>{formatInt(m.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

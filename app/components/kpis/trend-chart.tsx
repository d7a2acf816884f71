import { CartesianGrid, Line, LineChart, XAxis, YAxis } from "recharts";

type Point = { day: string } & Record<string, number | string>;
type LineSpec = { key: string; label: string; color: string };

const shortDay = (day: string) => {
  const [, m, d] = day.split("-");
  return `${Number(d)}/${m}`;
};
const longDay = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/**
 * A fixed-size recharts line chart: rendered to SVG on the server, so it shows without
 * JavaScript, and scaled down by CSS on phones. The table carries the same data for
 * screen readers.
 */
export function TrendChart({ id, title, data, lines }: { id: string; title: string; data: Point[]; lines: LineSpec[] }) {
  return (
    <figure className="card min-w-0" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="font-semibold">
        {title}
      </figcaption>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-hidden="true">
        {lines.map((l) => (
          <li key={l.key} className="flex items-center gap-1.5">
            <span className="inline-block h-0.5 w-4" style={{ backgroundColor: l.color }} />
            {l.label}
          </li>
        ))}
      </ul>
      <div
        className="mt-2 [&_.recharts-wrapper]:!h-auto [&_.recharts-wrapper]:!w-full [&_svg]:!h-auto [&_svg]:!w-full"
        aria-hidden="true"
      >
        <LineChart width={720} height={240} data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          {lines.map((l) => (
            <Line key={l.key} type="monotone" dataKey={l.key} name={l.label} stroke={l.color} strokeWidth={2} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </div>
      {/* sr-only on a wrapper: a table ignores the 1px width and would widen the page. */}
      <div className="sr-only">
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Jour</th>
            {lines.map((l) => (
              <th key={l.key} scope="col">
                {l.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map((p) => (
            <tr key={p.day}>
              <th scope="row">{longDay(p.day)}</th>
              {lines.map((l) => (
                <td key={l.key}>{p[l.key]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}

type Point = { day: string } & Record<string, number | string>;
type LineSpec = { key: string; label: string; color: string };

// One formatter for all rows: building an Intl formatter per call is what makes toLocale* slow.
const longDayFormat = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const longDay = (day: string) => longDayFormat.format(new Date(`${day}T12:00:00Z`));

/**
 * A trend chart: an SVG image rendered by recharts on the server (see charts.server.tsx), so
 * it shows without JavaScript and scales down on phones. The table carries the same data
 * for screen readers.
 */
export function TrendChart({ id, title, src, data, lines }: { id: string; title: string; src: string; data: Point[]; lines: LineSpec[] }) {
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
      <img src={src} width={720} height={240} alt="" className="mt-2 h-auto w-full" loading="lazy" decoding="async" />
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

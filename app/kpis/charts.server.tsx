import crypto from "node:crypto";
import { LRUCache } from "lru-cache";
import { renderToStaticMarkup } from "react-dom/server";
import { CartesianGrid, Line, LineChart, XAxis, YAxis } from "recharts";

export type ChartLine = { key: string; label: string; color: string };
export type ChartPoint = { day: string } & Record<string, number | string>;

const WIDTH = 720;
const HEIGHT = 240;

const shortDay = (day: string) => {
  const [, m, d] = day.split("-");
  return `${Number(d)}/${m}`;
};

// Rendering a recharts chart costs milliseconds; the same data gives the same SVG, and a
// coach's series only changes when new rows arrive. So SVGs are cached by content.
const cache = new LRUCache<string, string>({ maxSize: 32 * 1024 * 1024, sizeCalculation: (svg) => svg.length });

/**
 * A fixed-size recharts line chart rendered to a standalone SVG document on the server (no
 * JavaScript needed to see it). Explicit tick intervals spare recharts its text measuring.
 */
export function renderTrendSvg(data: ChartPoint[], lines: ChartLine[]) {
  const key = crypto.createHash("sha1").update(JSON.stringify([data, lines])).digest("base64");
  let svg = cache.get(key);
  if (svg === undefined) {
    const markup = renderToStaticMarkup(
      <LineChart width={WIDTH} height={HEIGHT} data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
        <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 12 }} interval={Math.max(0, Math.ceil(data.length / 8) - 1)} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} interval={0} />
        {lines.map((l) => (
          <Line key={l.key} type="monotone" dataKey={l.key} name={l.label} stroke={l.color} strokeWidth={2} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>,
    );
    svg = standalone(markup);
    cache.set(key, svg);
  }
  return svg;
}

/** recharts wraps its <svg> in a <div>; an image file needs the bare <svg> with its namespace. */
function standalone(markup: string) {
  const svg = markup.slice(markup.indexOf("<svg"), markup.lastIndexOf("</svg>") + "</svg>".length);
  return svg.replace("<svg", `<svg xmlns="http://www.w3.org/2000/svg" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"`);
}

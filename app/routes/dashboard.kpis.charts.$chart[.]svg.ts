import crypto from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { withCoachDb } from "~/auth/guards.server";
import { renderTrendSvg } from "~/kpis/charts.server";
import { loadKpiSeries, parseRange } from "~/kpis/dashboard.server";
import { TREND_CHARTS } from "~/kpis/trend-charts";

/**
 * A trend chart of /dashboard/kpis as an SVG image, rendered by recharts on the server.
 * Its own request keeps the page light, and the ETag lets the browser reuse it until the
 * coach's numbers change. The tenant comes from the session, like every coach route.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const chart = TREND_CHARTS.find((c) => c.id === params.chart);
  if (!chart) throw new Response("Ce graphique n'existe pas.", { status: 404 });
  const range = parseRange(new URL(request.url).searchParams.get("range"));
  const svg = await withCoachDb(request, (db) => renderTrendSvg(loadKpiSeries(db, { range }), [...chart.lines]));
  const etag = `"${crypto.createHash("sha1").update(svg).digest("base64url")}"`;
  const headers = { "Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": "private, no-cache", ETag: etag, Vary: "Cookie" };
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  return new Response(svg, { headers });
}

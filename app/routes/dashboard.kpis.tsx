import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { KpiSections } from "~/kpis/kpi-sections";
import { TrendChart } from "~/kpis/trend-chart";
import { RouteErrorBoundary } from "~/components/route-error";
import { loadKpiDashboard, parseRange } from "~/kpis/dashboard.server";
import { TREND_CHARTS } from "~/kpis/trend-charts";
import { formatDateTime } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "KPIs du setter · Coach OS" }];

const RANGE_LABELS = { "7": "7 derniers jours", "30": "30 derniers jours", "90": "90 derniers jours", all: "Depuis le début" } as const;
const STALE_MS = 36 * 60 * 60 * 1000;

export async function loader({ request }: LoaderFunctionArgs) {
  const range = parseRange(new URL(request.url).searchParams.get("range"));
  return withCoachDb(request, (db) => {
    const data = loadKpiDashboard(db, { range });
    const stale = !data.lastAggregatedAt || Date.now() - Date.parse(data.lastAggregatedAt) > STALE_MS;
    return json({ ...data, stale });
  });
}

export default function KpiDashboard() {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const rangeLabel = RANGE_LABELS[data.range];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">KPIs du setter</h1>
          <p className="mt-1 text-sm text-slate-600">
            {data.lastAggregatedAt ? `Historique mis à jour le ${formatDateTime(data.lastAggregatedAt)}` : "Historique pas encore calculé"} ·
            aujourd'hui en direct
          </p>
        </div>
        {/* A GET form: the range is in the URL, so it works without JavaScript and can be shared. */}
        <Form method="get" className="flex items-end gap-2" onChange={(e) => submit(e.currentTarget)}>
          <label className="text-sm">
            <span className="block text-slate-600">Période</span>
            <select name="range" defaultValue={data.range} className="input mt-1 w-auto">
              {Object.entries(RANGE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn-secondary">
            {navigation.state === "loading" ? "…" : "Afficher"}
          </button>
        </Form>
      </div>

      {data.stale && !data.empty ? (
        <p className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-800">
          L'agrégation nocturne n'a pas tourné depuis plus de 36 h : les jours passés peuvent être incomplets.
        </p>
      ) : null}

      {data.empty ? (
        <div className="card text-slate-700" data-testid="kpis-empty">
          <h2 className="font-semibold">Pas encore de données sur cette période</h2>
          <p className="mt-2 text-sm">
            Les KPIs se remplissent dès que votre setter envoie des leads et des messages. Créez un jeton d'API et copiez l'exemple N8N
            depuis les{" "}
            <Link to="/dashboard/settings" className="text-indigo-700 underline">
              réglages
            </Link>
            .
          </p>
        </div>
      ) : null}

      <KpiSections k={data.kpis} rangeLabel={rangeLabel} />

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        {TREND_CHARTS.map((c) => (
          <TrendChart
            key={c.id}
            id={c.id}
            title={`${c.title} — ${rangeLabel.toLowerCase()}`}
            src={`/dashboard/kpis/charts/${c.id}.svg?range=${data.range}`}
            data={data.series}
            lines={[...c.lines]}
          />
        ))}
      </div>
      <p className="text-xs text-slate-500">
        Les chiffres des leads (qualification, pipeline, démographie, revenus) portent sur les leads arrivés pendant la période, dans leur
        état actuel ; les messages sur les messages envoyés pendant la période. Les estimations se règlent dans les{" "}
        <Link to="/dashboard/settings#estimations" className="underline">
          réglages
        </Link>
        .
      </p>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { formatDateTime, formatInt } from "~/lib/format";
import { focusSummary } from "~/clients/focus.server";

export const meta: MetaFunction = () => [{ title: "Focus · Coach OS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return withCoachDb(request, (db, { user }) => json({ firstName: user.name.split(" ")[0], ...focusSummary(db) }));
}

const parisHour = new Intl.DateTimeFormat("fr-FR", { hour: "numeric", hourCycle: "h23", timeZone: "Europe/Paris" });

function greeting(date = new Date()) {
  const hour = Number(parisHour.format(date));
  return hour >= 18 || hour < 5 ? "Bonsoir" : "Bonjour";
}

export default function Focus() {
  const data = useLoaderData<typeof loader>();
  const empty = data.leadCount === 0 && data.clientCount === 0;
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-bold">
        {greeting()} {data.firstName}
      </h1>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <Stat label="Leads" value={data.leadCount} hint={`${formatInt(data.openLeadCount)} en cours`} testId="stat-leads" />
        <Stat label="Clients" value={data.clientCount} testId="stat-clients" />
        <Stat label="Séances à venir" value={data.upcomingCount} testId="stat-sessions" />
      </div>
      {empty ? (
        <div className="card text-slate-700">
          <h2 className="font-semibold">Votre espace est prêt</h2>
          <p className="mt-2 text-sm">
            Aucun lead ni client pour l'instant. Connectez votre setter Instagram (N8N / ManyChat) depuis les réglages : vos leads et
            leurs messages apparaîtront ici dès leur arrivée.
          </p>
        </div>
      ) : null}
      <div className="card">
        <h2 className="font-semibold">Séances des prochaines 48 h</h2>
        {data.next48h.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">Aucune séance prévue dans les 48 prochaines heures.</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100">
            {data.next48h.map((s) => (
              <li key={s.id} className="flex flex-wrap justify-between gap-2 py-2 text-sm">
                <span className="font-medium">
                  {s.firstName} {s.lastName}
                  {s.theme ? <span className="font-normal text-slate-600"> · {s.theme}</span> : null}
                </span>
                <span className="text-slate-600">
                  {formatDateTime(s.scheduledAt)} · {s.durationMinutes} min
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function Stat({ label, value, hint, testId }: { label: string; value: number; hint?: string; testId: string }) {
  return (
    <div className="card">
      <p className="text-sm text-slate-600">{label}</p>
      <p className="mt-1 text-3xl font-bold tabular-nums" data-testid={testId}>
        {formatInt(value)}
      </p>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

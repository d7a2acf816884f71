// The pre-brief of a session: a printable page of its own (one A4 sheet), and the data of
// Focus's dialog (fetcher.load of this loader).
import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { requireBrief } from "~/clients/brief.server";
import { BriefView } from "~/clients/brief-view";
import { PrintButton } from "~/clients/brief-print-button";
import printStyles from "~/clients/brief-print.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Pré-brief · ${data?.brief.client.name ?? "Séance"} · Coach OS` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, (db) => json({ brief: requireBrief(db, params.sessionId) }));
}

export default function SessionBrief() {
  const { brief } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2" data-print-hidden>
        <Link to="/dashboard" className="text-sm text-indigo-700 underline">
          ← Focus
        </Link>
        <span className="flex-1" />
        <PrintButton />
        {brief.session.status === "confirmed" ? (
          <Link to={`/dashboard/sessions/${brief.session.id}`} className="btn">
            Démarrer la séance
          </Link>
        ) : null}
      </div>
      <div className="card brief-card">
        <BriefView brief={brief} />
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { QUOTE_STATUSES, type QuoteStatus } from "../../db/tenant.schema";
import { withCoachDb } from "~/auth/guards.server";
import { QuoteStatusBadge } from "~/billing/quote-status-badge";
import { QUOTE_STATUS_LABELS } from "~/billing/quote-status";
import { listQuotes } from "~/billing/quotes.server";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { dayKey } from "~/kpis/paris-days.server";
import { readFlash } from "~/lib/flash.server";
import { formatDate, formatEuros } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Devis · Coach OS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const asked = new URL(request.url).searchParams.get("status");
  const status = (QUOTE_STATUSES as readonly string[]).includes(asked ?? "") ? (asked as QuoteStatus) : null;
  return withCoachDb(request, async (db) => {
    const quotes = listQuotes(db, { status, today: dayKey(new Date()) });
    const flash = await readFlash(request);
    return json({ quotes, status, flash: flash.message as string | null }, { headers: flash.headers });
  });
}

const day = (d: string | null) => (d ? formatDate(`${d}T12:00:00Z`) : "—");

export default function QuotesPage() {
  const { quotes, status, flash } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-bold">Devis</h1>
        <Link to="/dashboard/quotes/new" className="btn">
          Nouveau devis
        </Link>
      </div>
      <Flash message={flash} />
      <nav aria-label="Filtrer par statut" className="flex flex-wrap gap-2 text-sm">
        {[null, ...QUOTE_STATUSES].map((s) => (
          <Link
            key={s ?? "all"}
            to={s ? `/dashboard/quotes?status=${s}` : "/dashboard/quotes"}
            aria-current={s === status ? "page" : undefined}
            className={`rounded-full px-3 py-1 ${s === status ? "bg-indigo-600 text-white" : "bg-slate-100 text-slate-700"}`}
          >
            {s ? QUOTE_STATUS_LABELS[s] : "Tous"}
          </Link>
        ))}
      </nav>
      {quotes.length === 0 ? (
        <div className="card" data-testid="quotes-empty">
          <p className="text-sm text-slate-700">
            {status ? `Aucun devis « ${QUOTE_STATUS_LABELS[status]} ».` : "Aucun devis pour l'instant."}{" "}
            <Link to="/dashboard/quotes/new" className="font-semibold text-indigo-700 underline">
              Créez votre premier devis
            </Link>{" "}
            pour un client, ou depuis la fiche d'un lead.
          </p>
        </div>
      ) : (
        <ul className="card divide-y divide-slate-100 p-0" data-testid="quotes-list">
          {quotes.map((q) => (
            <li key={q.id} className="flex flex-wrap items-center justify-between gap-2 p-4">
              <div className="min-w-0">
                <Link to={`/dashboard/quotes/${q.id}`} className="font-semibold text-indigo-700 underline">
                  {q.number ?? "Brouillon"}
                </Link>{" "}
                <span className="text-slate-700">
                  · {q.recipient}
                  {q.forLead ? " (lead)" : ""}
                </span>
                {q.title ? <p className="truncate text-sm text-slate-500">{q.title}</p> : null}
                <p className="text-xs text-slate-500">
                  {q.issueDate ? `Envoyé le ${day(q.issueDate)} · ` : ""}valable jusqu'au {day(q.validUntil)}
                </p>
              </div>
              <div className="flex items-center gap-3">
                <span className="font-semibold">{formatEuros(q.totalTtcCents)}</span>
                <QuoteStatusBadge status={q.status} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

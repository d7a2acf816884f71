import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { ClientCards, ClientSearchForm, ClientsPagination, HealthTabs } from "~/clients/client-list";
import { clientFiltersQuery, parseClientFilters } from "~/clients/client-filters";
import { listClients } from "~/clients/clients-list.server";
import type { Health } from "~/clients/health";
import { readFlash } from "~/lib/flash.server";
import { formatInt } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Mes clients · Coach OS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = parseClientFilters(new URL(request.url).searchParams);
  return withCoachDb(request, async (db) => {
    const list = listClients(db.$client, filters);
    const flash = await readFlash(request);
    return json({ ...list, filters, flash: flash.message as string | null }, { headers: flash.headers });
  });
}

const href = (query: string) => `/dashboard/clients${query ? `?${query}` : ""}`;

export default function ClientsPage() {
  const d = useLoaderData<typeof loader>();
  const f = d.filters;
  const searching = Boolean(f.q || f.health);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-bold" data-testid="clients-title">
          Mes clients ({formatInt(d.total)})
        </h1>
        <Link to="/dashboard/clients/new" className="btn">
          Nouveau client
        </Link>
      </div>
      <Flash message={d.flash} />
      {d.total === 0 ? (
        <div className="card" data-testid="clients-empty">
          <p className="text-sm text-slate-700">
            Aucun client pour l'instant : un{" "}
            <Link to="/dashboard/pipeline" className="text-indigo-700 underline">
              lead gagné
            </Link>{" "}
            devient client, ou{" "}
            <Link to="/dashboard/clients/new" className="text-indigo-700 underline">
              créez-en un
            </Link>
            .
          </p>
        </div>
      ) : (
        <>
          <ClientSearchForm q={f.q} health={f.health} sort={f.sort} />
          <HealthTabs current={f.health} counts={d.counts} hrefFor={(h?: Health) => href(clientFiltersQuery(f, { health: h }))} />
          {d.matched === 0 ? (
            <div className="card" data-testid="clients-no-result">
              <h2 className="font-semibold">Aucun client ne correspond</h2>
              <p className="mt-2 text-sm text-slate-700">
                {searching ? "Essayez un autre nom ou un autre filtre, ou " : ""}
                <Link to="/dashboard/clients" className="text-indigo-700 underline">
                  affichez tous les clients
                </Link>
                .
              </p>
            </div>
          ) : (
            <>
              <p className="text-sm text-slate-600" data-testid="clients-matched">
                {formatInt(d.matched)} {d.matched > 1 ? "clients" : "client"}
                {searching ? " correspondant" : ""}
                {d.pageCount > 1 ? ` · page ${formatInt(d.page)} sur ${formatInt(d.pageCount)}` : ""}
              </p>
              <ClientCards rows={d.rows} />
              <ClientsPagination page={d.page} pageCount={d.pageCount} hrefFor={(p) => href([clientFiltersQuery(f), `page=${p}`].filter(Boolean).join("&"))} />
            </>
          )}
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

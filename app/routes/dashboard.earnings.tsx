// /dashboard/earnings — "Combien j'ai gagné ce mois ?": three figures, six months of bars, the last
// transactions and the CSV export of a chosen period. Read-only: the tenant comes from the session.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { PaymentsReceived } from "~/billing/billing-blocks";
import { paymentsReceived } from "~/billing/billed-by.server";
import { EarningsBars } from "~/clients/earnings-bars";
import { EarningsCards } from "~/clients/earnings-cards";
import { EarningsExportForm } from "~/clients/earnings-export-form";
import { currentMonthPeriod, parseEarningsPeriod } from "~/clients/earnings-export.server";
import { earningsSummary } from "~/clients/earnings.server";
import { EarningsTransactions } from "~/clients/earnings-transactions";
import { RouteErrorBoundary } from "~/components/route-error";

export const meta: MetaFunction = () => [{ title: "Revenus · Coach OS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  return withCoachDb(request, (db) => {
    const now = new Date();
    // The export form starts on the current month; a period sent back by the CSV route (or typed
    // in the URL) is shown as it was, with what is wrong with it.
    const asked = params.has("from") || params.has("to");
    const parsed = asked ? parseEarningsPeriod(params) : null;
    const period = asked
      ? { from: params.get("from") ?? "", to: params.get("to") ?? "", delimiter: params.get("delimiter") || "semicolon" }
      : { ...currentMonthPeriod(now), delimiter: "semicolon" };
    // The payments ledger over the chosen period (the current month when it is not valid).
    const received = parsed?.ok ? parsed.period : currentMonthPeriod(now);
    return json({
      ...earningsSummary(db, { now }),
      period,
      periodErrors: parsed && !parsed.ok ? parsed.errors : [],
      received: { ...paymentsReceived(db, received), from: received.from, to: received.to },
    });
  });
}

export default function Earnings() {
  const data = useLoaderData<typeof loader>();
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Mes revenus</h1>
        <p className="text-sm text-slate-600">Combien j'ai gagné ce mois ? Les séances réalisées, en heure de Paris.</p>
      </div>
      {data.hasSessions ? null : (
        <div className="card text-slate-700" data-testid="earnings-empty">
          <h2 className="font-semibold">Pas encore de revenus</h2>
          <p className="mt-2 text-sm">
            Vos revenus apparaîtront ici dès votre première séance. Planifiez-la depuis la fiche d'un client :{" "}
            <Link to="/dashboard/clients" className="font-medium text-indigo-700 hover:underline">
              voir mes clients
            </Link>
            .
          </p>
        </div>
      )}
      <EarningsCards month={data.month} thisMonth={data.thisMonth} pending={data.pending} year={data.year} />
      <div className="card">
        <h2 className="font-semibold">Historique sur 6 mois</h2>
        <p className="mb-3 text-xs text-slate-500">Séances réalisées, par mois de début de séance.</p>
        <EarningsBars months={data.history} />
      </div>
      <div className="card">
        <h2 className="font-semibold">Dernières transactions</h2>
        <EarningsTransactions rows={data.transactions} />
      </div>
      <PaymentsReceived {...data.received} />
      <EarningsExportForm from={data.period.from} to={data.period.to} delimiter={data.period.delimiter} errors={data.periodErrors} />
    </section>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

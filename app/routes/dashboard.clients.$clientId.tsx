import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { ClientInvoices } from "~/billing/billing-blocks";
import { listInvoices } from "~/billing/invoice-list.server";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { ClientBillingSummary } from "~/clients/client-billing-summary";
import { ClientFieldsForm } from "~/clients/client-fields-form";
import { ClientGoals } from "~/clients/client-goals";
import { ClientNotes } from "~/clients/client-notes";
import { clientAction, loadClientPage } from "~/clients/client-page.server";
import { ClientMoneyPanel, ClientSessions } from "~/clients/client-sessions";
import { requireClient } from "~/clients/client.server";
import { HealthBadge } from "~/clients/health-badge";
import { readFlash } from "~/lib/flash.server";
import { formatDate } from "~/lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.client.name ?? "Client"} · Coach OS` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const client = requireClient(db, params.clientId);
    const flash = await readFlash(request);
    const invoices = listInvoices(db, { clientId: client.id }).rows;
    return json({ ...loadClientPage(db, client), invoices, flash: flash.message as string | null }, { headers: flash.headers });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const client = requireClient(db, params.clientId);
    return clientAction(request, db, client, await request.formData());
  });
}

export default function ClientPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (intent: string) => (actionData && "intent" in actionData && actionData.intent === intent ? actionData.result : null);
  const c = d.client;
  return (
    <div className="space-y-6">
      <div>
        <Link to="/dashboard/clients" className="text-sm text-indigo-700 underline">
          ← Mes clients
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold">{c.name}</h1>
          <HealthBadge health={d.health} reason={d.healthReason} />
          <Link to={`/dashboard/quotes/new?clientId=${c.id}`} className="btn-secondary sm:ml-auto">
            Créer un devis
          </Link>
        </div>
        <p className="text-sm text-slate-600">
          Client depuis le {formatDate(c.createdAt)} · {d.doneCount} {d.doneCount > 1 ? "séances réalisées" : "séance réalisée"}
          {d.lead ? (
            <>
              {" · "}
              <Link to={`/dashboard/leads/${d.lead.id}`} className="text-indigo-700 underline">
                voir le lead d'origine
              </Link>
            </>
          ) : null}
        </p>
      </div>
      <Flash message={d.flash} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <ClientSessions clientId={c.id} upcoming={d.sessions.upcoming} history={d.sessions.history} />
          <ClientGoals goals={d.goals} createResult={resultFor("add-goal")} progressResult={resultFor("goal-progress")} />
          <ClientNotes notes={d.notes} lastResult={resultFor("add-note")} />
        </div>
        <div className="min-w-0 space-y-6">
          <ClientMoneyPanel money={d.money} />
          <ClientInvoices clientId={c.id} invoices={d.invoices} />
          <section className="card space-y-3" aria-labelledby="contact-title" id="contact">
            <h2 id="contact-title" className="text-lg font-semibold">
              Coordonnées
            </h2>
            <ClientBillingSummary {...c} />
            <ClientFieldsForm key={c.updatedAt} values={c} lastResult={resultFor("fields")} submitLabel="Enregistrer" intent="fields" narrow />
          </section>
        </div>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { controlDb } from "~/lib/control-db.server";
import { formatDateTime } from "~/lib/format";
import { listAudit } from "~/platform/audit.server";

export const meta: MetaFunction = () => [{ title: "Journal d'audit · Coach OS admin" }];

const LABELS: Record<string, string> = {
  "tenant.provision": "Création d'un coach",
  "tenant.suspend": "Suspension",
  "tenant.reactivate": "Réactivation",
  "tenant.delete": "Suppression",
  "tenant.export": "Export RGPD téléchargé",
  "invite.accept": "Invitation acceptée",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return json({ entries: listAudit(controlDb(), { limit: 500 }) });
}

export default function Audit() {
  const { entries } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1 className="text-2xl font-bold">Journal d'audit</h1>
      <p className="mt-1 text-sm text-slate-600">Les 500 dernières opérations sensibles : qui, quoi, sur quel coach, quand, d'où.</p>
      {entries.length === 0 ? (
        <div className="card mt-6 text-slate-600">Aucune opération enregistrée pour l'instant.</div>
      ) : (
        <div className="table-wrap mt-6">
          <table className="min-w-full divide-y divide-slate-200 bg-white text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2">Quand</th>
                <th className="px-3 py-2">Qui</th>
                <th className="px-3 py-2">Action</th>
                <th className="px-3 py-2">Coach</th>
                <th className="px-3 py-2">IP</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map(({ entry, tenantName, tenantSlug }) => (
                <tr key={entry.id}>
                  <td className="whitespace-nowrap px-3 py-2">{formatDateTime(entry.createdAt)}</td>
                  <td className="px-3 py-2">{entry.actorEmail ?? "—"}</td>
                  <td className="px-3 py-2" data-action={entry.action}>
                    {LABELS[entry.action] ?? entry.action}
                  </td>
                  <td className="px-3 py-2">{tenantName ? `${tenantName} (${tenantSlug})` : (entry.tenantId ?? "—")}</td>
                  <td className="px-3 py-2 text-slate-600">{entry.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { HealthBadge, StatusBadge } from "~/components/status-badge";
import { controlDb } from "~/lib/control-db.server";
import { formatBytes, formatDateTime, formatInt } from "~/lib/format";
import { listTenantsWithStats } from "~/platform/tenants.server";

export const meta: MetaFunction = () => [{ title: "Coachs · Coach OS admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const tenants = listTenantsWithStats(controlDb());
  return json({ tenants, canProvision: user.platformRole === "admin" });
}

export default function AdminTenants() {
  const { tenants, canProvision } = useLoaderData<typeof loader>();
  return (
    <section>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Coachs ({tenants.length})</h1>
        {canProvision ? (
          <Link to="/admin/tenants/new" className="btn">
            Nouveau coach
          </Link>
        ) : null}
      </div>
      {tenants.length === 0 ? (
        <div className="card mt-6 text-slate-600">
          Aucun coach pour l'instant.{canProvision ? " Créez le premier avec « Nouveau coach »." : ""}
        </div>
      ) : (
        <div className="table-wrap mt-6">
          <table className="min-w-full divide-y divide-slate-200 bg-white text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2">Nom</th>
                <th className="px-3 py-2">Coach</th>
                <th className="px-3 py-2">Slug</th>
                <th className="px-3 py-2">Statut</th>
                <th className="px-3 py-2 text-right">Taille</th>
                <th className="px-3 py-2 text-right">Leads</th>
                <th className="px-3 py-2">Dernière activité</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tenants.map((t) => (
                <tr key={t.id}>
                  <td className="px-3 py-2 font-medium">
                    <Link className="text-indigo-700 hover:underline" to={`/admin/tenants/${t.id}`}>
                      {t.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2 text-slate-600">{t.ownerEmail ?? "—"}</td>
                  <td className="px-3 py-2 text-slate-600">{t.slug}</td>
                  <td className="px-3 py-2">
                    <span className="flex flex-wrap gap-1">
                      <StatusBadge status={t.status} />
                      <HealthBadge health={t.health} reason={t.healthReason} />
                    </span>
                    {t.health === "unavailable" ? <p className="mt-1 max-w-xs text-xs text-red-800">{t.healthReason}</p> : null}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{t.sizeBytes === null ? "—" : formatBytes(t.sizeBytes)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{t.leadCount === null ? "—" : formatInt(t.leadCount)}</td>
                  <td className="px-3 py-2 text-slate-600">{t.lastActivityAt ? formatDateTime(t.lastActivityAt) : "—"}</td>
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

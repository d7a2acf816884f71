// /dashboard/invoices?status=&from=&to=&page=: invoices and credit notes, filtered by status and
// issue period (in the URL), 50 a page; "Nouvelle facture" and the accountant's export.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { listInvoices, parseInvoiceFilters } from "~/billing/invoice-list.server";
import { INVOICE_STATUSES, INVOICE_STATUS_LABELS } from "~/billing/invoice-status";
import { InvoiceStatusBadge, kindLabel } from "~/billing/invoice-status-badge";
import { currentMonthPeriod } from "~/clients/earnings-export.server";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { readFlash } from "~/lib/flash.server";
import { formatDate, formatEuros } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Factures · Coach OS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const filters = parseInvoiceFilters(new URL(request.url).searchParams);
    const flash = await readFlash(request);
    const list = listInvoices(db, filters);
    const filtered = Boolean(filters.status || filters.from || filters.to);
    return json({ ...list, filters, filtered, exportPeriod: currentMonthPeriod(), flash: flash.message as string | null }, { headers: flash.headers });
  });
}

const day = (d: string | null) => (d ? formatDate(`${d}T12:00:00Z`) : "—");

export default function Invoices() {
  const d = useLoaderData<typeof loader>();
  const pageLink = (page: number) => `?${new URLSearchParams({ ...(d.filters.status ? { status: d.filters.status } : {}), ...(d.filters.from ? { from: d.filters.from } : {}), ...(d.filters.to ? { to: d.filters.to } : {}), page: String(page) })}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Factures</h1>
        <Link to="/dashboard/invoices/new" className="btn">
          Nouvelle facture
        </Link>
      </div>
      <Flash message={d.flash} />
      <Form method="get" className="card flex flex-wrap items-end gap-3" aria-label="Filtres">
        <label className="text-sm">
          Statut
          <select name="status" defaultValue={d.filters.status ?? ""} className="input mt-1">
            <option value="">Tous</option>
            {INVOICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {INVOICE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          Émises du
          <input type="date" name="from" defaultValue={d.filters.from ?? ""} className="input mt-1" />
        </label>
        <label className="text-sm">
          au
          <input type="date" name="to" defaultValue={d.filters.to ?? ""} className="input mt-1" />
        </label>
        <button className="btn-secondary">Filtrer</button>
        {d.filtered ? (
          <Link to="/dashboard/invoices" className="text-sm text-indigo-700 underline">
            Tout afficher
          </Link>
        ) : null}
      </Form>
      {d.rows.length === 0 ? (
        <div className="card text-slate-700" data-testid="invoices-empty">
          <h2 className="font-semibold">{d.filtered ? "Aucune facture ne correspond à ces filtres" : "Pas encore de facture"}</h2>
          <p className="mt-2 text-sm">
            Facturez les séances réalisées d'un client ou des lignes libres :{" "}
            <Link to="/dashboard/invoices/new" className="font-medium text-indigo-700 underline">
              créer une facture
            </Link>
            .
          </p>
        </div>
      ) : (
        <div className="card table-wrap">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b text-xs text-slate-500">
                <th className="py-2 pr-2">N°</th>
                <th className="py-2 pr-2">Type</th>
                <th className="py-2 pr-2">Client</th>
                <th className="py-2 pr-2">Émise le</th>
                <th className="py-2 pr-2">Échéance</th>
                <th className="py-2 pr-2 text-right">TTC</th>
                <th className="py-2">Statut</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id} className="border-b last:border-0">
                  <td className="py-2 pr-2">
                    <Link to={`/dashboard/invoices/${r.id}`} className="font-medium text-indigo-700 underline">
                      {r.number ?? "Brouillon"}
                    </Link>
                  </td>
                  <td className="py-2 pr-2">{kindLabel(r.kind)}</td>
                  <td className="py-2 pr-2">{r.clientName ?? "—"}</td>
                  <td className="py-2 pr-2">{day(r.issueDate)}</td>
                  <td className="py-2 pr-2">{r.kind === "invoice" ? day(r.dueDate) : "—"}</td>
                  <td className="py-2 pr-2 text-right">{formatEuros(r.kind === "credit_note" ? -r.totalTtcCents : r.totalTtcCents)}</td>
                  <td className="py-2">
                    <InvoiceStatusBadge status={r.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.pages > 1 ? (
            <nav aria-label="Pages" className="mt-3 flex items-center justify-between text-sm">
              {d.page > 1 ? <Link to={pageLink(d.page - 1)}>← Précédente</Link> : <span />}
              <span>
                Page {d.page} / {d.pages} · {d.total} documents
              </span>
              {d.page < d.pages ? <Link to={pageLink(d.page + 1)}>Suivante →</Link> : <span />}
            </nav>
          ) : null}
        </div>
      )}
      <Form method="get" action="/dashboard/invoices/export.csv" reloadDocument className="card flex flex-wrap items-end gap-3" aria-labelledby="export-title">
        <h2 id="export-title" className="w-full font-semibold">
          Export comptable
        </h2>
        <label className="text-sm">
          Du
          <input type="date" name="from" defaultValue={d.filters.from ?? d.exportPeriod.from} className="input mt-1" required />
        </label>
        <label className="text-sm">
          au
          <input type="date" name="to" defaultValue={d.filters.to ?? d.exportPeriod.to} className="input mt-1" required />
        </label>
        <button className="btn-secondary">Télécharger le CSV</button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

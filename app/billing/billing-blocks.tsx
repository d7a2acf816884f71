// Billing blocks shown on other pages: a client's invoices, the payments received (earnings).
import { Link } from "@remix-run/react";
import { formatDate, formatEuros } from "~/lib/format";
import type { InvoiceStatus } from "./invoice-status";
import { InvoiceStatusBadge, kindLabel } from "./invoice-status-badge";

const METHOD: Record<string, string> = { card: "Carte", transfer: "Virement", cash: "Espèces", cheque: "Chèque", other: "Autre" };

export function ClientInvoices({ clientId, invoices }: { clientId: number; invoices: { id: number; kind: "invoice" | "credit_note"; number: string | null; totalTtcCents: number; status: InvoiceStatus }[] }) {
  return (
    <section className="card space-y-3" aria-labelledby="client-invoices-title" id="invoices">
      <h2 id="client-invoices-title" className="text-lg font-semibold">
        Factures
      </h2>
      {invoices.length === 0 ? (
        <p className="text-sm text-slate-600">Aucune facture pour ce client.</p>
      ) : (
        <ul className="divide-y text-sm" data-testid="client-invoices">
          {invoices.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-1">
              <Link to={`/dashboard/invoices/${i.id}`} className="text-indigo-700 underline">
                {kindLabel(i.kind)} {i.number ?? "brouillon"}
              </Link>
              <span className="flex items-center gap-2">
                {formatEuros(i.kind === "credit_note" ? -i.totalTtcCents : i.totalTtcCents)}
                <InvoiceStatusBadge status={i.status} />
              </span>
            </li>
          ))}
        </ul>
      )}
      <Link to={`/dashboard/invoices/new?clientId=${clientId}`} className="btn-secondary inline-block">
        Facturer les séances
      </Link>
    </section>
  );
}

export function PaymentsReceived({ rows, totalCents, truncated, from, to }: { rows: { id: number; paidAt: number; invoiceId: number | null; number: string | null; clientName: string | null; method: string; amountCents: number }[]; totalCents: number; truncated: boolean; from: string; to: string }) {
  return (
    <div className="card" data-testid="payments-received">
      <h2 className="font-semibold">Paiements reçus</h2>
      <p className="mb-3 text-xs text-slate-500">
        Du {formatDate(`${from}T12:00:00Z`)} au {formatDate(`${to}T12:00:00Z`)}, d'après le registre des paiements (remboursements en négatif) · total {formatEuros(totalCents)}
        {truncated ? ` · ${rows.length} derniers paiements affichés` : ""}
      </p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">Aucun paiement sur la période.</p>
      ) : (
        <div className="table-wrap">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b text-xs text-slate-500">
                <th className="py-1 pr-2">Date</th>
                <th className="py-1 pr-2">Facture</th>
                <th className="py-1 pr-2">Client</th>
                <th className="py-1 pr-2">Moyen</th>
                <th className="py-1 text-right">Montant</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id} className="border-b last:border-0">
                  <td className="py-1 pr-2">{formatDate(p.paidAt)}</td>
                  <td className="py-1 pr-2">
                    {p.invoiceId ? (
                      <Link to={`/dashboard/invoices/${p.invoiceId}`} className="text-indigo-700 underline">
                        {p.number}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="py-1 pr-2">{p.clientName ?? "—"}</td>
                  <td className="py-1 pr-2">{METHOD[p.method] ?? p.method}</td>
                  <td className={`py-1 text-right ${p.amountCents < 0 ? "text-red-700" : ""}`}>{formatEuros(p.amountCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

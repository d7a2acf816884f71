// The invoice or credit note as it reads (the PDF says the same): seller, client, dates, lines,
// VAT per rate or the 293 B mention, totals, due date, penalties, the 40 € mention for a business
// client only, payment details.
import type { BuyerSnapshot, SellerSnapshot } from "../../db/tenant.schema";
import { formatDate, formatEuros } from "~/lib/format";
import { FRANCHISE_MENTION, formatQuantity, formatRate, RECOVERY_INDEMNITY_MENTION } from "./money";

export type DocumentProps = {
  invoice: {
    kind: "invoice" | "credit_note";
    number: string | null;
    title: string | null;
    issueDate: string | null;
    serviceDate: string | null;
    serviceEndDate: string | null;
    dueDate: string | null;
    notes: string | null;
    vatRegime: "franchise" | "standard";
    totalHtCents: number;
    totalVatCents: number;
    totalTtcCents: number;
  };
  seller: SellerSnapshot;
  buyer: BuyerSnapshot | null;
  lines: { id: number; description: string; quantity: number; unitPriceCents: number; vatRateBps: number; totalHtCents: number }[];
  vat: { rateBps: number; baseCents: number; vatCents: number }[];
  corrects: { number: string | null } | null;
};

const day = (d: string | null) => (d ? formatDate(`${d}T12:00:00Z`) : "—");

export function InvoiceDocument({ invoice, seller, buyer, lines, vat, corrects }: DocumentProps) {
  const credit = invoice.kind === "credit_note";
  const standard = invoice.vatRegime === "standard";
  return (
    <article className="card space-y-4 text-sm" data-testid="invoice-document">
      <header className="flex flex-wrap justify-between gap-4">
        <div>
          <p className="font-semibold">{seller.tradeName ?? seller.legalName}</p>
          {seller.tradeName ? <p>{seller.legalName}</p> : null}
          <p>{seller.address}</p>
          <p>
            {seller.postalCode} {seller.city}
          </p>
          {seller.siret ? <p>SIRET : {seller.siret}</p> : seller.siren ? <p>SIREN : {seller.siren}</p> : null}
          {seller.vatNumber ? <p>TVA intracommunautaire : {seller.vatNumber}</p> : null}
          {seller.email ? <p>{seller.email}</p> : null}
        </div>
        <div className="sm:text-right">
          <p className="text-lg font-bold">
            {credit ? "Avoir" : "Facture"} {invoice.number ?? "(brouillon, sans numéro)"}
          </p>
          {corrects ? <p>Rectifie la facture n° {corrects.number}</p> : null}
          <p>Date d'émission : {invoice.issueDate ? day(invoice.issueDate) : "à l'émission"}</p>
          <p>
            {invoice.serviceEndDate ? `Prestation du ${day(invoice.serviceDate)} au ${day(invoice.serviceEndDate)}` : `Date de prestation : ${invoice.serviceDate ? day(invoice.serviceDate) : "date des séances"}`}
          </p>
          {!credit ? <p>Échéance : {invoice.dueDate ? day(invoice.dueDate) : "selon vos conditions de paiement"}</p> : null}
        </div>
      </header>
      <section aria-label="Client" className="rounded-lg bg-slate-50 p-3">
        <p className="text-xs uppercase text-slate-500">Client</p>
        {buyer ? (
          <>
            <p className="font-semibold">{buyer.name}</p>
            {buyer.contact ? <p>À l'attention de {buyer.contact}</p> : null}
            {buyer.address ? <p>{buyer.address}</p> : null}
            {buyer.postalCode || buyer.city ? (
              <p>
                {buyer.postalCode} {buyer.city}
              </p>
            ) : null}
            {buyer.siren ? <p>SIREN : {buyer.siren}</p> : null}
            {buyer.vatNumber ? <p>TVA : {buyer.vatNumber}</p> : null}
          </>
        ) : (
          <p>Client supprimé</p>
        )}
      </section>
      {invoice.title ? <p className="font-medium">Objet : {invoice.title}</p> : null}
      <div className="table-wrap">
        <table className="w-full text-left">
          <thead>
            <tr className="border-b text-xs text-slate-500">
              <th className="py-1 pr-2">Désignation</th>
              <th className="py-1 pr-2 text-right">Qté</th>
              <th className="py-1 pr-2 text-right">PU HT</th>
              {standard ? <th className="py-1 pr-2 text-right">TVA</th> : null}
              <th className="py-1 text-right">Total HT</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id} className="border-b last:border-0">
                <td className="py-1 pr-2">{l.description}</td>
                <td className="py-1 pr-2 text-right">{formatQuantity(l.quantity)}</td>
                <td className="py-1 pr-2 text-right">{formatEuros(l.unitPriceCents)}</td>
                {standard ? <td className="py-1 pr-2 text-right">{formatRate(l.vatRateBps)}</td> : null}
                <td className="py-1 text-right">{formatEuros(l.totalHtCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="ml-auto grid max-w-xs grid-cols-2 gap-x-4 gap-y-1" data-testid="invoice-totals">
        <dt>Total HT</dt>
        <dd className="text-right">{formatEuros(invoice.totalHtCents)}</dd>
        {standard ? (
          vat.map((v) => (
            <div key={v.rateBps} className="contents">
              <dt>
                TVA {formatRate(v.rateBps)} sur {formatEuros(v.baseCents)}
              </dt>
              <dd className="text-right">{formatEuros(v.vatCents)}</dd>
            </div>
          ))
        ) : (
          <>
            <dt>TVA</dt>
            <dd className="text-right">{formatEuros(0)}</dd>
          </>
        )}
        <dt className="font-semibold">Total TTC</dt>
        <dd className="text-right font-semibold">{formatEuros(invoice.totalTtcCents)}</dd>
      </dl>
      {!standard ? <p className="font-medium">{FRANCHISE_MENTION}</p> : null}
      {invoice.notes ? <p className="whitespace-pre-line">{credit ? `Motif : ${invoice.notes}` : invoice.notes}</p> : null}
      {!credit ? (
        <footer className="space-y-1 border-t pt-3 text-xs text-slate-600">
          <p>
            En cas de retard de paiement, pénalités au taux annuel de {formatRate(seller.penaltyRateBps)}
            {" "}exigibles dès le lendemain de l'échéance. Pas d'escompte pour paiement anticipé.
          </p>
          {buyer?.kind === "business" ? <p data-testid="recovery-mention">{RECOVERY_INDEMNITY_MENTION}</p> : null}
          {seller.iban ? (
            <p>
              Paiement par virement : IBAN {seller.iban}
              {seller.bic ? ` · BIC ${seller.bic}` : ""}
            </p>
          ) : null}
          {seller.legalMentions ? <p className="whitespace-pre-line">{seller.legalMentions}</p> : null}
        </footer>
      ) : null}
    </article>
  );
}

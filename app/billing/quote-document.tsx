// A quote as the client reads it (the dashboard page and the public page /q/:token show the
// same): seller, client, lines, VAT per rate or the 293 B mention, totals, validity, payment
// schedule, notes and the seller's terms of sale.
import type { BuyerSnapshot, SellerSnapshot } from "../../db/tenant.schema";
import { formatDate, formatEuros } from "~/lib/format";
import { FRANCHISE_MENTION, formatQuantity, formatRate, type VatBreakdown } from "./money";

export type QuoteDocumentData = {
  number: string | null;
  title: string | null;
  issueDate: string | null;
  validUntil: string;
  vatRegime: "franchise" | "standard";
  notes: string | null;
  seller: SellerSnapshot;
  buyer: BuyerSnapshot | null;
  lines: { id: number; description: string; quantity: number; unitPriceCents: number; vatRateBps: number; totalHtCents: number; sessionCount: number | null }[];
  vat: VatBreakdown[];
  totalHtCents: number;
  totalVatCents: number;
  totalTtcCents: number;
  schedule: { depositPercent: number; depositCents: number; depositDueDate: string | null; balanceCents: number; balanceDueDate: string | null };
};

const day = (d: string | null) => (d ? formatDate(`${d}T12:00:00Z`) : null);

function Party({ title, lines }: { title: string; lines: (string | null | undefined | false)[] }) {
  return (
    <div>
      <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      <address className="mt-1 text-sm not-italic text-slate-800">
        {lines.filter(Boolean).map((l) => (
          <div key={l as string}>{l}</div>
        ))}
      </address>
    </div>
  );
}

export function QuoteDocument({ q }: { q: QuoteDocumentData }) {
  const s = q.seller;
  const b = q.buyer;
  const standard = q.vatRegime === "standard";
  return (
    <article className="card space-y-6" aria-label="Devis" data-testid="quote-document">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-2xl font-bold">DEVIS {q.number ?? "(brouillon)"}</p>
          {q.title ? <p className="text-slate-700">{q.title}</p> : null}
        </div>
        <dl className="text-sm text-slate-700">
          {q.issueDate ? (
            <div>
              <dt className="inline">Date : </dt>
              <dd className="inline">{day(q.issueDate)}</dd>
            </div>
          ) : null}
          <div>
            <dt className="inline">Valable jusqu'au : </dt>
            <dd className="inline font-semibold">{day(q.validUntil)}</dd>
          </div>
        </dl>
      </header>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Party
          title="Prestataire"
          lines={[s.tradeName, s.legalName || "(raison sociale à compléter dans les réglages)", s.address, [s.postalCode, s.city].filter(Boolean).join(" "), s.siret ? `SIRET ${s.siret}` : s.siren ? `SIREN ${s.siren}` : null, s.vatNumber ? `TVA ${s.vatNumber}` : null, s.email]}
        />
        <Party
          title="Client"
          lines={b ? [b.name, b.contact ? `À l'attention de ${b.contact}` : null, b.address, [b.postalCode, b.city].filter(Boolean).join(" "), b.siren ? `SIREN ${b.siren}` : null, b.vatNumber ? `TVA ${b.vatNumber}` : null, b.email] : ["(client supprimé)"]}
        />
      </div>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[32rem] text-sm">
          <thead>
            <tr className="border-b text-left text-slate-500">
              <th className="py-2 pr-2 font-medium">Description</th>
              <th className="py-2 pr-2 text-right font-medium">Qté</th>
              <th className="py-2 pr-2 text-right font-medium">PU HT</th>
              {standard ? <th className="py-2 pr-2 text-right font-medium">TVA</th> : null}
              <th className="py-2 text-right font-medium">Total HT</th>
            </tr>
          </thead>
          <tbody>
            {q.lines.map((l) => (
              <tr key={l.id} className="border-b border-slate-100">
                <td className="py-2 pr-2">
                  {l.description}
                  {l.sessionCount && l.sessionCount > 1 ? <span className="text-slate-500"> ({l.sessionCount} séances)</span> : null}
                </td>
                <td className="py-2 pr-2 text-right">{formatQuantity(l.quantity)}</td>
                <td className="py-2 pr-2 text-right">{formatEuros(l.unitPriceCents)}</td>
                {standard ? <td className="py-2 pr-2 text-right">{formatRate(l.vatRateBps)}</td> : null}
                <td className="py-2 text-right">{formatEuros(l.totalHtCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="ml-auto w-full max-w-xs space-y-1 text-sm" data-testid="quote-totals">
        <div className="flex justify-between">
          <dt>Total HT</dt>
          <dd>{formatEuros(q.totalHtCents)}</dd>
        </div>
        {standard ? (
          q.vat.map((v) => (
            <div key={v.rateBps} className="flex justify-between">
              <dt>
                TVA {formatRate(v.rateBps)} sur {formatEuros(v.baseCents)}
              </dt>
              <dd>{formatEuros(v.vatCents)}</dd>
            </div>
          ))
        ) : (
          <p className="text-slate-600">{FRANCHISE_MENTION}</p>
        )}
        <div className="flex justify-between border-t pt-1 text-base font-bold">
          <dt>Total TTC</dt>
          <dd>{formatEuros(q.totalTtcCents)}</dd>
        </div>
      </dl>
      <section aria-labelledby="schedule-title" className="text-sm">
        <h2 id="schedule-title" className="font-semibold">
          Échéancier de paiement
        </h2>
        {q.schedule.depositPercent > 0 ? (
          <ul className="mt-1 list-disc pl-5" data-testid="quote-schedule">
            <li>
              Acompte de {q.schedule.depositPercent} % : {formatEuros(q.schedule.depositCents)}
              {q.schedule.depositDueDate ? `, à régler le ${day(q.schedule.depositDueDate)}` : ", à l'acceptation"}
            </li>
            <li>
              Solde : {formatEuros(q.schedule.balanceCents)}
              {q.schedule.balanceDueDate ? `, à régler le ${day(q.schedule.balanceDueDate)}` : ""}
            </li>
          </ul>
        ) : (
          <p className="mt-1" data-testid="quote-schedule">
            Paiement du total {q.schedule.balanceDueDate ? `le ${day(q.schedule.balanceDueDate)}` : "à réception de la facture"}.
          </p>
        )}
      </section>
      {q.notes ? <p className="whitespace-pre-line text-sm text-slate-700">{q.notes}</p> : null}
      {s.legalMentions ? <p className="whitespace-pre-line text-xs text-slate-500">{s.legalMentions}</p> : null}
      <section aria-labelledby="terms-title" className="text-sm">
        <h2 id="terms-title" className="font-semibold">
          Conditions générales de vente
        </h2>
        <p className="mt-1 whitespace-pre-line text-slate-700" data-testid="quote-terms">
          {s.termsOfSale || "Le prestataire n'a pas renseigné de conditions générales de vente."}
        </p>
      </section>
    </article>
  );
}

// What invoices will say about this client: private person or business, address, SIREN, VAT number.
import { CLIENT_KIND_LABELS, type ClientKind } from "./client-schemas";

type Props = {
  kind: ClientKind;
  company: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  siren: string | null;
  vatNumber: string | null;
};

const groupSiren = (siren: string) => siren.replace(/^(\d{3})(\d{3})(\d{3})$/, "$1 $2 $3");

export function ClientBillingSummary(c: Props) {
  const place = [c.postalCode, c.city].filter(Boolean).join(" ");
  const address = [c.address, place, c.country !== "FR" ? c.country : null].filter(Boolean).join(", ");
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid="client-billing">
      <dt className="text-slate-500">Facturation</dt>
      <dd>{c.kind === "business" && c.company ? `${CLIENT_KIND_LABELS.business} · ${c.company}` : CLIENT_KIND_LABELS[c.kind]}</dd>
      <dt className="text-slate-500">Adresse</dt>
      <dd>{address || <span className="text-slate-500">non renseignée</span>}</dd>
      {c.kind === "business" ? (
        <>
          <dt className="text-slate-500">SIREN</dt>
          <dd>{c.siren ? groupSiren(c.siren) : <span className="text-slate-500">non renseigné</span>}</dd>
          <dt className="text-slate-500">N° TVA</dt>
          <dd>{c.vatNumber ?? <span className="text-slate-500">non renseigné</span>}</dd>
        </>
      ) : null}
    </dl>
  );
}

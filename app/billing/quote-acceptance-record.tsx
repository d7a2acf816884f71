import { formatDateTime } from "~/lib/format";

export type AcceptanceData = { name: string | null; at: number; ip: string | null; earlyStartAt: number | null };

/** The "bon pour accord" as recorded: who typed their name, when, from where. */
export function QuoteAcceptanceRecord({ acceptance: a, showIp }: { acceptance: AcceptanceData; showIp?: boolean }) {
  return (
    <section className="card border-emerald-200 bg-emerald-50 text-sm text-emerald-900" aria-labelledby="acceptance-title" data-testid="quote-acceptance">
      <h2 id="acceptance-title" className="font-semibold">
        Bon pour accord
      </h2>
      <p className="mt-1">
        Accepté par <strong>{a.name}</strong> le {formatDateTime(a.at)}
        {showIp && a.ip ? ` (adresse IP ${a.ip})` : ""}.
      </p>
      {a.earlyStartAt ? <p className="mt-1">Le client a demandé le commencement de la prestation avant la fin du délai de rétractation de 14 jours.</p> : null}
    </section>
  );
}

// The client page's sessions (upcoming and history) and money side.
import { Link } from "@remix-run/react";
import { formatDateTime, formatEuros } from "~/lib/format";
import { SESSION_STATUS_LABELS } from "./session-status";
import type { ClientMoney, ClientSessionRow } from "./client-sessions.server";

/** Paid or not, in the words that fit the session's status. */
function PaymentLabel({ session: s }: { session: ClientSessionRow }) {
  if (s.status === "refunded") return <>remboursée</>;
  if (s.paid) return <>payée</>;
  if (s.status === "completed") return <strong className="text-amber-800">à encaisser</strong>;
  if (s.status === "confirmed") return <>à régler</>;
  return <>non due</>;
}

// On a phone each row stacks as a small card (thead hidden, each cell labelled by data-label);
// from `sm` up it is a plain table. Same rows either way, for screen readers and tests.
const CELL = "block py-0.5 sm:table-cell sm:py-2 sm:pr-3";
const LABELLED = `${CELL} before:mr-1 before:text-slate-500 before:content-[attr(data-label)] sm:before:content-none`;

function SessionsTable({ rows, caption }: { rows: ClientSessionRow[]; caption: string }) {
  return (
    <table className="mt-2 w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="hidden text-xs uppercase text-slate-500 sm:table-header-group">
        <tr>
          <th className="py-2 pr-3">Date</th>
          <th className="py-2 pr-3">Séance</th>
          <th className="py-2 pr-3">Thème</th>
          <th className="py-2 pr-3">Statut</th>
          <th className="py-2 pr-3">Paiement</th>
        </tr>
      </thead>
      <tbody className="block divide-y divide-slate-100 sm:table-row-group">
        {rows.map((s) => (
          <tr key={s.id} data-testid="client-session" className="block py-2 sm:table-row sm:py-0">
            <td className={`${CELL} whitespace-nowrap font-medium sm:font-normal`}>
              <Link to={`/dashboard/sessions/${s.id}`} className="text-indigo-700 underline">
                <time dateTime={new Date(s.scheduledAt).toISOString()}>{formatDateTime(s.scheduledAt)}</time>
              </Link>
            </td>
            <td className={`${CELL} whitespace-nowrap`}>
              {s.number !== null ? `Séance #${s.number}` : "—"}
            </td>
            <td className={LABELLED} data-label="Thème :">
              {s.theme ?? "—"}
            </td>
            <td className={LABELLED} data-label="Statut :">
              {SESSION_STATUS_LABELS[s.status]}
            </td>
            <td className={LABELLED} data-label="Paiement :">
              {formatEuros(s.priceCents)} · <PaymentLabel session={s} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ClientSessions({ clientId, upcoming, history }: { clientId: number; upcoming: ClientSessionRow[]; history: ClientSessionRow[] }) {
  return (
    <section className="card space-y-4" aria-labelledby="sessions-title" id="sessions">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="sessions-title" className="text-lg font-semibold">
          Séances
        </h2>
        <Link to={`/dashboard/sessions/new?clientId=${clientId}`} className="btn-secondary">
          Planifier une séance
        </Link>
      </div>
      <div>
        <h3 className="font-medium">À venir ({upcoming.length})</h3>
        {upcoming.length ? <SessionsTable rows={upcoming} caption="Séances à venir" /> : <p className="mt-1 text-sm text-slate-600">Pas de séance prévue.</p>}
      </div>
      <div>
        <h3 className="font-medium">Historique ({history.length})</h3>
        {history.length ? <SessionsTable rows={history} caption="Historique des séances" /> : <p className="mt-1 text-sm text-slate-600">Aucune séance passée.</p>}
      </div>
    </section>
  );
}

const count = (n: number) => `${n} ${n > 1 ? "séances" : "séance"}`;

export function ClientMoneyPanel({ money }: { money: ClientMoney }) {
  const items: [string, number, number, string][] = [
    ["Réalisées et payées", money.paidCents, money.paidCount, "text-emerald-800"],
    ["Réalisées, à encaisser", money.unpaidCents, money.unpaidCount, "text-amber-800"],
    ["À venir (confirmées)", money.upcomingCents, money.upcomingCount, "text-slate-800"],
  ];
  return (
    <section className="card space-y-3" aria-labelledby="money-title" id="money">
      <h2 id="money-title" className="text-lg font-semibold">
        Côté argent
      </h2>
      <dl className="space-y-2" data-testid="client-money">
        {items.map(([label, cents, n, colour]) => (
          <div key={label} className="flex items-baseline justify-between gap-3">
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className={`text-right font-semibold ${colour}`}>
              {formatEuros(cents)} <span className="text-xs font-normal text-slate-500">({count(n)})</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

import { Link } from "@remix-run/react";
import { formatEuros } from "~/lib/format";
import type { SessionStatus } from "../../db/tenant.schema";
import { SESSION_STATUS_LABELS } from "./session-status";

const STATUS_STYLES: Record<SessionStatus, string> = {
  confirmed: "bg-indigo-50 text-indigo-800",
  completed: "bg-emerald-50 text-emerald-800",
  cancelled: "bg-slate-100 text-slate-700",
  no_show: "bg-amber-50 text-amber-800",
  refunded: "bg-red-50 text-red-800",
};

const when = new Intl.DateTimeFormat("fr-FR", { dateStyle: "full", timeStyle: "short", timeZone: "Europe/Paris" });

export type HeaderSession = {
  clientId: number;
  clientName: string;
  number: number | null;
  status: SessionStatus;
  scheduledAt: number;
  durationMinutes: number;
  priceCents: number;
  theme: string | null;
  startedAt: number | null;
  paidAt: number | null;
};

/** Who, when, how long, how much, where it stands: the first thing read during a session. */
export function SessionHeader({ session }: { session: HeaderSession }) {
  const during = session.status === "confirmed" && session.startedAt !== null;
  return (
    <div>
      <Link to={`/dashboard/clients/${session.clientId}`} className="text-sm text-indigo-700 underline">
        ← {session.clientName}
      </Link>
      <h1 className="mt-2 text-2xl font-bold">
        {session.number !== null ? `Séance #${session.number}` : "Séance"} · {session.clientName}
      </h1>
      {session.theme ? <p className="text-slate-700">{session.theme}</p> : null}
      <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600">
        <span className="inline-block first-letter:uppercase">{when.format(session.scheduledAt)}</span>
        <span>{session.durationMinutes} min</span>
        <span>{formatEuros(session.priceCents)}</span>
        <span data-testid="session-status" className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_STYLES[session.status]}`}>
          {during ? "En cours" : SESSION_STATUS_LABELS[session.status]}
        </span>
        <span data-testid="session-paid" className={`rounded-full px-2 py-0.5 text-xs font-semibold ${session.paidAt ? "bg-emerald-50 text-emerald-800" : "bg-amber-50 text-amber-800"}`}>
          {session.paidAt ? "Payée" : "Non payée"}
        </span>
      </p>
    </div>
  );
}

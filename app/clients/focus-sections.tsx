// Focus's blocks (seeds/002 Vue 1): the sessions of the next 48 h by day, today's CRM
// follow-ups, the month's figures. Times are rendered in Europe/Paris on server and browser alike.
import { Form, Link } from "@remix-run/react";
import { ACTIVITY_TYPE_LABELS } from "~/crm/lead-schemas";
import { formatEuros, formatInt } from "~/lib/format";
import type { FocusDay, FocusSession, FollowUp, ToClose } from "./focus.server";
import { BriefLink } from "./brief-dialog";
import { startOpensAt } from "./session-start";

const time = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Paris" });
const dayTime = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Paris" });
const wholeEuros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });

/**
 * "1 240 €" for whole euros, "1 240,50 €" otherwise. Not plain formatEuros, which always shows the
 * cents ("1 240,00 €", right in tables where amounts line up): Focus's headline figure follows
 * the seed's wording ("Ce mois : 1 240 €"), so only a sum with cents goes through formatEuros.
 */
export const formatMonthEuros = (cents: number) => (cents % 100 === 0 ? wholeEuros.format(cents / 100) : formatEuros(cents));

/** "Vous avez 3 séances prévues…" / "1 séance prévue…", and how many of them have begun (counted in). */
export function sessionsSentence(n: number, inProgress = 0) {
  const base = n === 1 ? "Vous avez 1 séance prévue dans les prochaines 48 h" : `Vous avez ${formatInt(n)} séances prévues dans les prochaines 48 h`;
  return inProgress > 0 ? `${base} (dont ${formatInt(inProgress)} en cours)` : base;
}


export function UpcomingDays({ days, now }: { days: FocusDay[]; now: number }) {
  return (
    <div className="space-y-6">
      {days.map((d) => (
        <section key={d.day} aria-labelledby={`day-${d.day}`} data-testid="focus-day">
          <h2 id={`day-${d.day}`} className="text-sm font-bold uppercase tracking-wide text-slate-500">
            {d.label}
          </h2>
          <ul className="mt-2 space-y-3">
            {d.sessions.map((s) => (
              <SessionCard key={s.id} session={s} now={now} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function SessionCard({ session: s, now }: { session: FocusSession; now: number }) {
  const at = time.format(s.scheduledAt);
  const startLabel = `Démarrer la séance de ${s.clientName}, ${at}`;
  return (
    <li className="card" data-testid="focus-session" data-session-id={s.id}>
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <time dateTime={new Date(s.scheduledAt).toISOString()} className="text-lg font-bold tabular-nums">
          {at}
        </time>
        <Link to={`/dashboard/clients/${s.clientId}`} className="font-semibold text-indigo-700 underline">
          {s.clientName}
        </Link>
        {s.inProgress ? (
          <span className="rounded-full border border-green-200 bg-green-50 px-2 py-0.5 text-xs font-medium text-green-800" data-testid="in-progress">
            en cours
          </span>
        ) : null}
      </div>
      <p className="mt-1 text-sm text-slate-700">
        {s.number != null ? `Séance #${s.number}` : "Séance"}
        {s.theme ? ` • ${s.theme}` : ""} · {s.durationMinutes} min
      </p>
      {s.lastMoment ? <p className="mt-1 text-sm text-slate-600">Dernier moment marqué : « {s.lastMoment} »</p> : null}
      <Flags flags={s.flags} />
      <div className="mt-3 flex flex-wrap gap-2">
        <BriefLink sessionId={s.id} label="Voir le pré-brief" description={`${s.clientName}, ${at}`} />
        {/* Before the session page accepts a start, "Démarrer" is a plain link to it. */}
        {startOpensAt(s).getTime() <= now ? (
          // The session page's own action (intent=start) starts it and redirects there with a flash.
          <Form method="post" action={`/dashboard/sessions/${s.id}`}>
            <button type="submit" name="intent" value="start" className="btn" aria-label={startLabel}>
              Démarrer la séance
            </button>
          </Form>
        ) : (
          <Link to={`/dashboard/sessions/${s.id}`} className="btn" aria-label={startLabel}>
            Démarrer la séance
          </Link>
        )}
      </div>
    </li>
  );
}

function Flags({ flags }: { flags: FocusSession["flags"] }) {
  const items = [
    flags.newClient ? { text: "Nouveau client", cls: "bg-blue-50 text-blue-800 border-blue-200" } : null,
    flags.firstSession ? { text: "Première séance", cls: "bg-indigo-50 text-indigo-800 border-indigo-200" } : null,
    flags.previousUnpaid ? { text: "Séance précédente impayée", cls: "bg-amber-50 text-amber-900 border-amber-200" } : null,
  ].filter((x) => x !== null);
  if (!items.length) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-2" aria-label="À savoir">
      {items.map((f) => (
        <li key={f.text} className={`rounded-full border px-2 py-0.5 text-xs font-medium ${f.cls}`}>
          {f.text}
        </li>
      ))}
    </ul>
  );
}

/** Confirmed sessions already over: forgotten, to complete or mark absent on their page. */
export function ToCloseList({ items, total }: { items: ToClose[]; total: number }) {
  if (!items.length) return null;
  return (
    <section className="card border-amber-200" aria-labelledby="to-close-title">
      <h2 id="to-close-title" className="font-semibold">
        À clôturer ({formatInt(total)})
      </h2>
      <p className="mt-1 text-sm text-slate-600">Ces séances sont passées mais toujours « confirmées » : terminez-les ou marquez le client absent.</p>
      <ul className="mt-2 divide-y divide-slate-100" data-testid="to-close">
        {items.map((s) => (
          <li key={s.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2 text-sm" data-session-id={s.id}>
            <span>
              <span className="font-medium">{s.clientName}</span>
              <span className="text-slate-600"> · {s.number != null ? `Séance #${s.number}` : "Séance"} · {dayTime.format(s.scheduledAt)}</span>
            </span>
            <Link to={`/dashboard/sessions/${s.id}`} className="text-indigo-700 underline" aria-label={`Clôturer la séance de ${s.clientName}, ${dayTime.format(s.scheduledAt)}`}>
              Clôturer
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function FollowUps({ items, total }: { items: FollowUp[]; total: number }) {
  return (
    <section className="card" aria-labelledby="follow-ups-title">
      <h2 id="follow-ups-title" className="font-semibold">
        Leads à relancer aujourd'hui {total ? `(${formatInt(total)})` : ""}
      </h2>
      {items.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">Aucune relance prévue aujourd'hui. Planifiez-en depuis la fiche d'un lead.</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100" data-testid="follow-ups">
          {items.map((f) => (
            <li key={f.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2 text-sm">
              <span>
                <Link to={`/dashboard/leads/${f.leadId}`} className="font-medium text-indigo-700 underline">
                  {f.leadName}
                </Link>
                <span className="text-slate-600"> · {ACTIVITY_TYPE_LABELS[f.type as keyof typeof ACTIVITY_TYPE_LABELS] ?? f.type}</span>
              </span>
              <span className={f.overdue ? "font-medium text-red-700" : "text-slate-600"}>
                {f.overdue ? `En retard · ${dayTime.format(f.dueAt)}` : `Aujourd'hui ${time.format(f.dueAt)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {total > items.length ? (
        <p className="mt-2 text-sm">
          <Link to="/dashboard/leads" className="text-indigo-700 underline">
            Voir tous les leads ({formatInt(total - items.length)} autres relances)
          </Link>
        </p>
      ) : null}
    </section>
  );
}

export function MonthFigures({ revenueCents, sessions }: { revenueCents: number; sessions: number }) {
  return (
    <p className="card text-center font-medium" data-testid="month-figures">
      Ce mois : {formatMonthEuros(revenueCents)} • {formatInt(sessions)} {sessions <= 1 ? "séance réalisée" : "séances réalisées"}
    </p>
  );
}

// The pre-brief's content: the same markup on its own (printable) page and in Focus's dialog.
import { Link } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/lib/format";
import type { Brief } from "./brief.server";
import { goalStateText } from "./brief-text";

type Props = { brief: Brief; headingId?: string; headingLevel?: "h1" | "h2" };

const sessionLabel = (n: number | null) => (n == null ? "Séance" : `Séance #${n}`);

export function BriefView({ brief, headingId, headingLevel = "h1" }: Props) {
  const { session, client, previous, goals, notes, messages } = brief;
  const Heading = headingLevel;
  const Sub = headingLevel === "h1" ? "h2" : "h3";
  return (
    <article className="brief space-y-4 text-slate-800">
      <header>
        <Heading id={headingId} className="text-xl font-bold sm:text-2xl">
          Pré-brief · {client.name}
        </Heading>
        <p className="mt-1 text-sm text-slate-600">
          {sessionLabel(session.number)} · {formatDateTime(session.scheduledAt)} · {session.durationMinutes} min
          {session.theme ? ` · ${session.theme}` : ""}
        </p>
        <p className="mt-1 text-sm print:hidden">
          <Link to={`/dashboard/clients/${client.id}`} className="text-indigo-700 underline">
            Fiche de {client.name}
          </Link>
        </p>
      </header>

      <section aria-labelledby={`${headingId ?? "brief"}-previous`} className="brief-section">
        <Sub id={`${headingId ?? "brief"}-previous`} className="font-semibold">
          Dernière séance
        </Sub>
        {previous ? (
          <div className="mt-1 space-y-2 text-sm">
            <p className="text-slate-600">
              {sessionLabel(previous.number)} du {formatDate(previous.scheduledAt)}
            </p>
            <p className="whitespace-pre-line brief-clamp-long">{previous.summary || "Pas de résumé enregistré pour cette séance."}</p>
            {previous.notes ? (
              <div>
                <p className="font-medium">Vos notes de séance</p>
                <p className="whitespace-pre-line brief-clamp">{previous.notes}</p>
              </div>
            ) : null}
            {previous.goals.length ? (
              <div>
                <p className="font-medium">Objectifs travaillés</p>
                <ul className="ml-5 list-disc">
                  {previous.goals.map((g) => (
                    <li key={g.id}>
                      {g.title} <span className="text-slate-600">({goalStateText(g)})</span>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {previous.moments.length ? (
              <div>
                <p className="font-medium">Moments marqués</p>
                <ul className="ml-5 list-disc">
                  {previous.moments.map((m, i) => (
                    <li key={i}>« {m} »</li>
                  ))}
                </ul>
              </div>
            ) : (
              <p className="text-slate-600">Aucun moment marqué.</p>
            )}
            <div>
              <p className="font-medium">Ce qui a été convenu</p>
              <p className="whitespace-pre-line brief-clamp">{previous.agreed || "Rien de noté."}</p>
            </div>
          </div>
        ) : (
          <p className="mt-1 text-sm text-slate-600">Première séance : pas encore d'historique avec ce client.</p>
        )}
      </section>

      <section aria-labelledby={`${headingId ?? "brief"}-goals`} className="brief-section">
        <Sub id={`${headingId ?? "brief"}-goals`} className="font-semibold">
          Objectifs en cours
        </Sub>
        {goals.length ? (
          <ul className="mt-1 space-y-2 text-sm">
            {goals.map((g) => (
              <li key={g.id}>
                <div className="flex justify-between gap-2">
                  <span>{g.title}</span>
                  <span className="tabular-nums text-slate-600">{g.progress} %</span>
                </div>
                <div className="mt-1 h-1.5 rounded bg-slate-200" aria-hidden="true">
                  <div className="h-1.5 rounded bg-indigo-500" style={{ width: `${Math.max(0, Math.min(100, g.progress))}%` }} />
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-1 text-sm text-slate-600">Aucun objectif en cours : à définir ensemble pendant la séance.</p>
        )}
      </section>

      <section aria-labelledby={`${headingId ?? "brief"}-notes`} className="brief-section">
        <Sub id={`${headingId ?? "brief"}-notes`} className="font-semibold">
          Notes récentes
        </Sub>
        {notes.length ? (
          <ul className="mt-1 space-y-1 text-sm">
            {notes.map((n) => (
              <li key={n.id} className="brief-clamp">
                <span className="text-slate-500">{formatDate(n.createdAt)} · </span>
                <span className="whitespace-pre-line">{n.body}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-1 text-sm text-slate-600">Aucune note sur ce client.</p>
        )}
      </section>

      {client.leadId != null ? (
        <section aria-labelledby={`${headingId ?? "brief"}-messages`} className="brief-section">
          <Sub id={`${headingId ?? "brief"}-messages`} className="font-semibold">
            Derniers messages du setter
          </Sub>
          {messages.length ? (
            <ul className="mt-1 space-y-1 text-sm">
              {messages.map((m) => (
                <li key={m.id} className="brief-clamp-short">
                  <span className="text-slate-500">
                    {formatDateTime(m.sentAt)} · {m.direction === "out" ? "Setter" : client.name} :{" "}
                  </span>
                  {m.text}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-sm text-slate-600">Aucun message échangé avec le setter.</p>
          )}
        </section>
      ) : null}
    </article>
  );
}

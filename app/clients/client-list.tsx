// The clients list's pieces: the GET filter form (search, sort), the health tabs, the cards.
import { Form, Link } from "@remix-run/react";
import { formatDateTime, formatInt } from "~/lib/format";
import { HEALTH_STATUSES, HEALTH_STYLES, type Health } from "./health";
import { HealthBadge } from "./health-badge";
import { CLIENT_SORT_LABELS, type ClientSort } from "./client-filters";
import type { ClientListRow } from "./clients-list.server";

export function ClientSearchForm({ q, health, sort }: { q?: string; health?: Health; sort: ClientSort }) {
  return (
    <Form method="get" action="/dashboard/clients" className="flex flex-wrap items-end gap-3" role="search">
      {health ? <input type="hidden" name="health" value={health} /> : null}
      <div className="min-w-[12rem] flex-1">
        <label htmlFor="clients-q" className="block text-sm font-medium text-slate-700">
          Rechercher (nom, email)
        </label>
        <input id="clients-q" name="q" type="search" defaultValue={q ?? ""} maxLength={100} className="input mt-1" />
      </div>
      <div>
        <label htmlFor="clients-sort" className="block text-sm font-medium text-slate-700">
          Trier par
        </label>
        <select id="clients-sort" name="sort" defaultValue={sort} className="input mt-1">
          {Object.entries(CLIENT_SORT_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <button className="btn">Afficher</button>
    </Form>
  );
}

/** Tous / Actif / À revoir / Nouveau / Inactif as links: bookmarkable, no JS. */
export function HealthTabs({ current, counts, hrefFor }: { current?: Health; counts: Record<Health | "all", number>; hrefFor: (h?: Health) => string }) {
  const tabs: [Health | undefined, string, number][] = [[undefined, "Tous", counts.all], ...HEALTH_STATUSES.map((h) => [h, HEALTH_STYLES[h].label, counts[h]] as [Health, string, number])];
  return (
    <nav aria-label="Filtrer par santé" className="-mx-1 flex flex-wrap gap-1">
      {tabs.map(([h, label, n]) => {
        const active = h === current;
        return (
          <Link
            key={label}
            to={hrefFor(h)}
            aria-current={active ? "page" : undefined}
            className={`rounded-full px-3 py-1.5 text-sm font-medium ${active ? "bg-indigo-600 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200"}`}
          >
            {label} <span className={active ? "text-indigo-100" : "text-slate-500"}>({formatInt(n)})</span>
          </Link>
        );
      })}
    </nav>
  );
}

export function ClientCards({ rows }: { rows: ClientListRow[] }) {
  return (
    <ul className="space-y-3" data-testid="clients-list">
      {rows.map((c) => (
        <li key={c.id} className="card space-y-2" data-testid="client-card">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <h2 className="text-lg font-semibold">
              <Link to={`/dashboard/clients/${c.id}`} className="text-indigo-700 hover:underline">
                {c.name}
              </Link>
            </h2>
            <HealthBadge health={c.health} reason={c.healthReason} />
          </div>
          <p className="text-sm text-slate-700">
            {formatInt(c.doneCount)} {c.doneCount > 1 ? "séances réalisées" : "séance réalisée"}
            {c.lastDoneLabel ? ` • Dernière : ${c.lastDoneLabel}` : ""}
          </p>
          <p className="text-sm text-slate-700">
            {c.nextPlannedAt !== null ? (
              <>
                Prochaine : <time dateTime={new Date(c.nextPlannedAt).toISOString()}>{formatDateTime(c.nextPlannedAt)}</time>
              </>
            ) : (
              <span className="text-amber-800">Pas de séance prévue</span>
            )}
          </p>
          {c.goal ? (
            <p className="text-sm text-slate-700">
              Objectif : « {c.goal.title} » — en cours, {c.goal.progress} %
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2 pt-1">
            <Link to={`/dashboard/clients/${c.id}`} className="btn-secondary" aria-label={`Voir la fiche de ${c.name}`}>
              Voir la fiche
            </Link>
            <Link to={`/dashboard/sessions/new?clientId=${c.id}`} className="btn-secondary" aria-label={`Nouvelle séance avec ${c.name}`}>
              Nouvelle séance
            </Link>
          </div>
        </li>
      ))}
    </ul>
  );
}

export function ClientsPagination({ page, pageCount, hrefFor }: { page: number; pageCount: number; hrefFor: (p: number) => string }) {
  if (pageCount <= 1) return null;
  const pages = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center gap-1 text-sm">
      {pages.map((p, i) => (
        <span key={p} className="flex items-center gap-1">
          {i > 0 && p - pages[i - 1] > 1 ? <span aria-hidden>…</span> : null}
          {p === page ? (
            <span aria-current="page" className="rounded bg-indigo-600 px-2.5 py-1 font-semibold text-white">
              {formatInt(p)}
            </span>
          ) : (
            <Link to={hrefFor(p)} className="rounded px-2.5 py-1 text-indigo-700 hover:bg-indigo-50">
              {formatInt(p)}
            </Link>
          )}
        </span>
      ))}
    </nav>
  );
}

import { Link } from "@remix-run/react";
import type { LeadRow } from "./leads-list.server";
import { formatInt } from "~/lib/format";
import { FUNNEL, leadName, STATUS_LABELS, statusBadgeClass, statusLabel, timeAgo } from "./lead-status";

// The list's own row type (type-only: nothing server-side reaches the browser bundle).
type Row = Omit<LeadRow, "dealValueCents">;

export const BULK_OPS = {
  tag_add: "Ajouter un tag",
  tag_remove: "Retirer un tag",
  status: "Changer le statut",
  blacklist: "Blacklister",
  export: "Exporter (CSV)",
  email: "Envoyer un email…",
  delete: "Supprimer…",
} as const;

/**
 * The list and its bulk actions in ONE plain form (a native post: it works without JavaScript
 * and an export answers with a download). "Tous les N résultats" sends the filter query, not ids.
 */
export function LeadsTable({ rows, total, query, now }: { rows: Row[]; total: number; query: string; now: number }) {
  return (
    <form method="post" action="/dashboard/leads/bulk" className="space-y-3">
      <input type="hidden" name="query" value={query} />
      <fieldset className="card flex flex-wrap items-end gap-3 text-sm">
        <legend className="sr-only">Actions groupées</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="scope" value="all" />
          Sélectionner les {formatInt(total)} résultats
        </label>
        <div>
          <label htmlFor="bulk-op" className="block text-slate-600">
            Action
          </label>
          <select id="bulk-op" name="op" className="input mt-1 w-auto">
            {Object.entries(BULK_OPS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <label>
          <span className="block text-slate-600">Tag à ajouter ou retirer</span>
          <input name="tag" maxLength={50} className="input mt-1 w-40" placeholder="ex. chaud" />
        </label>
        <div>
          <label htmlFor="bulk-status" className="block text-slate-600">
            Nouveau statut
          </label>
          <select id="bulk-status" name="status" className="input mt-1 w-auto">
            {FUNNEL.filter((s) => s !== "won" && s !== "lost").map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-secondary">
          Appliquer à la sélection
        </button>
      </fieldset>
      {/* Scrolls sideways on a phone rather than squeezing the columns. */}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm" data-testid="leads-table">
          <thead className="bg-slate-50 text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">
                <span className="sr-only">Sélection</span>
              </th>
              <th className="px-3 py-2">Nom</th>
              <th className="px-3 py-2">Entreprise</th>
              <th className="px-3 py-2">Statut</th>
              <th className="px-3 py-2 text-right">Score</th>
              <th className="px-3 py-2">Tags</th>
              <th className="px-3 py-2">Dernier contact</th>
              <th className="px-3 py-2">Source</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((l) => (
              <tr key={l.id} className={l.blacklisted ? "bg-slate-50 text-slate-500" : undefined}>
                <td className="px-3 py-2">
                  <input type="checkbox" name="id" value={l.id} aria-label={`Sélectionner ${leadName(l)}`} />
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  <Link to={`/dashboard/leads/${l.id}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
                    {leadName(l)}
                  </Link>
                  {l.username && (l.firstName || l.lastName) ? <span className="block text-xs text-slate-500">@{l.username}</span> : null}
                  {l.blacklisted ? <span className="ml-2 rounded bg-slate-800 px-1.5 py-0.5 text-xs text-white">Blacklisté</span> : null}
                </td>
                <td className="px-3 py-2">{l.company ?? "—"}</td>
                <td className="px-3 py-2">
                  <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ${statusBadgeClass(l.status)}`}>{statusLabel(l.status)}</span>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{l.score}</td>
                <td className="px-3 py-2">
                  <div className="flex flex-wrap gap-1">
                    {l.tags.map((t) => (
                      <span key={t} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">
                        {t}
                      </span>
                    ))}
                  </div>
                </td>
                <td className="whitespace-nowrap px-3 py-2">{timeAgo(l.lastContactAt, now)}</td>
                <td className="px-3 py-2">{l.source ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </form>
  );
}

/** Page numbers around the current one, first and last always reachable. */
export function Pagination({ page, pageCount, query }: { page: number; pageCount: number; query: string }) {
  if (pageCount <= 1) return null;
  const pages = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  const href = (p: number) => `/dashboard/leads?${query ? `${query}&` : ""}page=${p}`;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center gap-1 text-sm">
      {pages.map((p, i) => (
        <span key={p} className="flex items-center gap-1">
          {i > 0 && p - pages[i - 1] > 1 ? <span aria-hidden>…</span> : null}
          {p === page ? (
            <span aria-current="page" className="rounded bg-indigo-600 px-2.5 py-1 font-semibold text-white">
              {p}
            </span>
          ) : (
            <Link to={href(p)} className="rounded px-2.5 py-1 text-indigo-700 hover:bg-indigo-50">
              {p}
            </Link>
          )}
        </span>
      ))}
    </nav>
  );
}

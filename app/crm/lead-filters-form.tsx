import { Form, Link } from "@remix-run/react";
import { FUNNEL, STATUS_LABELS } from "./lead-status";

export type FilterValues = {
  q?: string;
  status: string[];
  source?: string;
  tag?: string;
  segment?: number;
  score_min?: number;
  score_max?: number;
  created_from?: string;
  created_to?: string;
  blacklisted: string;
  sort: string;
};

const SORT_LABELS: Record<string, string> = {
  created_desc: "Plus récents",
  created_asc: "Plus anciens",
  score_desc: "Score décroissant",
  score_asc: "Score croissant",
  last_contact_desc: "Dernier contact récent",
  last_contact_asc: "Dernier contact ancien",
  name_asc: "Nom A → Z",
  name_desc: "Nom Z → A",
};

/**
 * The list's filters as a plain GET form: the URL is the state (bookmarkable, works without
 * JavaScript). The pipeline posts the same form to itself (`action`), without the sort.
 */
export function LeadFiltersForm({ f, choices, action, showSort = true }: { f: FilterValues; choices: { sources: string[]; tags: string[] }; action: string; showSort?: boolean }) {
  return (
    <Form method="get" action={action} className="card space-y-3" role="search" aria-label="Filtrer les leads">
      {f.segment ? <input type="hidden" name="segment" value={f.segment} /> : null}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <label className="text-sm lg:col-span-2">
          <span className="block text-slate-600">Recherche</span>
          <input type="search" name="q" defaultValue={f.q ?? ""} placeholder="Nom, email, téléphone, @instagram, entreprise" className="input mt-1" />
        </label>
        <label className="text-sm">
          <span className="block text-slate-600">Source</span>
          <select name="source" defaultValue={f.source ?? ""} className="input mt-1">
            <option value="">Toutes</option>
            {choices.sources.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block text-slate-600">Tag</span>
          <select name="tag" defaultValue={f.tag ?? ""} className="input mt-1">
            <option value="">Tous</option>
            {choices.tags.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
      </div>
      <fieldset>
        <legend className="text-sm text-slate-600">Statut</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {FUNNEL.map((s) => (
            <label key={s} className="flex items-center gap-1 text-sm">
              <input type="checkbox" name="status" value={s} defaultChecked={f.status.includes(s)} />
              {STATUS_LABELS[s]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-6">
        <label className="text-sm">
          <span className="block text-slate-600">Score min.</span>
          <input type="number" name="score_min" min={0} max={100} defaultValue={f.score_min ?? ""} className="input mt-1" />
        </label>
        <label className="text-sm">
          <span className="block text-slate-600">Score max.</span>
          <input type="number" name="score_max" min={0} max={100} defaultValue={f.score_max ?? ""} className="input mt-1" />
        </label>
        <label className="text-sm">
          <span className="block text-slate-600">Créé depuis le</span>
          <input type="date" name="created_from" defaultValue={f.created_from ?? ""} className="input mt-1" />
        </label>
        <label className="text-sm">
          <span className="block text-slate-600">Jusqu'au</span>
          <input type="date" name="created_to" defaultValue={f.created_to ?? ""} className="input mt-1" />
        </label>
        <label className="text-sm">
          <span className="block text-slate-600">Blacklistés</span>
          <select name="blacklisted" defaultValue={f.blacklisted} className="input mt-1">
            <option value="no">Exclus</option>
            <option value="yes">Seulement eux</option>
            <option value="all">Inclus</option>
          </select>
        </label>
        {showSort ? (
          <label className="text-sm">
            <span className="block text-slate-600">Tri</span>
            <select name="sort" defaultValue={f.sort} className="input mt-1">
              {Object.entries(SORT_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn">
          Filtrer
        </button>
        <Link to={action} className="text-sm text-indigo-700 underline">
          Effacer les filtres
        </Link>
      </div>
    </Form>
  );
}

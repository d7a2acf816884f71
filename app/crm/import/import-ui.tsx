// The pieces of the import pages: past imports, the mapping step, the preview and options
// step, the progress and the report. Plain forms: every step works without JavaScript.
import { Form, Link } from "@remix-run/react";
import { formatDateTime, formatInt } from "~/lib/format";
import { FIELD_LABELS, IMPORT_FIELDS } from "./mapping";
import { DEDUPE_KEYS, DEDUPE_LABELS, type UndoKept } from "./options";
import { ErrorList } from "~/components/forms";

export type ImportSummary = {
  id: number;
  fileName: string;
  status: string;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  createdAt: number;
  finishedAt: number | null;
  error: string | null;
  hasRejectedCsv: boolean;
  options: { unchanged?: number; undo?: UndoKept };
};

export const STATUS_TEXT: Record<string, string> = {
  draft: "Brouillon",
  queued: "En attente",
  running: "En cours",
  done: "Terminé",
  failed: "Échoué",
  undone: "Annulé",
};

export function ImportList({ imports, undoableId }: { imports: ImportSummary[]; undoableId: number | null }) {
  if (imports.length === 0) return <p className="text-sm text-slate-600">Aucun import pour l'instant : déposez un fichier ci-dessus pour commencer.</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="import-history">
      {imports.map((imp) => (
        <li key={imp.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
          <Link to={`/dashboard/leads/import/${imp.id}`} className="font-medium underline">
            {imp.fileName}
          </Link>
          <span className="text-slate-600">
            {formatDateTime(imp.createdAt)} · {STATUS_TEXT[imp.status] ?? imp.status}
            {imp.status === "done" || imp.status === "undone"
              ? ` · ${formatInt(imp.created)} créés, ${formatInt(imp.updated)} mis à jour, ${formatInt(imp.skipped)} doublons ignorés, ${formatInt(imp.rejected)} rejetés`
              : ""}
            {imp.id === undoableId ? " · annulable" : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

const DELIMITER_CHOICES = [
  ["semicolon", "point-virgule ( ; )"],
  ["comma", "virgule ( , )"],
  ["tab", "tabulation"],
] as const;
const ENCODING_CHOICES = [
  ["utf8", "UTF-8"],
  ["utf8bom", "UTF-8 (avec BOM)"],
  ["utf16le", "UTF-16 LE"],
  ["utf16be", "UTF-16 BE"],
  ["cp1252", "Windows-1252 (Excel français)"],
] as const;

export function MappingStep(props: {
  id: number;
  encoding: string;
  delimiterName: string;
  header: string[];
  samples: string[][];
  mapping: Record<string, string>;
  totalRows: number | null;
  error?: string | null;
}) {
  return (
    <Form method="post" className="card space-y-4" aria-labelledby="mapping-title">
      <h2 id="mapping-title" className="text-lg font-semibold">
        2. Associer les colonnes
      </h2>
      <p className="text-sm text-slate-600">
        {props.totalRows !== null ? `${formatInt(props.totalRows)} lignes détectées. ` : ""}Vérifiez l'encodage et le séparateur (les accents doivent
        s'afficher correctement), puis choisissez le champ de chaque colonne.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <DetectedChoice label="Encodage détecté" name="encoding" value={props.encoding} choices={ENCODING_CHOICES} />
        <DetectedChoice label="Séparateur détecté" name="delimiter" value={props.delimiterName} choices={DELIMITER_CHOICES} />
      </div>
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <thead>
            <tr className="text-left text-slate-600">
              <th className="py-1 pr-3">Colonne du fichier</th>
              <th className="py-1 pr-3">Exemples</th>
              <th className="py-1">Champ du lead</th>
            </tr>
          </thead>
          <tbody>
            {props.header.map((h, i) => (
              <tr key={i} className="border-t border-slate-100">
                <td className="py-1 pr-3 font-medium">{h || `(colonne ${i + 1})`}</td>
                <td className="max-w-xs truncate py-1 pr-3 text-slate-600">{props.samples.map((r) => r[i]).filter(Boolean).slice(0, 3).join(" · ")}</td>
                <td className="py-1">
                  <select name={`col-${i}`} defaultValue={props.mapping[String(i)] ?? ""} className="input" aria-label={`Champ pour la colonne ${h}`}>
                    <option value="">— Ignorer —</option>
                    {IMPORT_FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {FIELD_LABELS[f]}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorList errors={props.error ? [props.error] : null} />
      <div className="flex flex-wrap gap-2">
        <button type="submit" name="intent" value="mapping" className="btn">
          Enregistrer et prévisualiser
        </button>
        <button type="submit" name="intent" value="discard" className="btn-secondary" formNoValidate>
          Abandonner ce fichier
        </button>
      </div>
    </Form>
  );
}

type PreviewRow = { line: number; cells: string[]; errors: Record<string, string>; reason: string };

export function PreviewStep(props: {
  header: string[];
  mapping: Record<string, string>;
  rows: PreviewRow[];
  values: { dedupeKey: string; onDuplicate: string; tags: string };
  errors?: Record<string, string[] | undefined> | null;
  error?: string | null;
}) {
  const columns = Object.entries(props.mapping).sort(([a], [b]) => Number(a) - Number(b));
  return (
    <>
      <section className="card space-y-3" aria-labelledby="preview-title">
        <h2 id="preview-title" className="text-lg font-semibold">
          3. Aperçu des 10 premières lignes
        </h2>
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm" data-testid="preview">
            <thead>
              <tr className="text-left text-slate-600">
                <th className="py-1 pr-3">Ligne</th>
                {columns.map(([i, f]) => (
                  <th key={i} className="py-1 pr-3">
                    {FIELD_LABELS[f as keyof typeof FIELD_LABELS]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr key={r.line} className={`border-t border-slate-100 align-top ${r.reason ? "bg-red-50" : ""}`}>
                  <td className="py-1 pr-3 tabular-nums">{r.line}</td>
                  {columns.map(([i, f]) => (
                    <td key={i} className="py-1 pr-3">
                      {r.cells[Number(i)]}
                      {r.errors[f] ? <span className="block text-xs text-red-700">{r.errors[f]}</span> : null}
                    </td>
                  ))}
                  {r.errors.row ? <td className="py-1 text-xs text-red-700">{r.errors.row}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="text-sm text-slate-600">Les lignes en rouge seront rejetées ; vous pourrez les télécharger dans le rapport pour les corriger.</p>
      </section>
      <Form method="post" className="card space-y-4" aria-labelledby="options-title">
        <h2 id="options-title" className="text-lg font-semibold">
          4. Options
        </h2>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Reconnaître un contact déjà présent par</legend>
          {DEDUPE_KEYS.map((k) => (
            <label key={k} className="mr-4 inline-flex items-center gap-1 text-sm">
              <input type="radio" name="dedupeKey" value={k} defaultChecked={props.values.dedupeKey === k} /> {DEDUPE_LABELS[k]}
            </label>
          ))}
          <OptionError errors={props.errors?.dedupeKey} />
        </fieldset>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Pour un contact déjà présent</legend>
          <label className="mr-4 inline-flex items-center gap-1 text-sm">
            <input type="radio" name="onDuplicate" value="skip" defaultChecked={props.values.onDuplicate === "skip"} /> l'ignorer
          </label>
          <label className="inline-flex items-center gap-1 text-sm">
            <input type="radio" name="onDuplicate" value="update" defaultChecked={props.values.onDuplicate === "update"} /> le mettre à jour (les cellules
            vides ne l'effacent pas)
          </label>
          <OptionError errors={props.errors?.onDuplicate} />
        </fieldset>
        <label className="block text-sm font-medium text-slate-700">
          Étiquettes à ajouter (séparées par des virgules)
          <input name="tags" defaultValue={props.values.tags} className="input mt-1" placeholder="salon-2025, import" />
        </label>
        <OptionError errors={props.errors?.tags} />
        <ErrorList errors={props.error ? [props.error] : null} />
        <div className="flex flex-wrap gap-2">
          <button type="submit" name="intent" value="start" className="btn">
            Lancer l'import
          </button>
          <Link to="?step=mapping" className="btn-secondary">
            Modifier les colonnes
          </Link>
        </div>
      </Form>
    </>
  );
}

function OptionError({ errors }: { errors?: string[] }) {
  return errors?.length ? (
    <p role="alert" className="mt-1 text-sm text-red-700">
      {errors.join(" ")}
    </p>
  ) : null;
}

export function ProgressView({ processed, total, undo }: { processed: number; total: number; undo?: boolean }) {
  const pct = total > 0 ? Math.min(100, Math.round((processed / total) * 100)) : 0;
  return (
    <section className="card space-y-3" aria-live="polite">
      {/* Without JavaScript the page reloads itself; with it, the route revalidates instead. */}
      <noscript>
        <meta httpEquiv="refresh" content="2" />
      </noscript>
      <h2 className="text-lg font-semibold">{undo ? "Annulation de l'import en cours…" : "Import en cours…"}</h2>
      {undo ? (
        <p className="text-sm text-slate-600" data-testid="import-progress">
          Les contacts créés sont supprimés et les contacts mis à jour retrouvent leurs valeurs, en une fois. Cette page se met à jour toute seule.
        </p>
      ) : (
        <>
          <progress max={100} value={pct} className="w-full" aria-label="Progression de l'import" />
          <p className="text-sm text-slate-600" data-testid="import-progress">
            {formatInt(processed)} / {formatInt(total)} lignes traitées ({pct} %). Rien n'est enregistré avant la fin : un import interrompu
            n'importe rien. Cette page se met à jour toute seule.
          </p>
        </>
      )}
    </section>
  );
}

export function ReportView(props: {
  imp: ImportSummary;
  rejectedRows: { line: string; reason: string }[];
  canUndo: boolean;
}) {
  const { imp } = props;
  if (imp.status === "failed") {
    return (
      <section className="card space-y-3" data-testid="import-report">
        <h2 className="text-lg font-semibold">Import échoué</h2>
        <p role="alert" className="text-sm text-red-700">
          {imp.error ?? "L'import a échoué."} Aucun contact n'a été créé ni modifié.
        </p>
        <Link to="/dashboard/leads/import" className="btn-secondary">
          Déposer un fichier
        </Link>
      </section>
    );
  }
  const unchanged = imp.options.unchanged ?? 0;
  const undoError = imp.status === "done" && imp.error ? imp.error : null;
  return (
    <section className="card space-y-4" data-testid="import-report">
      <h2 className="text-lg font-semibold">Rapport d'import{imp.status === "undone" ? " (annulé)" : ""}</h2>
      <ErrorList errors={undoError ? [undoError] : null} />
      {imp.status === "undone" && imp.options.undo ? <UndoSummary undo={imp.options.undo} /> : null}
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Count label="Créés" value={imp.created} testId="report-created" />
        <Count label="Mis à jour" value={imp.updated} testId="report-updated" />
        <Count label="Doublons ignorés" value={imp.skipped + unchanged} testId="report-skipped" hint={unchanged ? `dont ${formatInt(unchanged)} identiques` : undefined} />
        <Count label="Rejetés" value={imp.rejected} testId="report-rejected" />
      </dl>
      {props.rejectedRows.length > 0 ? (
        <div className="space-y-2">
          <h3 className="font-medium">Lignes rejetées</h3>
          <ul className="space-y-1 text-sm" data-testid="rejected-rows">
            {props.rejectedRows.map((r) => (
              <li key={r.line}>
                <span className="font-medium">Ligne {r.line}</span> : {r.reason}
              </li>
            ))}
          </ul>
          {imp.rejected > props.rejectedRows.length ? <p className="text-sm text-slate-600">… et {formatInt(imp.rejected - props.rejectedRows.length)} autres dans le fichier.</p> : null}
          {imp.hasRejectedCsv ? (
            <a href={`/dashboard/leads/import/${imp.id}/rejected.csv`} className="btn-secondary" download>
              Télécharger les lignes rejetées (CSV à corriger puis réimporter)
            </a>
          ) : null}
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Link to="/dashboard/leads" className="btn">
          Voir les leads
        </Link>
        <Link to="/dashboard/leads/import" className="btn-secondary">
          Nouvel import
        </Link>
      </div>
      {props.canUndo ? (
        <Form method="post" className="border-t border-slate-100 pt-3">
          <p className="text-sm text-slate-600">
            Annuler supprime les {formatInt(imp.created)} contacts créés et rend aux {formatInt(imp.updated)} contacts mis à jour leurs valeurs d'avant.
          </p>
          <button type="submit" name="intent" value="undo" className="btn-danger mt-2">
            Annuler cet import
          </button>
        </Form>
      ) : null}
    </section>
  );
}

/** What the undo removed, restored and kept (work done since the import is never destroyed). */
function UndoSummary({ undo }: { undo: UndoKept }) {
  const k = undo.keptCreated;
  const keptCreated = k.edited + k.notes + k.activities + k.client;
  const why = [
    k.edited ? `${formatInt(k.edited)} modifiés depuis l'import` : null,
    k.notes ? `${formatInt(k.notes)} avec des notes ajoutées depuis` : null,
    k.activities ? `${formatInt(k.activities)} avec des activités ou des devis` : null,
    k.client ? `${formatInt(k.client)} clients suivis depuis (séances, objectifs, notes, devis ou factures)` : null,
  ].filter(Boolean);
  return (
    <div className="rounded border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="undo-summary">
      <p>
        Annulation : {formatInt(undo.deleted)} contacts créés supprimés, {formatInt(undo.restored)} contacts remis à leurs valeurs d'avant.
      </p>
      {keptCreated > 0 ? (
        <p data-testid="undo-kept-created">
          {formatInt(keptCreated)} contacts créés par l'import ont été conservés car on y a travaillé depuis : {why.join(", ")}.
        </p>
      ) : null}
      {undo.keptUpdated > 0 ? (
        <p data-testid="undo-kept-updated">{formatInt(undo.keptUpdated)} contacts mis à jour par l'import n'ont pas été remis à leurs valeurs d'avant : ils ont été modifiés depuis, ou leur client a été suivi depuis.</p>
      ) : null}
    </div>
  );
}

function Count({ label, value, testId, hint }: { label: string; value: number; testId: string; hint?: string }) {
  return (
    <div>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-2xl font-bold tabular-nums" data-testid={testId}>
        {formatInt(value)}
      </dd>
      {hint ? <dd className="text-xs text-slate-500">{hint}</dd> : null}
    </div>
  );
}

/** A detected value (encoding, delimiter) shown as a select the coach can override. */
function DetectedChoice({ label, name, value, choices }: { label: string; name: string; value: string; choices: readonly (readonly [string, string])[] }) {
  return (
    <label className="block text-sm font-medium text-slate-700">
      {label}
      <select name={name} defaultValue={value} className="input mt-1" data-testid={name}>
        {choices.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { ErrorList, Field, useZodForm } from "~/components/forms";
import { formatDate } from "~/lib/format";
import { SelectField, TextareaField } from "./lead-form-bits";
import { LEAD_STATUSES, LOST_REASONS, ScoreOverrideSchema, STATUS_LABELS, StatusSchema, TagSchema } from "./lead-schemas";

type Result = SubmissionResult<string[]> | null | undefined;

export function StatusPanel({
  status,
  lostReason,
  clientId,
  lastResult,
  askLostReason = false,
}: {
  status: (typeof LEAD_STATUSES)[number];
  lostReason: string | null;
  clientId: number | null;
  lastResult: Result;
  /** Arriving from the pipeline's "Perdu" column (?lost=1): preselect it and ask for the reason. */
  askLostReason?: boolean;
}) {
  const initial = askLostReason ? "lost" : status;
  const [form, fields] = useZodForm(StatusSchema, { id: "lead-status", lastResult, defaultValue: { status: initial, lostReason: (lostReason ?? undefined) as never } });
  return (
    <section id="statut" className="card space-y-3" aria-labelledby="status-title">
      <h2 id="status-title" className="text-lg font-semibold">
        Statut
      </h2>
      {askLostReason && status !== "lost" ? (
        <p role="status" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-800">
          Pour passer ce lead en « Perdu », indiquez la raison de la perte puis validez.
        </p>
      ) : null}
      {clientId !== null ? (
        <p className="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-800">
          Gagné : <Link to={`/dashboard/clients/${clientId}`} className="font-semibold underline">voir la fiche client</Link>
        </p>
      ) : null}
      <Form method="post" className="space-y-3" {...getFormProps(form)}>
        <SelectField label="Nouveau statut" field={fields.status} options={LEAD_STATUSES.map((s) => [s, STATUS_LABELS[s]] as const)} empty={null} />
        <fieldset className="space-y-3 rounded-lg border border-slate-200 p-3">
          <legend className="px-1 text-sm text-slate-600">Si « Perdu »</legend>
          <SelectField label="Raison de la perte" field={fields.lostReason} options={LOST_REASONS.map((r) => [r, r] as const)} />
          <TextareaField label="Précision (obligatoire pour « Autre »)" field={fields.lostDetails} rows={2} />
        </fieldset>
        <button name="intent" value="status" className="btn">
          Changer le statut
        </button>
      </Form>
      <Form method="post" className="flex flex-wrap gap-2">
        <input type="hidden" name="status" value="won" />
        <button name="intent" value="status" className="btn-secondary">
          Gagné
        </button>
      </Form>
    </section>
  );
}

export function ScorePanel({ score, override, explanation, lastResult }: { score: number; override: number | null; explanation: string[]; lastResult: Result }) {
  const [form, fields] = useZodForm(ScoreOverrideSchema, { id: "lead-score", lastResult, defaultValue: { scoreOverride: override ?? undefined } });
  return (
    <section id="score" className="card space-y-3" aria-labelledby="score-title">
      <h2 id="score-title" className="text-lg font-semibold">
        Score : <span data-testid="lead-score">{score}</span>/100
      </h2>
      <ul className="list-inside list-disc text-sm text-slate-600">
        {explanation.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <Form method="post" className="flex flex-wrap items-end gap-2" {...getFormProps(form)}>
        <div className="w-32">
          <Field label="Score manuel" field={fields.scoreOverride} type="number" />
        </div>
        <button name="intent" value="score" className="btn-secondary">
          Fixer
        </button>
        {override !== null ? (
          <button name="intent" value="clear-score" className="btn-secondary" formNoValidate>
            Revenir au calcul
          </button>
        ) : null}
      </Form>
    </section>
  );
}

export function TagsPanel({ tags, lastResult }: { tags: string[]; lastResult: Result }) {
  const [form, fields] = useZodForm(TagSchema, { id: "lead-tag", lastResult });
  return (
    <section id="tags" className="card space-y-3" aria-labelledby="tags-title">
      <h2 id="tags-title" className="text-lg font-semibold">
        Tags
      </h2>
      {tags.length === 0 ? <p className="text-sm text-slate-600">Aucun tag : ajoutez-en pour retrouver ce contact dans vos listes.</p> : null}
      <ul className="flex flex-wrap gap-2">
        {tags.map((tag) => (
          <li key={tag}>
            <Form method="post" className="inline-flex items-center gap-1 rounded-full bg-indigo-50 px-3 py-1 text-sm text-indigo-800">
              {tag}
              <input type="hidden" name="tag" value={tag} />
              <button name="intent" value="remove-tag" aria-label={`Retirer le tag ${tag}`} className="font-bold">
                ×
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" className="flex items-end gap-2" {...getFormProps(form)}>
        <div className="flex-1">
          <label htmlFor={fields.tag.id} className="block text-sm font-medium text-slate-700">
            Nouveau tag
          </label>
          <input {...getInputProps(fields.tag, { type: "text" })} key={fields.tag.key} className="input mt-1" />
          <ErrorList id={fields.tag.errorId} errors={fields.tag.errors} />
        </div>
        <button name="intent" value="add-tag" className="btn-secondary">
          Ajouter
        </button>
      </Form>
    </section>
  );
}

const CONSENT_SOURCES: Record<string, string> = { coach: "saisi par vous", api: "API (N8N, ManyChat)", import: "import CSV", formulaire: "formulaire" };

export type ConsentRecord = { given: boolean; source: string | null; at: number | null };
export type EmailState = { suppressions: string[]; marketingExcluded: string | null };

/** "Consentement : oui — import CSV, 12/11/2026"; a withdrawal keeps who and when. */
export function consentLine({ given, source, at }: ConsentRecord) {
  const origin = [source ? (CONSENT_SOURCES[source] ?? source) : null, at !== null ? formatDate(at) : null].filter(Boolean).join(", ");
  if (given) return `Consentement : oui${origin ? ` — ${origin}` : ""}`;
  return at !== null ? `Consentement : non — retiré (${origin})` : "Consentement : non";
}

export function ContactPanel({ consent, blacklisted, emailState }: { consent: ConsentRecord; blacklisted: boolean; emailState: EmailState }) {
  return (
    <section id="contact" className="card space-y-3" aria-labelledby="contact-title">
      <h2 id="contact-title" className="text-lg font-semibold">
        Consentement et liste noire
      </h2>
      <p className="text-sm" data-testid="consent-line">
        {consentLine(consent)}
      </p>
      <p className="text-sm" data-testid="email-state">
        {emailState.suppressions.length ? `Email : ${emailState.suppressions.join(", ")}` : "Email : aucune désinscription ni échec"}
        {emailState.marketingExcluded ? <span className="block text-red-700">Exclu des envois marketing : {emailState.marketingExcluded}.</span> : null}
      </p>
      <Form method="post" className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="consent" defaultChecked={consent.given} key={String(consent.given)} /> A consenti à recevoir des messages
        </label>
        <button name="intent" value="consent" className="btn-secondary">
          Enregistrer
        </button>
      </Form>
      <Form method="post">
        {blacklisted ? (
          <button name="intent" value="unblacklist" className="btn-secondary">
            Lever la liste noire
          </button>
        ) : (
          <button name="intent" value="blacklist" className="btn-danger">
            Mettre en liste noire
          </button>
        )}
      </Form>
    </section>
  );
}

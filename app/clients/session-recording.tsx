// The "during the session" part of the session page: notes, marked moments, goals touched, and
// the form that closes the session. Each is a plain POST form; JS only spares a reload when a
// moment is added.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { ErrorList, useZodForm } from "~/components/forms";
import { TextareaField } from "~/crm/lead-form-bits";
import { formatDateTime } from "~/lib/format";
import { CompleteSchema } from "./session-schemas";

type Result = SubmissionResult<string[]> | null | undefined;
type Moment = { id: number; body: string; createdAt: number };
type Goal = { id: number; title: string; progress: number; status: string; touched: boolean };

export function NotesForm({ notes }: { notes: string | null }) {
  return (
    <section id="notes" className="card space-y-3" aria-labelledby="notes-title">
      <h2 id="notes-title" className="text-lg font-semibold">Notes</h2>
      <Form method="post" className="space-y-2">
        <label htmlFor="session-notes" className="sr-only">Notes de séance</label>
        <textarea id="session-notes" name="notes" rows={6} maxLength={20_000} defaultValue={notes ?? ""} className="input" placeholder="Ce que dit le client, ce que vous observez…" />
        <button name="intent" value="notes" className="btn-secondary">Enregistrer les notes</button>
      </Form>
    </section>
  );
}

type FetcherData = { intent: string; result: Result; refused: string | null; added: boolean };

export function Moments({ moments, editable, lastResult }: { moments: Moment[]; editable: boolean; lastResult: Result }) {
  const fetcher = useFetcher<FetcherData>();
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  // Only a hydrated page posts through the fetcher; without JS the form posts and redirects.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const data = fetcher.data?.intent === "add-moment" ? fetcher.data : null;
  useEffect(() => {
    if (fetcher.state === "idle" && data?.added) {
      formRef.current?.reset();
      inputRef.current?.focus();
    }
  }, [fetcher.state, data]);
  const errors = (data ? data.result : lastResult)?.error?.body ?? (data?.refused ? [data.refused] : null);
  return (
    <section id="moments" className="card space-y-3" aria-labelledby="moments-title">
      <h2 id="moments-title" className="text-lg font-semibold">Moments clés ({moments.length})</h2>
      {moments.length === 0 ? <p className="text-sm text-slate-600">Aucun moment marqué : notez ici un déclic, une phrase forte, un objectif atteint.</p> : null}
      <ol className="space-y-2" data-testid="moments">
        {moments.map((m) => (
          <li key={m.id} className="flex items-start justify-between gap-3 rounded-lg bg-slate-50 p-3 text-sm">
            <span>
              <span className="block whitespace-pre-wrap">{m.body}</span>
              <span className="text-xs text-slate-500">{formatDateTime(m.createdAt)}</span>
            </span>
            {editable ? (
              <Form method="post">
                <input type="hidden" name="momentId" value={m.id} />
                <button name="intent" value="remove-moment" className="text-sm text-red-700 underline" aria-label={`Retirer le moment « ${m.body} »`}>
                  Retirer
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
      {editable ? (
        <fetcher.Form ref={formRef} method="post" className="flex flex-col gap-2 sm:flex-row sm:items-end">
          {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
          <div className="flex-1">
            <label htmlFor="moment-body" className="block text-sm font-medium text-slate-700">Nouveau moment</label>
            <input ref={inputRef} id="moment-body" name="body" required maxLength={500} autoComplete="off" className="input mt-1"
              aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? "moment-body-error" : undefined} />
            <ErrorList id="moment-body-error" errors={errors} />
          </div>
          <button name="intent" value="add-moment" className="btn-secondary" disabled={fetcher.state !== "idle"}>
            Marquer ce moment
          </button>
        </fetcher.Form>
      ) : null}
    </section>
  );
}

export function GoalsForm({ goals, editable }: { goals: Goal[]; editable: boolean }) {
  return (
    <section id="objectifs" className="card space-y-3" aria-labelledby="goals-title">
      <h2 id="goals-title" className="text-lg font-semibold">Objectifs travaillés</h2>
      {goals.length === 0 ? <p className="text-sm text-slate-600">Aucun objectif en cours : ajoutez-en depuis la fiche client.</p> : (
        <Form method="post" className="space-y-2">
          <fieldset className="space-y-2" disabled={!editable}>
            <legend className="sr-only">Objectifs abordés pendant la séance</legend>
            {goals.map((g) => (
              <label key={g.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="goalId" value={g.id} defaultChecked={g.touched} className="h-4 w-4" />
                <span>{g.title} <span className="text-slate-500">({g.progress} %)</span></span>
              </label>
            ))}
          </fieldset>
          {editable ? <button name="intent" value="goals" className="btn-secondary">Enregistrer les objectifs</button> : null}
        </Form>
      )}
    </section>
  );
}

export function CompleteForm({ lastResult }: { lastResult: Result }) {
  const [form, fields] = useZodForm(CompleteSchema, { id: "session-complete", lastResult });
  return (
    <section id="terminer" className="card space-y-3" aria-labelledby="complete-title">
      <h2 id="complete-title" className="text-lg font-semibold">Terminer la séance</h2>
      <Form method="post" className="space-y-3" {...getFormProps(form)}>
        <TextareaField label="Résumé (ce que le pré-brief de la prochaine séance montrera)" field={fields.summary} rows={4} />
        <TextareaField label="Ce qui a été convenu (facultatif)" field={fields.agreed} rows={3} />
        <button name="intent" value="complete" className="btn">Terminer la séance</button>
      </Form>
    </section>
  );
}

/** After the session: what was written when it was closed. */
export function SessionRecord({ summary, agreed }: { summary: string | null; agreed: string | null }) {
  return (
    <section className="card space-y-3" aria-labelledby="record-title">
      <h2 id="record-title" className="text-lg font-semibold">Compte rendu</h2>
      <div>
        <h3 className="text-sm font-semibold text-slate-700">Résumé</h3>
        <p data-testid="session-summary" className="whitespace-pre-wrap text-sm">{summary || "—"}</p>
      </div>
      <div>
        <h3 className="text-sm font-semibold text-slate-700">Ce qui a été convenu</h3>
        <p className="whitespace-pre-wrap text-sm">{agreed || "—"}</p>
      </div>
    </section>
  );
}

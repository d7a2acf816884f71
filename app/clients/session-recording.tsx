// The "during the session" part of the session page: marked moments, notes, and the closing
// summary, in ONE form whose buttons each save the text it carries (nothing typed is lost when
// a moment is added without JavaScript). With JS, adding a moment goes through a fetcher: no
// reload, the input is emptied and keeps the focus.
import type { SubmissionResult } from "@conform-to/react";
import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef, type FormEvent } from "react";
import { ErrorList } from "~/components/forms";
import { formatDateTime } from "~/lib/format";

type Result = SubmissionResult<string[]> | null | undefined;
type Moment = { id: number; body: string; createdAt: number };
type Goal = { id: number; title: string; progress: number; status: string; touched: boolean };
export type SessionActionData = { intent: string; result: Result; refused: string | null; added: boolean } | undefined;

function TextArea({ id, name, label, rows, maxLength, defaultValue, errors, placeholder }: {
  id: string; name: string; label: string; rows: number; maxLength: number; defaultValue: string | null; errors?: string[] | null; placeholder?: string;
}) {
  const invalid = Boolean(errors?.length);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">{label}</label>
      <textarea id={id} name={name} rows={rows} maxLength={maxLength} defaultValue={defaultValue ?? ""} placeholder={placeholder} className="input mt-1"
        aria-invalid={invalid || undefined} aria-describedby={invalid ? `${id}-error` : undefined} />
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function RecordingForm({ moments, notes, summary, agreed, during, actionData }: {
  moments: Moment[]; notes: string | null; summary: string | null; agreed: string | null;
  /** Started and not completed yet: the closing summary is asked for. */
  during: boolean;
  actionData: SessionActionData;
}) {
  const fetcher = useFetcher<NonNullable<SessionActionData>>();
  const inputRef = useRef<HTMLInputElement>(null);
  const fetched = fetcher.data?.intent === "add-moment" ? fetcher.data : undefined;
  useEffect(() => {
    if (fetcher.state === "idle" && fetched?.added && inputRef.current) {
      inputRef.current.value = "";
      inputRef.current.focus();
    }
  }, [fetcher.state, fetched]);
  const errorsOf = (intent: string, field: string) => {
    const data = intent === "add-moment" && fetched ? fetched : actionData?.intent === intent ? actionData : undefined;
    return data?.result?.error?.[field] ?? (data?.refused && intent === "add-moment" && data === fetched ? [data.refused] : null);
  };
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value !== "add-moment") return;
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    data.set("intent", "add-moment");
    data.set("via", "fetcher");
    fetcher.submit(data, { method: "post" });
  }
  return (
    <>
      {/* The remove buttons sit in the list, inside the recording form: they post these forms instead. */}
      {moments.map((m) => (
        <Form key={m.id} id={`remove-moment-${m.id}`} method="post" hidden>
          <input type="hidden" name="momentId" value={m.id} />
        </Form>
      ))}
      <Form method="post" className="space-y-6" onSubmit={onSubmit}>
        <section id="moments" className="card space-y-3" aria-labelledby="moments-title">
          <h2 id="moments-title" className="text-lg font-semibold">Moments clés ({moments.length})</h2>
          {moments.length === 0 ? <p className="text-sm text-slate-600">Aucun moment marqué : notez ici un déclic, une phrase forte, un objectif atteint.</p> : null}
          <MomentItems moments={moments} removable />
          <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
            <div className="flex-1">
              <label htmlFor="moment-body" className="sr-only">Nouveau moment</label>
              <input ref={inputRef} id="moment-body" name="body" maxLength={500} autoComplete="off" className="input" placeholder="Nouveau moment"
                aria-invalid={errorsOf("add-moment", "body") ? true : undefined} aria-describedby={errorsOf("add-moment", "body") ? "moment-body-error" : undefined} />
              <ErrorList id="moment-body-error" errors={errorsOf("add-moment", "body")} />
            </div>
            <button name="intent" value="add-moment" className="btn-secondary" disabled={fetcher.state !== "idle"}>Marquer ce moment</button>
          </div>
        </section>
        <section id="notes" className="card space-y-3" aria-labelledby="notes-title">
          <h2 id="notes-title" className="text-lg font-semibold">Notes</h2>
          <TextArea id="session-notes" name="notes" label="Notes de séance" rows={6} maxLength={20_000} defaultValue={notes} errors={errorsOf("notes", "notes")} placeholder="Ce que dit le client, ce que vous observez…" />
          <button name="intent" value="notes" className="btn-secondary">Enregistrer les notes</button>
        </section>
        {during ? (
          <section id="terminer" className="card space-y-3" aria-labelledby="complete-title">
            <h2 id="complete-title" className="text-lg font-semibold">Terminer la séance</h2>
            <TextArea id="session-summary" name="summary" label="Résumé (le pré-brief de la prochaine séance le montrera)" rows={4} maxLength={5000} defaultValue={summary} errors={errorsOf("complete", "summary")} />
            <TextArea id="session-agreed" name="agreed" label="Ce qui a été convenu (facultatif)" rows={3} maxLength={5000} defaultValue={agreed} errors={errorsOf("complete", "agreed")} />
            <button name="intent" value="complete" className="btn">Terminer la séance</button>
          </section>
        ) : null}
      </Form>
    </>
  );
}

function MomentItems({ moments, removable }: { moments: Moment[]; removable: boolean }) {
  return (
    <ol className="space-y-2" data-testid="moments">
      {moments.map((m) => (
        <li key={m.id} className="flex items-start justify-between gap-3 rounded-lg bg-slate-50 p-3 text-sm">
          <span>
            <span className="block whitespace-pre-wrap">{m.body}</span>
            <span className="text-xs text-slate-500">{formatDateTime(m.createdAt)}</span>
          </span>
          {removable ? (
            <button form={`remove-moment-${m.id}`} name="intent" value="remove-moment" className="text-sm text-red-700 underline" aria-label={`Retirer le moment « ${m.body} »`}>
              Retirer
            </button>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** A closed session's moments (cancelled, no-show, refunded): read only. */
export function MomentsRead({ moments }: { moments: Moment[] }) {
  if (moments.length === 0) return null;
  return (
    <section id="moments" className="card space-y-3" aria-labelledby="moments-title">
      <h2 id="moments-title" className="text-lg font-semibold">Moments clés ({moments.length})</h2>
      <MomentItems moments={moments} removable={false} />
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

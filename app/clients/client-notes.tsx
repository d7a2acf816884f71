// Notes on the client page: add, and delete behind a confirmation (a <details>, no JS needed).
import { getFormProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ErrorList, useZodForm } from "~/components/forms";
import { formatDateTime } from "~/lib/format";
import { ClientNoteSchema } from "./client-schemas";

export type NoteView = { id: number; body: string; createdAt: number };

export function ClientNotes({ notes, lastResult }: { notes: NoteView[]; lastResult?: SubmissionResult<string[]> | null }) {
  return (
    <section className="card space-y-4" aria-labelledby="notes-title" id="notes">
      <h2 id="notes-title" className="text-lg font-semibold">
        Notes
      </h2>
      {/* Keyed by the number of notes: with JS, an added note empties the form (an error keeps it). */}
      <AddNoteForm key={notes.length} lastResult={lastResult} />
      {notes.length === 0 ? <p className="text-sm text-slate-600">Aucune note pour l'instant.</p> : null}
      <ul className="space-y-3">
        {notes.map((n) => (
          <li key={n.id} className="rounded-lg border border-slate-200 p-3" data-testid="client-note">
            <p className="whitespace-pre-wrap text-sm">{n.body}</p>
            <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
              <p className="text-xs text-slate-500">{formatDateTime(n.createdAt)}</p>
              <details>
                <summary className="cursor-pointer text-sm text-red-700 underline">Supprimer…</summary>
                <Form method="post" className="mt-2 flex flex-wrap items-center gap-2">
                  <input type="hidden" name="noteId" value={n.id} />
                  <span className="text-sm">Supprimer définitivement cette note ?</span>
                  <button name="intent" value="delete-note" className="btn-danger">
                    Oui, supprimer
                  </button>
                </Form>
              </details>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AddNoteForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useZodForm(ClientNoteSchema, { id: "add-note", lastResult });
  const body = getTextareaProps(fields.body);
  return (
    <Form method="post" className="space-y-2" {...getFormProps(form)}>
      <label htmlFor={fields.body.id} className="block text-sm font-medium text-slate-700">
        Nouvelle note
      </label>
      <textarea {...body} key={body.key} rows={3} className="input" />
      <ErrorList id={fields.body.errorId} errors={fields.body.errors} />
      <button name="intent" value="add-note" className="btn">
        Ajouter la note
      </button>
    </Form>
  );
}

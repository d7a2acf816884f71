import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, useZodForm } from "~/components/forms";
import { formatDateTime } from "~/lib/format";
import { SelectField, TextareaField, entries } from "./lead-form-bits";
import { ACTIVITY_STATE_LABELS, ACTIVITY_TYPE_LABELS, ActivitySchema, NoteSchema, PRIORITY_LABELS, STATUS_LABELS } from "./lead-schemas";
import { replyLabel } from "./reply-time";
import { sendStatusLabel, sendSteps } from "~/email/send-status";
import type { ConversationMessage, TimelineItem } from "./timeline.server";

type Result = SubmissionResult<string[]> | null | undefined;
const label = <T extends Record<string, string>>(labels: T, key: string | null) => (key && key in labels ? labels[key as keyof T] : (key ?? "—"));


export function Conversation({ messages }: { messages: ConversationMessage[] }) {
  return (
    <section className="card space-y-3" aria-labelledby="conversation-title">
      <h2 id="conversation-title" className="text-lg font-semibold">
        Conversation du setter
      </h2>
      {messages.length === 0 ? <p className="text-sm text-slate-600">Aucun message : le setter n'a pas encore écrit à ce contact.</p> : null}
      <ol className="space-y-2" data-testid="conversation">
        {messages.map((m) => (
          <li key={m.id} className={`max-w-[85%] rounded-lg p-3 text-sm ${m.direction === "out" ? "ml-auto bg-indigo-50" : "bg-slate-100"}`}>
            <p className="text-xs text-slate-500">
              {m.direction === "out" ? "Envoyé" : "Reçu"}
              {m.messageNumber !== null ? ` · message ${m.messageNumber}` : ""} · {formatDateTime(m.sentAt)}
              {m.replyMinutes !== null ? ` · ${replyLabel(m.replyMinutes)}` : ""}
            </p>
            <p className="mt-1 whitespace-pre-wrap">{m.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

function NoteForm({ lastResult }: { lastResult: Result }) {
  const [form, fields] = useZodForm(NoteSchema, { id: "lead-note", lastResult });
  return (
    <Form method="post" className="space-y-2" {...getFormProps(form)}>
      <TextareaField label="Nouvelle note" field={fields.body} />
      <button name="intent" value="add-note" className="btn-secondary">
        Ajouter la note
      </button>
    </Form>
  );
}

function ActivityForm({ lastResult }: { lastResult: Result }) {
  const [form, fields] = useZodForm(ActivitySchema, { id: "lead-activity", lastResult, defaultValue: { type: "call", priority: "medium", state: "planned" } });
  return (
    <Form method="post" className="grid grid-cols-1 gap-3 sm:grid-cols-3" {...getFormProps(form)}>
      <SelectField label="Type" field={fields.type} options={entries(ACTIVITY_TYPE_LABELS)} empty={null} />
      <SelectField label="Priorité" field={fields.priority} options={entries(PRIORITY_LABELS)} empty={null} />
      <SelectField label="État" field={fields.state} options={entries(ACTIVITY_STATE_LABELS)} empty={null} />
      <Field label="Date (heure de Paris)" field={fields.dueDate} type={"date" as "text"} />
      <Field label="Heure" field={fields.dueTime} type={"time" as "text"} />
      <Field label="Durée (minutes)" field={fields.durationMinutes} type="number" />
      <div className="sm:col-span-3">
        <TextareaField label="Notes de l'activité" field={fields.details} rows={2} />
      </div>
      <div className="sm:col-span-3">
        <button name="intent" value="add-activity" className="btn-secondary">
          Ajouter l'activité
        </button>
      </div>
    </Form>
  );
}

function Item({ item }: { item: TimelineItem }) {
  if (item.kind === "email") {
    return (
      <div data-testid="timeline-email">
        <p className="text-xs text-slate-500">
          Email{item.campaignName ? ` (campagne « ${item.campaignName} »)` : ""} · {formatDateTime(item.at)} · <strong>{sendStatusLabel(item)}</strong>
        </p>
        <p className="mt-1 font-medium">{item.subject}</p>
        {sendSteps(item).length ? <p className="text-xs text-slate-500">{sendSteps(item).map(([step, at]) => `${step} le ${formatDateTime(at)}`).join(" · ")}</p> : null}
        {item.status === "failed" && item.error ? <p className="text-xs text-red-700">{item.error}</p> : null}
      </div>
    );
  }
  if (item.kind === "note") {
    return (
      <>
        <p className="text-xs text-slate-500">Note · {formatDateTime(item.at)}</p>
        <p className="mt-1 whitespace-pre-wrap">{item.body}</p>
        <Form method="post" className="mt-1">
          <input type="hidden" name="noteId" value={item.id} />
          <button name="intent" value="delete-note" className="text-xs text-red-700 underline">
            Supprimer la note
          </button>
        </Form>
      </>
    );
  }
  if (item.kind === "status") {
    return (
      <p className="text-sm">
        <span className="text-xs text-slate-500">{formatDateTime(item.at)} · </span>
        {item.fromStatus ? `Statut : ${label(STATUS_LABELS, item.fromStatus)} → ${label(STATUS_LABELS, item.toStatus)}` : `Créé au statut ${label(STATUS_LABELS, item.toStatus)}`}
      </p>
    );
  }
  return (
    <>
      <p className="text-xs text-slate-500">
        {label(ACTIVITY_TYPE_LABELS, item.type)} · priorité {label(PRIORITY_LABELS, item.priority).toLowerCase()} ·{" "}
        <strong>{label(ACTIVITY_STATE_LABELS, item.state)}</strong>
        {item.dueAt !== null ? ` · prévue le ${formatDateTime(item.dueAt)}` : ""}
        {item.durationMinutes !== null ? ` · ${item.durationMinutes} min` : ""}
        {item.doneAt !== null ? ` · faite le ${formatDateTime(item.doneAt)}` : ""}
      </p>
      {item.details ? <p className="mt-1 whitespace-pre-wrap">{item.details}</p> : null}
      <Form method="post" className="mt-2 flex flex-wrap items-center gap-2">
        <input type="hidden" name="intent" value="activity-state" />
        <input type="hidden" name="activityId" value={item.id} />
        {item.state === "planned" ? (
          <>
            <button name="state" value="done" className="btn-secondary py-1 text-xs">
              Marquer faite
            </button>
            <button name="state" value="cancelled" className="btn-secondary py-1 text-xs">
              Annuler l'activité
            </button>
          </>
        ) : (
          <button name="state" value="planned" className="btn-secondary py-1 text-xs">
            Replanifier
          </button>
        )}
      </Form>
    </>
  );
}

export function Timeline({ items, noteResult, activityResult }: { items: TimelineItem[]; noteResult: Result; activityResult: Result }) {
  return (
    <section id="timeline" className="card space-y-4" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="text-lg font-semibold">
        Historique
      </h2>
      <NoteForm lastResult={noteResult} />
      <div className="rounded-lg border border-slate-200 p-3">
        <h3 className="mb-3 text-sm font-semibold">Planifier une activité (appel, email, rendez-vous, visio)</h3>
        <ActivityForm lastResult={activityResult} />
      </div>
      {items.length === 0 ? <p className="text-sm text-slate-600">Rien pour l'instant : ajoutez une note ou planifiez un appel.</p> : null}
      <ol className="space-y-3" data-testid="timeline">
        {items.map((item) => (
          <li key={`${item.kind}-${item.id}`} className="border-l-2 border-slate-200 pl-3">
            <Item item={item} />
          </li>
        ))}
      </ol>
    </section>
  );
}

import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, useZodForm } from "~/components/forms";
import { SelectField } from "~/crm/lead-form-bits";
import { NewSessionSchema } from "./session-schemas";

type Defaults = { clientId?: number; date: string; time: string; duration: number };

/** Book a session: who, when (Paris time), how long, how much, about what. */
export function NewSessionForm({ clients, defaults, lastResult }: { clients: { id: number; name: string }[]; defaults: Defaults; lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useZodForm(NewSessionSchema, { id: "new-session", lastResult, defaultValue: defaults as never });
  return (
    <Form method="post" className="card space-y-4" {...getFormProps(form)}>
      <SelectField label="Client" field={fields.clientId as never} options={clients.map((c) => [String(c.id), c.name] as const)} empty="Choisissez un client" />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Field label="Date" field={fields.date} type={"date" as "text"} />
        <Field label="Heure (Paris)" field={fields.time} type={"time" as "text"} />
        <Field label="Durée (minutes)" field={fields.duration} type="number" />
        <Field label="Prix (€)" field={fields.price} help="0 pour une séance offerte." />
      </div>
      <Field label="Thème" field={fields.theme} placeholder="Gestion du stress" />
      {form.errors?.length ? <p role="alert" className="text-sm text-red-700">{form.errors.join(" ")}</p> : null}
      <button className="btn">Réserver la séance</button>
    </Form>
  );
}

import { getFormProps, getInputProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ErrorList, Field, useZodForm } from "~/components/forms";
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
        <PriceField field={fields.price} />
      </div>
      <Field label="Thème" field={fields.theme} placeholder="Gestion du stress" />
      <ErrorList errors={form.errors} />
      <button className="btn">Réserver la séance</button>
    </Form>
  );
}

/**
 * The price as text ("80,50" is French for 80.50, which a number input refuses), with the
 * phone's decimal keypad (inputMode) rather than the full keyboard.
 */
function PriceField({ field }: { field: FieldMetadata<string | undefined> }) {
  const helpId = `${field.id}-help`;
  const props = getInputProps(field, { type: "text", ariaDescribedBy: helpId });
  return (
    <div>
      <label htmlFor={field.id} className="block text-sm font-medium text-slate-700">Prix (€)</label>
      <input {...props} key={props.key} inputMode="decimal" autoComplete="off" className="input mt-1" />
      <p id={helpId} className="mt-1 text-xs text-slate-500">0 pour une séance offerte.</p>
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

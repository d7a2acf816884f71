import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, useZodForm } from "~/components/forms";
import { ClientFieldsSchema } from "./client-schemas";

export type ClientFieldValues = { firstName: string; lastName: string; email: string | null; phone: string | null; company: string | null; city: string | null };

/** Create and edit share this form: on error every typed value comes back with the messages. */
export function ClientFieldsForm({
  values,
  lastResult,
  submitLabel,
  intent,
  narrow,
}: {
  values?: ClientFieldValues;
  lastResult?: SubmissionResult<string[]> | null;
  submitLabel: string;
  /** Set on the client page, where several forms post to the same action. */
  intent?: string;
  /** In a side column: one field per line on large screens too. */
  narrow?: boolean;
}) {
  const u = (v: string | null) => v ?? undefined;
  const defaultValue = values
    ? { firstName: values.firstName, lastName: values.lastName, email: u(values.email), phone: u(values.phone), company: u(values.company), city: u(values.city) }
    : undefined;
  const [form, fields] = useZodForm(ClientFieldsSchema, { id: "client-fields", lastResult, defaultValue });
  return (
    <Form method="post" className={`grid grid-cols-1 gap-4 sm:grid-cols-2 ${narrow ? "lg:grid-cols-1" : ""}`} {...getFormProps(form)}>
      <Field label="Prénom *" field={fields.firstName} autoComplete="off" />
      <Field label="Nom *" field={fields.lastName} autoComplete="off" />
      <Field label="Email" field={fields.email} type="email" autoComplete="off" />
      <Field label="Téléphone" field={fields.phone} type="tel" help="Numéro français par défaut ; +indicatif pour l'étranger." autoComplete="off" />
      <Field label="Entreprise" field={fields.company} autoComplete="off" />
      <Field label="Ville" field={fields.city} autoComplete="off" />
      <div className={narrow ? "sm:col-span-2 lg:col-span-1" : "sm:col-span-2"}>
        <button name="intent" value={intent ?? "create"} className="btn">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

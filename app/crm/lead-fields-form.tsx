import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, useZodForm } from "~/components/forms";
import { SelectField, entries } from "./lead-form-bits";
import { GENDER_LABELS, LeadFieldsSchema } from "./lead-schemas";

export type LeadFieldValues = {
  firstName: string | null; lastName: string | null; username: string | null; email: string | null; phone: string | null;
  company: string | null; jobTitle: string | null; city: string | null; source: string | null; age: number | null;
  gender: string | null; dealValue: string;
};

const orUndefined = <T,>(v: T | null) => (v === null ? undefined : v);

/** Identity and qualification in one form: on error every typed value comes back with the messages. */
export function LeadFieldsForm({ values, lastResult }: { values: LeadFieldValues; lastResult?: SubmissionResult<string[]> | null }) {
  const keys = Object.keys(LeadFieldsSchema.shape) as (keyof LeadFieldValues)[];
  const defaultValue = Object.fromEntries(keys.map((k) => [k, orUndefined(values[k] === null ? null : String(values[k]))]));
  const [form, fields] = useZodForm(LeadFieldsSchema, { id: "lead-fields", lastResult, defaultValue });
  return (
    <section className="card space-y-4" aria-labelledby="fields-title">
      <h2 id="fields-title" className="text-lg font-semibold">
        Fiche
      </h2>
      <Form method="post" className="grid grid-cols-1 gap-4 sm:grid-cols-2" {...getFormProps(form)}>
        <Field label="Prénom" field={fields.firstName} autoComplete="off" />
        <Field label="Nom" field={fields.lastName} autoComplete="off" />
        <Field label="Pseudo Instagram" field={fields.username} autoComplete="off" />
        <Field label="Email" field={fields.email} type="email" autoComplete="off" />
        <Field label="Téléphone" field={fields.phone} type="tel" help="Numéro français par défaut ; +indicatif pour l'étranger." autoComplete="off" />
        <Field label="Entreprise" field={fields.company} autoComplete="off" />
        <Field label="Poste" field={fields.jobTitle} autoComplete="off" />
        <Field label="Ville" field={fields.city} autoComplete="off" />
        <Field label="Source" field={fields.source} autoComplete="off" />
        <Field label="Âge" field={fields.age} type="number" />
        <SelectField label="Genre" field={fields.gender} options={entries(GENDER_LABELS)} />
        <Field label="Valeur du deal (€)" field={fields.dealValue} help="Par exemple 1 250,50" autoComplete="off" />
        <div className="sm:col-span-2">
          <button name="intent" value="fields" className="btn">
            Enregistrer la fiche
          </button>
        </div>
      </Form>
    </section>
  );
}

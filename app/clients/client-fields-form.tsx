import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ErrorList, Field, useZodForm } from "~/components/forms";
import { CLIENT_KIND_LABELS, CLIENT_KINDS, ClientFieldsSchema, type ClientKind } from "./client-schemas";

export type ClientFieldValues = {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  city: string | null;
  kind: ClientKind;
  address: string | null;
  postalCode: string | null;
  country: string;
  siren: string | null;
  vatNumber: string | null;
};

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
    ? {
        firstName: values.firstName,
        lastName: values.lastName,
        email: u(values.email),
        phone: u(values.phone),
        kind: values.kind,
        company: u(values.company),
        address: u(values.address),
        postalCode: u(values.postalCode),
        city: u(values.city),
        country: values.country,
        siren: u(values.siren),
        vatNumber: u(values.vatNumber),
      }
    : { firstName: "", lastName: "", kind: "person" as const, country: "FR" };
  const [form, fields] = useZodForm(ClientFieldsSchema, { id: "client-fields", lastResult, defaultValue });
  const wide = narrow ? "sm:col-span-2 lg:col-span-1" : "sm:col-span-2";
  // SIREN and VAT number are for a business: hidden by CSS while "Particulier" is checked, so
  // this works without JavaScript too (the server drops them for a private person anyway).
  const businessOnly = "group-has-[#client-kind-person:checked]:hidden";
  return (
    <Form method="post" className={`group grid grid-cols-1 gap-4 sm:grid-cols-2 ${narrow ? "lg:grid-cols-1" : ""}`} {...getFormProps(form)}>
      <fieldset className={wide}>
        <legend className="text-sm font-medium text-slate-700">Type de client</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {CLIENT_KINDS.map((kind) => {
            const props = getInputProps(fields.kind, { type: "radio", value: kind });
            return (
              <label key={kind} className="flex items-center gap-2 text-sm">
                <input {...props} key={props.key} id={`client-kind-${kind}`} className="h-4 w-4" />
                {CLIENT_KIND_LABELS[kind]}
              </label>
            );
          })}
        </div>
        <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
      </fieldset>
      <Field label="Prénom *" field={fields.firstName} autoComplete="off" />
      <Field label="Nom *" field={fields.lastName} autoComplete="off" />
      <Field label="Email" field={fields.email} type="email" autoComplete="off" />
      <Field label="Téléphone" field={fields.phone} type="tel" help="Numéro français par défaut ; +indicatif pour l'étranger." autoComplete="off" />
      <Field label="Entreprise" field={fields.company} help="Obligatoire pour un professionnel : son nom figure sur les factures." autoComplete="off" />
      <Field label="Adresse" field={fields.address} autoComplete="off" />
      <Field label="Code postal" field={fields.postalCode} autoComplete="off" />
      <Field label="Ville" field={fields.city} autoComplete="off" />
      <Field label="Pays" field={fields.country} help="Code à 2 lettres : FR, BE, CH…" autoComplete="off" />
      <div className={businessOnly}>
        <Field label="SIREN (professionnel)" field={fields.siren} autoComplete="off" />
      </div>
      <div className={businessOnly}>
        <Field label="N° de TVA intracommunautaire (professionnel)" field={fields.vatNumber} autoComplete="off" />
      </div>
      <div className={wide}>
        <button name="intent" value={intent ?? "create"} className="btn">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

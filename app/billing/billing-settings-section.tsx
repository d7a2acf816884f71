// The "Facturation" section of /dashboard/settings: company and billing details (one form, one
// Zod schema) and the logo (its own multipart form). Both are real POST forms: JS only enhances.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ErrorList, Field, useZodForm } from "~/components/forms";
import { BillingSettingsSchema, LIMITS, VAT_RATE_OPTIONS_BPS, type BillingSettingsFormValues, type BillingSettingsInput } from "./billing-settings-schema";
import { FRANCHISE_MENTION, formatRate } from "./money";

type Props = {
  values: BillingSettingsFormValues;
  /** The logo's version (the profile's update time) to refresh the preview; null when none. */
  logoVersion: number | null;
  lastResult?: SubmissionResult<string[]> | null;
  logoError?: string | null;
};

function TextArea({ label, field, help, rows = 3 }: { label: string; field: FieldMetadata<string | undefined>; help?: string; rows?: number }) {
  const props = getTextareaProps(field, { ariaDescribedBy: help ? `${field.id}-help` : undefined });
  return (
    <div className="sm:col-span-2">
      <label htmlFor={field.id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea {...props} key={props.key} rows={rows} className="input mt-1" />
      {help ? (
        <p id={`${field.id}-help`} className="mt-1 text-xs text-slate-500">
          {help}
        </p>
      ) : null}
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function BillingSettingsSection({ values, logoVersion, lastResult, logoError }: Props) {
  const [form, fields] = useZodForm(BillingSettingsSchema, {
    id: "billing-settings",
    lastResult,
    // Conform fills inputs with strings anyway: the stored numbers are given as typed ("10,5").
    defaultValue: values as unknown as BillingSettingsInput,
  });
  const rateSelect = getSelectProps(fields.defaultVatRateBps);
  return (
    <section id="facturation" className="card space-y-4" aria-labelledby="facturation-title">
      <h2 id="facturation-title" className="text-lg font-semibold">
        Facturation
      </h2>
      <p className="text-sm text-slate-600">Ces informations figurent sur vos devis et factures (mentions obligatoires).</p>
      <Form method="post" className="grid grid-cols-1 gap-4 sm:grid-cols-2" {...getFormProps(form)}>
        <Field label="Nom commercial" field={fields.tradeName} />
        <Field label="Dénomination légale" field={fields.legalName} help="Pour une entreprise individuelle, ajoutez « EI » : « Marie Dupont EI »." />
        <div className="sm:col-span-2">
          <Field label="Adresse" field={fields.address} autoComplete="street-address" />
        </div>
        <Field label="Code postal" field={fields.postalCode} autoComplete="postal-code" help="5 chiffres en France." />
        <Field label="Ville" field={fields.city} autoComplete="address-level2" />
        <Field label="Pays" field={fields.country} help="Code à 2 lettres : FR, BE, CH…" />
        <Field label="SIREN" field={fields.siren} help="9 chiffres." />
        <Field label="SIRET" field={fields.siret} help="14 chiffres : le SIREN suivi du NIC de l'établissement." />
        <Field label="Numéro de TVA intracommunautaire" field={fields.vatNumber} help="Ex. FR27552032534 ; obligatoire si vous facturez la TVA." />
        <fieldset className="sm:col-span-2">
          <legend className="text-sm font-medium text-slate-700">Régime de TVA</legend>
          <div className="mt-1 space-y-2">
            {(
              [
                ["franchise", `Franchise en base : « ${FRANCHISE_MENTION} »`],
                ["standard", "Je facture la TVA"],
              ] as const
            ).map(([value, label]) => {
              const props = getInputProps(fields.vatRegime, { type: "radio", value });
              return (
                <label key={value} className="flex items-start gap-2 text-sm">
                  <input {...props} key={props.key} id={`${fields.vatRegime.id}-${value}`} className="mt-0.5 h-4 w-4" />
                  <span>{label}</span>
                </label>
              );
            })}
          </div>
          <ErrorList id={fields.vatRegime.errorId} errors={fields.vatRegime.errors} />
        </fieldset>
        <div>
          <label htmlFor={fields.defaultVatRateBps.id} className="block text-sm font-medium text-slate-700">
            Taux de TVA par défaut
          </label>
          <select {...rateSelect} key={rateSelect.key} className="input mt-1">
            {VAT_RATE_OPTIONS_BPS.map((bps) => (
              <option key={bps} value={String(bps)}>
                {formatRate(bps)}
              </option>
            ))}
          </select>
          <p className="mt-1 text-xs text-slate-500">Utilisé si vous facturez la TVA.</p>
          <ErrorList id={fields.defaultVatRateBps.errorId} errors={fields.defaultVatRateBps.errors} />
        </div>
        <Field label="Délai de paiement (jours)" field={fields.paymentTermsDays} type="number" help="0 = à réception ; 60 jours au plus entre professionnels." />
        <Field
          label="Taux des pénalités de retard (% par an)"
          field={fields.penaltyRate}
          help="Au moins 3 fois le taux d'intérêt légal (ex. 10 ou 12,5)."
        />
        <Field label="IBAN" field={fields.iban} autoComplete="off" />
        <Field label="BIC" field={fields.bic} autoComplete="off" />
        <TextArea label="Mentions légales" field={fields.legalMentions} help={`Ajoutées au bas de vos documents (${LIMITS.legalMentions} caractères au plus).`} />
        <TextArea label="Conditions générales de vente" field={fields.termsOfSale} rows={5} help={`${LIMITS.termsOfSale} caractères au plus.`} />
        <fieldset className="grid grid-cols-1 gap-4 sm:col-span-2 sm:grid-cols-3">
          <legend className="mb-1 text-sm font-medium text-slate-700">Relances des factures impayées (jours après l'échéance ; vide = pas de relance)</legend>
          <Field label="1re relance (J+1)" field={fields.reminder1Days} type="number" />
          <Field label="2e relance (J+15)" field={fields.reminder2Days} type="number" />
          <Field label="3e relance (J+30)" field={fields.reminder3Days} type="number" />
        </fieldset>
        <div className="sm:col-span-2">
          <button name="intent" value="save-billing" className="btn">
            Enregistrer la facturation
          </button>
        </div>
      </Form>
      <LogoForms logoVersion={logoVersion} logoError={logoError} />
    </section>
  );
}

function LogoForms({ logoVersion, logoError }: { logoVersion: number | null; logoError?: string | null }) {
  return (
    <div className="space-y-3 border-t border-slate-200 pt-4">
      <h3 className="font-medium">Logo</h3>
      {logoVersion !== null ? (
        <div className="flex flex-wrap items-center gap-4">
          <img src={`/dashboard/settings/logo?v=${logoVersion}`} alt="Votre logo" className="max-h-20 max-w-[12rem] rounded border border-slate-200 bg-white p-1" />
          <Form method="post">
            <button name="intent" value="remove-logo" className="btn-secondary">
              Retirer le logo
            </button>
          </Form>
        </div>
      ) : (
        <p className="text-sm text-slate-600">Aucun logo : vos documents affichent votre nom.</p>
      )}
      <Form method="post" encType="multipart/form-data" className="space-y-2">
        <label htmlFor="billing-logo" className="block text-sm font-medium text-slate-700">
          {logoVersion !== null ? "Remplacer le logo" : "Ajouter un logo"}
        </label>
        <input
          id="billing-logo"
          type="file"
          name="logo"
          accept="image/png,image/jpeg,image/svg+xml"
          required
          aria-invalid={logoError ? true : undefined}
          aria-describedby={logoError ? "billing-logo-error" : "billing-logo-help"}
          className="block w-full text-sm"
        />
        <p id="billing-logo-help" className="text-xs text-slate-500">
          PNG, JPEG ou SVG, 300 Ko au plus.
        </p>
        <ErrorList id="billing-logo-error" errors={logoError ? [logoError] : null} />
        <button name="intent" value="upload-logo" className="btn-secondary">
          Envoyer le logo
        </button>
      </Form>
    </div>
  );
}

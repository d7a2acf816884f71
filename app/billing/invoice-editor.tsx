// The draft form (new invoice and a draft's page): the client's sessions to bill, free lines,
// dates and notes. Works without JavaScript: "Ajouter une ligne" is an intent button that
// re-renders the form with one more row, keeping everything typed.
import { Form } from "@remix-run/react";
import { ErrorList, FormErrors } from "~/components/forms";
import { formatEuros } from "~/lib/format";
import { VAT_RATE_CHOICES, withRows, type InvoiceFormErrors, type InvoiceFormValues } from "./invoice-form";

export type EditorProps = {
  sessions: { id: number; label: string; priceCents: number }[];
  regime: "franchise" | "standard";
  defaultVat: string;
  values: InvoiceFormValues;
  rows: number;
  errors?: InvoiceFormErrors;
  business: boolean;
  submitLabel: string;
};

function DateField({ name, label, value, error, help }: { name: string; label: string; value: string; error?: string; help?: string }) {
  return (
    <div>
      <label htmlFor={`f-${name}`} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={`f-${name}`} type="date" name={name} defaultValue={value} className="input mt-1" aria-invalid={error ? true : undefined} aria-describedby={error ? `f-${name}-error` : undefined} />
      {help ? <p className="mt-1 text-xs text-slate-500">{help}</p> : null}
      <ErrorList id={`f-${name}-error`} errors={error ? [error] : null} />
    </div>
  );
}

export function InvoiceEditor({ sessions, regime, defaultVat, values, rows, errors, business, submitLabel }: EditorProps) {
  const lines = withRows(values.lines, rows, defaultVat);
  const checked = new Set(values.sessionIds);
  const f = errors?.fields ?? {};
  return (
    <Form method="post" className="space-y-5" data-testid="invoice-editor" key={JSON.stringify(values) + rows}>
      <input type="hidden" name="clientId" value={values.clientId} />
      <input type="hidden" name="rows" value={lines.length} />
      <FormErrors errors={errors?.form} />
      <ErrorList errors={f.clientId ? [f.clientId] : null} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Séances réalisées à facturer</legend>
        {sessions.length === 0 ? (
          <p className="text-sm text-slate-600">Aucune séance réalisée à facturer pour ce client.</p>
        ) : (
          sessions.map((s) => (
            <label key={s.id} className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="sessionId" value={s.id} defaultChecked={checked.has(String(s.id))} className="mt-1" />
              <span>
                {s.label} — {formatEuros(s.priceCents)} HT
              </span>
            </label>
          ))
        )}
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Lignes libres</legend>
        {regime === "franchise" ? <p className="text-xs text-slate-500">TVA non applicable, art. 293 B du CGI : les prix sont nets.</p> : null}
        {lines.map((line, i) => {
          const e = errors?.lines?.[i] ?? {};
          const id = (n: string) => `line-${i}-${n}`;
          return (
            <div key={i} className="grid grid-cols-2 gap-2 rounded-lg border border-slate-200 p-2 sm:grid-cols-12" data-testid="invoice-line">
              <div className="col-span-2 sm:col-span-6">
                <label htmlFor={id("d")} className="block text-xs text-slate-600">
                  Description (ligne {i + 1})
                </label>
                <input id={id("d")} name="lineDescription" defaultValue={line.description} className="input mt-1" aria-invalid={e.description ? true : undefined} />
                <ErrorList errors={e.description ? [e.description] : null} />
              </div>
              <div className="sm:col-span-2">
                <label htmlFor={id("q")} className="block text-xs text-slate-600">
                  Quantité
                </label>
                <input id={id("q")} name="lineQuantity" inputMode="decimal" defaultValue={line.quantity} className="input mt-1" aria-invalid={e.quantity ? true : undefined} />
                <ErrorList errors={e.quantity ? [e.quantity] : null} />
              </div>
              <div className="sm:col-span-2">
                <label htmlFor={id("p")} className="block text-xs text-slate-600">
                  Prix unitaire HT (€)
                </label>
                <input id={id("p")} name="linePrice" inputMode="decimal" defaultValue={line.price} className="input mt-1" aria-invalid={e.price ? true : undefined} />
                <ErrorList errors={e.price ? [e.price] : null} />
              </div>
              {regime === "standard" ? (
                <div className="sm:col-span-2">
                  <label htmlFor={id("v")} className="block text-xs text-slate-600">
                    TVA
                  </label>
                  <select id={id("v")} name="lineVat" defaultValue={line.vat || defaultVat} className="input mt-1">
                    {VAT_RATE_CHOICES.map((c) => (
                      <option key={c.bps} value={c.bps}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                  <ErrorList errors={e.vat ? [e.vat] : null} />
                </div>
              ) : null}
            </div>
          );
        })}
        <button type="submit" name="intent" value="add-line" className="btn-secondary" formNoValidate>
          Ajouter une ligne
        </button>
      </fieldset>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <DateField name="serviceDate" label="Date de prestation" value={values.serviceDate} error={f.serviceDate} help="Par défaut : la date des séances, sinon l'émission." />
        <DateField name="serviceEndDate" label="Fin de prestation (période)" value={values.serviceEndDate} error={f.serviceEndDate} />
        <DateField
          name="dueDate"
          label="Échéance"
          value={values.dueDate}
          error={f.dueDate}
          help={business ? "Par défaut : vos conditions de paiement, 60 jours au plus entre professionnels." : "Par défaut : vos conditions de paiement."}
        />
      </div>
      <div>
        <label htmlFor="f-title" className="block text-sm font-medium text-slate-700">
          Objet (facultatif)
        </label>
        <input id="f-title" name="title" defaultValue={values.title} className="input mt-1" />
        <ErrorList errors={f.title ? [f.title] : null} />
      </div>
      <div>
        <label htmlFor="f-notes" className="block text-sm font-medium text-slate-700">
          Notes (sur la facture)
        </label>
        <textarea id="f-notes" name="notes" defaultValue={values.notes} rows={2} className="input mt-1" />
        <ErrorList errors={f.notes ? [f.notes] : null} />
      </div>
      <button type="submit" name="intent" value="save" className="btn">
        {submitLabel}
      </button>
    </Form>
  );
}

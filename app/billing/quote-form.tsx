// The quote form (new and edit). Works without JavaScript: a fixed set of line rows, and
// "Ajouter une ligne" posts the form back to get one more row with everything typed kept.
import { Form, useNavigation } from "@remix-run/react";
import { LINE_KINDS, VAT_RATES_BPS } from "../../db/tenant.schema";
import { ErrorList, FormErrors } from "~/components/forms";
import { formatRate } from "./money";
import { LINE_KIND_LABELS, MAX_ROWS, type QuoteFormErrors, type QuoteFormValues } from "./quote-schemas";

type Props = {
  values: QuoteFormValues;
  errors: QuoteFormErrors;
  standardVat: boolean;
  /** A fixed recipient (hidden fields), or the coach's clients to choose from. */
  recipient: { clientId: number | null; leadId: number | null; name: string } | { choices: { id: number; name: string }[]; clientId: string };
  submitLabel: string;
};

function Input({ name, label, value, error, type = "text", className = "", ...rest }: { name: string; label: string; value: string; error?: string; type?: string; className?: string; inputMode?: "decimal" | "numeric"; min?: string; max?: string }) {
  const id = `f-${name.replace(/[[\].]/g, "-")}`;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={id} name={name} type={type} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} className="input mt-1" {...rest} />
      <ErrorList id={`${id}-error`} errors={error ? [error] : null} />
    </div>
  );
}

export function QuoteForm({ values, errors, standardVat, recipient, submitLabel }: Props) {
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="space-y-6" noValidate>
      {/* Enter in a field saves (the browser submits with the first button), never "Ajouter une ligne". */}
      <button type="submit" name="intent" value="save" className="sr-only" tabIndex={-1} aria-hidden="true">
        Enregistrer
      </button>
      <FormErrors errors={errors.form ? [errors.form] : null} />
      <input type="hidden" name="rows" value={values.lines.length} />
      <section className="card space-y-4" aria-labelledby="quote-who">
        <h2 id="quote-who" className="text-lg font-semibold">
          Destinataire et conditions
        </h2>
        {"choices" in recipient ? (
          <div>
            <label htmlFor="f-clientId" className="block text-sm font-medium text-slate-700">
              Client
            </label>
            <select id="f-clientId" name="clientId" defaultValue={recipient.clientId} className="input mt-1" aria-invalid={errors.clientId ? true : undefined}>
              <option value="">— Choisissez —</option>
              {recipient.choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            <ErrorList errors={errors.clientId ? [errors.clientId] : null} />
          </div>
        ) : (
          <p className="text-sm text-slate-700">
            Pour : <strong>{recipient.name}</strong> {recipient.leadId ? "(lead : il deviendra client en acceptant)" : null}
            {recipient.clientId ? <input type="hidden" name="clientId" value={recipient.clientId} /> : null}
            {recipient.leadId ? <input type="hidden" name="leadId" value={recipient.leadId} /> : null}
          </p>
        )}
        <Input name="title" label="Objet (facultatif)" value={values.title ?? ""} error={errors.title} />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Input name="validUntil" type="date" label="Valable jusqu'au (par défaut : 30 jours)" value={values.validUntil ?? ""} error={errors.validUntil} />
          <Input name="depositPercent" label="Acompte (%)" inputMode="numeric" value={values.depositPercent ?? ""} error={errors.depositPercent} />
          <Input name="depositDueDate" type="date" label="Acompte dû le" value={values.depositDueDate ?? ""} error={errors.depositDueDate} />
          <Input name="balanceDueDate" type="date" label="Solde dû le" value={values.balanceDueDate ?? ""} error={errors.balanceDueDate} />
        </div>
      </section>
      <section className="card space-y-4" aria-labelledby="quote-lines">
        <h2 id="quote-lines" className="text-lg font-semibold">
          Lignes
        </h2>
        <p className="text-xs text-slate-500">Une séance individuelle ou un forfait compte pour 1 ; le prix d'un forfait est celui du forfait entier. Les lignes laissées vides sont ignorées.</p>
        <ErrorList errors={errors.lines ? [errors.lines] : null} />
        <ol className="space-y-4">
          {values.lines.map((row, i) => {
            const n = (f: string) => `lines[${i}].${f}`;
            const e = (f: string) => errors[`lines.${i}.${f}`];
            return (
              <li key={i} className="grid grid-cols-2 gap-3 border-b border-slate-100 pb-4 sm:grid-cols-6" aria-label={`Ligne ${i + 1}`}>
                <div className="col-span-2 sm:col-span-2">
                  <label htmlFor={`f-kind-${i}`} className="block text-sm font-medium text-slate-700">
                    Type (ligne {i + 1})
                  </label>
                  <select id={`f-kind-${i}`} name={n("kind")} defaultValue={row.kind} className="input mt-1">
                    {LINE_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {LINE_KIND_LABELS[k]}
                      </option>
                    ))}
                  </select>
                  <ErrorList errors={e("kind") ? [e("kind")] : null} />
                </div>
                <Input className="col-span-2 sm:col-span-4" name={n("description")} label={`Description (ligne ${i + 1})`} value={row.description} error={e("description")} />
                <Input name={n("quantity")} label={`Quantité (ligne ${i + 1})`} inputMode="decimal" value={row.quantity} error={e("quantity")} />
                <Input name={n("price")} label={`Prix HT € (ligne ${i + 1})`} inputMode="decimal" value={row.price} error={e("price")} />
                <Input name={n("sessionCount")} label={`Séances du forfait (ligne ${i + 1})`} inputMode="numeric" value={row.sessionCount} error={e("sessionCount")} />
                {standardVat ? (
                  <div>
                    <label htmlFor={`f-vat-${i}`} className="block text-sm font-medium text-slate-700">
                      TVA (ligne {i + 1})
                    </label>
                    <select id={`f-vat-${i}`} name={n("vatRate")} defaultValue={row.vatRate} className="input mt-1">
                      {VAT_RATES_BPS.map((r) => (
                        <option key={r} value={r}>
                          {formatRate(r)}
                        </option>
                      ))}
                    </select>
                    <ErrorList errors={e("vatRate") ? [e("vatRate")] : null} />
                  </div>
                ) : (
                  <input type="hidden" name={n("vatRate")} value={row.vatRate} />
                )}
              </li>
            );
          })}
        </ol>
        {values.lines.length < MAX_ROWS ? (
          <button type="submit" name="intent" value="add-line" className="btn-secondary" formNoValidate>
            Ajouter une ligne
          </button>
        ) : null}
      </section>
      <section className="card space-y-3">
        <label htmlFor="f-notes" className="block text-sm font-medium text-slate-700">
          Notes (visibles sur le devis)
        </label>
        <textarea id="f-notes" name="notes" defaultValue={values.notes ?? ""} rows={3} className="input" />
        <ErrorList errors={errors.notes ? [errors.notes] : null} />
      </section>
      <button type="submit" name="intent" value="save" className="btn w-full sm:w-auto" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}

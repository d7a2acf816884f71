import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, useZodForm } from "~/components/forms";
import { ASSUMPTION_LABELS, AssumptionsSchema, type Assumptions } from "./assumptions";

export function AssumptionsForm({ values, lastResult }: { values: Assumptions; lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useZodForm(AssumptionsSchema, { id: "assumptions", lastResult, defaultValue: values });
  return (
    <section id="estimations" className="card space-y-4" aria-labelledby="estimations-title">
      <h2 id="estimations-title" className="text-lg font-semibold">
        Hypothèses des estimations
      </h2>
      <p className="text-sm text-slate-600">
        Ces chiffres ne sont pas mesurés : ils servent aux KPIs marqués « estimation » (lead magnets, emails, no-show, efficacité IA,
        temps gagné, coût d'acquisition et ROI).
      </p>
      <Form method="post" className="grid grid-cols-1 gap-4 sm:grid-cols-2" {...getFormProps(form)}>
        {(Object.keys(ASSUMPTION_LABELS) as (keyof Assumptions)[]).map((key) => (
          <Field key={key} label={`${ASSUMPTION_LABELS[key].label} (${ASSUMPTION_LABELS[key].unit})`} field={fields[key]} type="number" step="any" help={ASSUMPTION_LABELS[key].help} />
        ))}
        <div className="sm:col-span-2">
          <button name="intent" value="save-assumptions" className="btn">
            Enregistrer les hypothèses
          </button>
        </div>
      </Form>
    </section>
  );
}

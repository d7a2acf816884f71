// The draft form (name, template, segment, subject), on "Nouvelle campagne" and on a draft's page.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { ErrorList, Field, useZodForm } from "~/components/forms";
import { SelectField } from "~/crm/lead-form-bits";
import { DraftSchema } from "./campaign-schemas";

type Choice = { id: number; name: string };
export type DraftDefaults = { name: string; templateId?: number | null; segmentId?: number | null; subject?: string };

export function CampaignDraftForm({
  templates,
  segments,
  defaults,
  lastResult,
  submitLabel,
  intent,
}: {
  templates: Choice[];
  segments: Choice[];
  defaults: DraftDefaults;
  lastResult?: SubmissionResult<string[]> | null;
  submitLabel: string;
  intent?: string;
}) {
  const [form, fields] = useZodForm(DraftSchema, {
    id: "campaign-draft",
    lastResult,
    defaultValue: { name: defaults.name, templateId: defaults.templateId ?? undefined, segmentId: defaults.segmentId ?? undefined, subject: defaults.subject ?? "" } as never,
  });
  return (
    <Form method="post" className="card space-y-4" {...getFormProps(form)}>
      <Field label="Nom de la campagne" field={fields.name} placeholder="Nouvelles de janvier" />
      <SelectField label="Modèle" field={fields.templateId as never} options={templates.map((t) => [String(t.id), t.name] as const)} empty="Choisissez un modèle" />
      {templates.length === 0 ? (
        <p className="text-sm text-slate-600">
          Aucun modèle pour l'instant :{" "}
          <Link to="/dashboard/email/templates" className="text-indigo-700 underline">
            créez-en un
          </Link>
          .
        </p>
      ) : null}
      <SelectField label="Segment (destinataires)" field={fields.segmentId as never} options={segments.map((s) => [String(s.id), s.name] as const)} empty="Choisissez un segment" />
      {segments.length === 0 ? (
        <p className="text-sm text-slate-600">
          Aucun segment : filtrez la{" "}
          <Link to="/dashboard/leads" className="text-indigo-700 underline">
            liste des leads
          </Link>{" "}
          puis « Enregistrer ce filtre ».
        </p>
      ) : null}
      <Field label="Objet" field={fields.subject} help="Laissez vide pour reprendre l'objet du modèle. Variables permises, ex. {{firstName}}." />
      <ErrorList errors={form.errors} />
      <button className="btn" name="intent" value={intent ?? "save"}>
        {submitLabel}
      </button>
    </Form>
  );
}

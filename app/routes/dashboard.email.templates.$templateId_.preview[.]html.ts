// The email as the sample contact would receive it, as an HTML document for the preview iframes
// (headers set by the server: framed by the app only, no script). GET: the saved template;
// POST: the editor's unsaved form (the live preview), nothing saved.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withCoachDb } from "~/auth/guards.server";
import { readEditorForm } from "~/email/templates/editor-form";
import { draftDesign, previewEmail, previewResponse, sampleContact } from "~/email/templates/preview.server";
import { requireTemplate } from "~/email/templates/templates.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, (db) => {
    const template = requireTemplate(db, params.templateId);
    return previewResponse(previewEmail(template, sampleContact(db)).html);
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const template = requireTemplate(db, params.templateId);
    const values = readEditorForm(await request.formData());
    const fallbacks = Object.fromEntries(Object.entries(values.fallbacks).filter(([, v]) => v.trim() && !/[{}]/.test(v)));
    return previewResponse(previewEmail({ subject: values.subject || template.subject, design: draftDesign(values), fallbacks }, sampleContact(db)).html);
  });
}

// /dashboard/leads/:leadId/email/preview.html?templateId=…: one lead's copy of a template as an
// HTML document, for the iframe of the one-lead and bulk send pages. The server gives it the
// email-preview headers (framed by the app only, no script, no form, https images); its
// unsubscribe link goes nowhere. Another tenant's lead or template is the same 404 as a missing one.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { withCoachDb } from "~/auth/guards.server";
import { requireLead } from "~/crm/lead-page.server";
import { findSendTemplate, previewForLead } from "~/email/direct-send.server";
import { EXCLUSION_LABELS } from "~/email/recipients.server";
import { previewResponse } from "~/email/templates/preview.server";
import { parseId } from "~/lib/parse-id";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, (db) => {
    const lead = requireLead(db, params.leadId);
    const template = findSendTemplate(db, parseId(new URL(request.url).searchParams.get("templateId")));
    if (!template) throw new Response("Ce modèle d'email n'existe pas (ou plus).", { status: 404 });
    const { copy, excluded } = previewForLead(db, lead, template);
    if (!copy) return new Response(`Pas d'aperçu : ce contact ne reçoit pas d'emails marketing (${EXCLUSION_LABELS[excluded]}).`, { status: 409, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    return previewResponse(copy.html);
  });
}

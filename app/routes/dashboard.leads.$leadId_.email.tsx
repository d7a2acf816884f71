// /dashboard/leads/:leadId/email: send one template to one lead — choose, preview this lead's
// copy, confirm. A GET form picks the template (works without JS); the POST queues it.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { withCoachDb } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { displayName, requireLead } from "~/crm/lead-page.server";
import { EmailPreview, TemplatePicker } from "~/email/crm-send-ui";
import { findSendTemplate, FORM_TOKEN, leadRecipient, newFormToken, previewForLead, previewSrc, queueLeadEmail, sendableTemplates } from "~/email/direct-send.server";
import { EXCLUSION_LABELS } from "~/email/recipients.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseId } from "~/lib/parse-id";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Envoyer un email à ${data?.lead.name ?? "ce contact"} · Coach OS` }];

const SendSchema = z.object({
  intent: z.literal("send"),
  templateId: z.string().min(1),
  token: z.string().regex(FORM_TOKEN),
});

const templateNotFound = () => new Response("Ce modèle d'email n'existe pas (ou plus).", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const raw = new URL(request.url).searchParams.get("templateId");
  return withCoachDb(request, async (db) => {
    const lead = requireLead(db, params.leadId);
    const templates = sendableTemplates(db);
    const templateId = raw ? parseId(raw) : null;
    const template = raw ? findSendTemplate(db, templateId) : undefined;
    // Another tenant's template id is not in this file: the same 404 as a missing one.
    if (raw && !template) throw templateNotFound();
    const recipient = leadRecipient(db, lead);
    const copy = template && !recipient.reason ? previewForLead(db, lead, template).copy : null;
    return json({
      lead: { id: lead.id, name: displayName(lead), email: recipient.reason ? lead.email : recipient.email },
      excluded: recipient.reason ? EXCLUSION_LABELS[recipient.reason] : null,
      templates,
      templateId: template?.id ?? null,
      // The HTML is read by the iframe from its own route (previewSrc): the page's CSP would block its images.
      preview: copy && template ? { subject: copy.subject, text: copy.text, src: previewSrc(lead.id, template.id) } : null,
      token: newFormToken(),
    });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withCoachDb(request, async (db, { tenant }) => {
    const lead = requireLead(db, params.leadId);
    const parsed = SendSchema.safeParse(Object.fromEntries(await request.formData()));
    if (!parsed.success) throw new Response("Formulaire d'envoi invalide : rechargez la page et recommencez.", { status: 400 });
    const template = findSendTemplate(db, parseId(parsed.data.templateId));
    if (!template) throw templateNotFound();
    const outcome = queueLeadEmail(db, tenant.id, lead, template, parsed.data.token);
    const page = `/dashboard/leads/${lead.id}`;
    if (outcome.status === "excluded") return redirectWithFlash(request, page, `Email non envoyé : contact ${EXCLUSION_LABELS[outcome.reason]}.`);
    return redirectWithFlash(
      request,
      `${page}#timeline`,
      outcome.status === "queued" ? `Email « ${outcome.subject} » mis dans la file d'envoi.` : `Cet email était déjà dans la file d'envoi : il ne partira qu'une fois.`,
    );
  });
}

export default function LeadEmailPage() {
  const d = useLoaderData<typeof loader>();
  const sending = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link to={`/dashboard/leads/${d.lead.id}`} className="text-sm text-indigo-700 underline">
          ← {d.lead.name}
        </Link>
        <h1 className="mt-2 text-2xl font-bold">Envoyer un email à {d.lead.name}</h1>
        {d.lead.email ? <p className="text-sm text-slate-600">{d.lead.email}</p> : null}
      </div>
      {d.excluded ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="send-excluded">
          Impossible d'envoyer un email à ce contact : {d.excluded}. Les emails marketing ne partent qu'aux contacts joignables qui ne se sont pas désinscrits.
        </p>
      ) : (
        <>
          <TemplatePicker templates={d.templates} templateId={d.templateId} />
          {d.preview && d.templateId !== null ? (
            <>
              <EmailPreview copy={d.preview} src={d.preview.src} />
              <Form method="post" className="card flex flex-wrap items-center gap-3">
                <input type="hidden" name="templateId" value={d.templateId} />
                <input type="hidden" name="token" value={d.token} />
                <p className="flex-1 text-sm text-slate-700">
                  1 destinataire : <strong>{d.lead.email}</strong>. Un lien de désinscription est inclus.
                </p>
                <button name="intent" value="send" className="btn" disabled={sending}>
                  {sending ? "Envoi…" : "Confirmer l'envoi"}
                </button>
              </Form>
            </>
          ) : null}
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

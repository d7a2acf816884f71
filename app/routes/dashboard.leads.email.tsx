// /dashboard/leads/email?ids=…|scope=all&<filters>: one template to a selection of the leads
// list — choose the template, preview any recipient's copy, confirm (count and exclusions by
// reason), queue. Works without JavaScript: the choices are a GET form, the confirmation a POST.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { withCoachDb } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { SegmentNotFound } from "~/crm/lead-filters.server";
import { BULK_SEND_MAX, bulkPlan, listUrlOf, normaliseSelection, queueBulkEmail, selectedLeadIds } from "~/email/bulk-send.server";
import { EmailPreview, TemplatePicker } from "~/email/crm-send-ui";
import { compileForSend, copyFor, findSendTemplate, FORM_TOKEN, newFormToken, previewSrc, sendableTemplates, type SendTemplate } from "~/email/direct-send.server";
import { EXCLUSION_LABELS } from "~/email/recipients.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { formatInt } from "~/lib/format";
import { parseId } from "~/lib/parse-id";
import type { TenantDb } from "~/lib/tenant-db.server";
import type { VariableValues } from "~/email/variables";

export const meta: MetaFunction = () => [{ title: "Envoyer un email à la sélection · Coach OS" }];

const SendSchema = z.object({
  intent: z.literal("send"),
  templateId: z.string().min(1),
  token: z.string().regex(FORM_TOKEN),
  selection: z.string().max(4000),
  // The recipient count shown on the button (a page from before this field: no count, refused as changed).
  confirm: z.string().regex(/^\d{1,9}$/).optional(),
});

const notFound = (what: string) => new Response(what, { status: 404 });
const plural = (n: number, word: string) => `${formatInt(n)} ${word}${n > 1 ? "s" : ""}`;

function idsOf(db: TenantDb, selection: string) {
  try {
    return selectedLeadIds(db, selection);
  } catch (e) {
    if (e instanceof SegmentNotFound) throw notFound("Ce segment n'existe pas.");
    throw e;
  }
}

/** The shown recipient's subject and text; the iframe reads the HTML from previewSrc (the page's CSP would block its images). */
function previewOf(template: SendTemplate, shown: { leadId: number; name: string; variables: VariableValues }) {
  const copy = copyFor(template, compileForSend(template), shown);
  return { leadId: shown.leadId, name: shown.name, copy: { subject: copy.subject, text: copy.text }, src: previewSrc(shown.leadId, template.id) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const selection = normaliseSelection(params);
  return withCoachDb(request, async (db) => {
    const plan = bulkPlan(db, idsOf(db, selection));
    const rawTemplate = params.get("templateId");
    const template = rawTemplate ? findSendTemplate(db, parseId(rawTemplate)) : undefined;
    // Another tenant's template id is not in this file: the same 404 as a missing one.
    if (rawTemplate && !template) throw notFound("Ce modèle d'email n'existe pas (ou plus).");
    const previewId = parseId(params.get("preview"));
    const shown = plan.recipients.find((r) => r.leadId === previewId) ?? plan.recipients[0];
    return json({
      selection,
      listUrl: listUrlOf(selection),
      templates: sendableTemplates(db),
      templateId: template?.id ?? null,
      recipients: plan.recipients.slice(0, 200).map((r) => ({ leadId: r.leadId, name: r.name, email: r.email })),
      recipientCount: plan.recipients.length,
      excluded: plan.excluded.slice(0, 100).map((e) => ({ ...e, label: EXCLUSION_LABELS[e.reason] })),
      summary: plan.summary,
      excludedCount: plan.excluded.length,
      tooMany: plan.tooMany,
      max: BULK_SEND_MAX,
      previewFor: shown && template ? previewOf(template, shown) : null,
      token: newFormToken(),
    });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withCoachDb(request, async (db, { tenant }) => {
    const parsed = SendSchema.safeParse(Object.fromEntries(await request.formData()));
    if (!parsed.success) throw new Response("Formulaire d'envoi invalide : rechargez la page et recommencez.", { status: 400 });
    const selection = normaliseSelection(new URLSearchParams(parsed.data.selection));
    const template = findSendTemplate(db, parseId(parsed.data.templateId));
    if (!template) throw notFound("Ce modèle d'email n'existe pas (ou plus).");
    const confirmed = parsed.data.confirm === undefined ? null : Number(parsed.data.confirm);
    const r = queueBulkEmail(db, tenant.id, template, idsOf(db, selection), parsed.data.token, { confirmed });
    const back = listUrlOf(selection);
    if (r.tooMany) return redirectWithFlash(request, back, `Plus de ${formatInt(BULK_SEND_MAX)} destinataires : créez plutôt une campagne vers un segment.`);
    // As for campaigns: the coach confirmed a count; if it changed since the preview, nothing leaves
    // and the page shows the new count to confirm again.
    if (r.changed)
      return json(
        {
          sendError: `Le nombre de destinataires a changé depuis l'aperçu : ${plural(r.recipients.length, "destinataire")} maintenant${confirmed === null ? "" : ` au lieu de ${formatInt(confirmed)}`}. Aucun email n'a été envoyé : vérifiez puis confirmez de nouveau.`,
        },
        { status: 400 },
      );
    const skipped = r.excluded.length ? ` ${plural(r.excluded.length, "contact")} exclu${r.excluded.length > 1 ? "s" : ""}.` : "";
    if (r.recipients.length === 0) return redirectWithFlash(request, back, `Aucun email envoyé : aucun destinataire joignable.${skipped}`);
    if (r.added === 0) return redirectWithFlash(request, back, "Ces emails étaient déjà dans la file d'envoi : ils ne partiront qu'une fois.");
    return redirectWithFlash(request, back, `${plural(r.added, "email")} « ${template.subject} » mis dans la file d'envoi.${skipped}`);
  });
}

export default function BulkEmailPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const sending = useNavigation().state === "submitting";
  const keep = [...new URLSearchParams(d.selection)] as [string, string][];
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link to={d.listUrl} className="text-sm text-indigo-700 underline">
          ← Retour à la liste
        </Link>
        <h1 className="mt-2 text-2xl font-bold">Envoyer un email à la sélection</h1>
      </div>
      {d.tooMany ? (
        <p role="alert" className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          Plus de {formatInt(d.max)} leads sélectionnés : pour un envoi de cette taille,{" "}
          <Link to="/dashboard/email/campaigns" className="underline">créez une campagne</Link> vers un segment.
        </p>
      ) : (
        <>
          <TemplatePicker templates={d.templates} templateId={d.templateId} hidden={keep}>
            {d.templateId !== null && d.recipients.length > 1 ? (
              <div className="min-w-[12rem] flex-1">
                <label htmlFor="preview" className="block text-sm font-medium text-slate-700">
                  Aperçu pour
                </label>
                <select id="preview" name="preview" className="input mt-1" defaultValue={d.previewFor?.leadId}>
                  {d.recipients.map((r) => (
                    <option key={r.leadId} value={r.leadId}>
                      {r.name} ({r.email})
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
          </TemplatePicker>
          {d.previewFor ? <EmailPreview copy={d.previewFor.copy} src={d.previewFor.src} recipient={d.previewFor.name} /> : null}
          <section className="card space-y-3" aria-labelledby="confirm-title" data-testid="bulk-email-confirm">
            <h2 id="confirm-title" className="text-lg font-semibold">
              {plural(d.recipientCount, "destinataire")}
            </h2>
            {d.excludedCount ? (
              <div className="text-sm text-slate-700">
                <p>
                  {plural(d.excludedCount, "contact")} exclu{d.excludedCount > 1 ? "s" : ""} :{" "}
                  {d.summary.map((s) => `${formatInt(s.count)} ${s.label}`).join(", ")}.
                </p>
                <details className="mt-1">
                  <summary className="cursor-pointer text-indigo-700">Voir les contacts exclus</summary>
                  <ul className="mt-1 list-inside list-disc">
                    {d.excluded.map((e) => (
                      <li key={e.leadId}>
                        <Link to={`/dashboard/leads/${e.leadId}`} className="underline">{e.name}</Link> — {e.label}
                      </li>
                    ))}
                  </ul>
                </details>
              </div>
            ) : null}
            {actionData?.sendError ? (
              <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="send-error">
                {actionData.sendError}
              </p>
            ) : null}
            {d.templateId !== null && d.recipientCount > 0 ? (
              <Form method="post" className="flex flex-wrap gap-3">
                <input type="hidden" name="templateId" value={d.templateId} />
                <input type="hidden" name="confirm" value={d.recipientCount} />
                <input type="hidden" name="token" value={d.token} />
                <input type="hidden" name="selection" value={d.selection} />
                <button name="intent" value="send" className="btn" disabled={sending}>
                  {sending ? "Envoi…" : `Envoyer à ${plural(d.recipientCount, "destinataire")}`}
                </button>
                <Link to={d.listUrl} className="btn-secondary">
                  Annuler
                </Link>
              </Form>
            ) : d.recipientCount === 0 ? (
              <p className="text-sm text-slate-600">Aucun destinataire joignable dans cette sélection.</p>
            ) : (
              <p className="text-sm text-slate-600">Choisissez un modèle pour voir l'aperçu et confirmer.</p>
            )}
          </section>
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

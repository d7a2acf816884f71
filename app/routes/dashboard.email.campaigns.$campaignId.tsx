import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import type { SubmissionResult } from "@conform-to/react";
import { withCoachDb } from "~/auth/guards.server";
import { utcToParis } from "~/clients/paris-time";
import { Flash, FormErrors } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { listSegments } from "~/crm/segments.server";
import { campaignAction, type CampaignActionData } from "~/email/campaign-actions.server";
import { CampaignDraftForm } from "~/email/campaign-form";
import { campaignMetrics, campaignRecipients } from "~/email/campaign-metrics.server";
import { AudienceSummary, CampaignStatusBadge, MetricsPanel, ProgressPanel, RecipientsTable, SendPanel } from "~/email/campaign-panels";
import { audienceOf, requireCampaign, templateChoices } from "~/email/campaigns.server";
import { EmailNav } from "~/email/email-nav";
import { readFlash } from "~/lib/flash.server";
import { getEnv } from "~/env.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.name ?? "Campagne"} · Coach OS` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const c = requireCampaign(db, params.campaignId);
    const flash = await readFlash(request);
    const campaign = { id: c.id, name: c.name, status: c.status, subject: c.subject, segmentName: c.segmentName, templateId: c.templateId, segmentId: c.segmentId };
    const base = { campaign, flash: flash.message as string | null, resendConfigured: Boolean(getEnv().RESEND_API_KEY) };
    if (c.status === "draft") {
      const { audience } = audienceOf(db, c.segmentId);
      const view = audience.state === "ok" ? { state: audience.state, segmentName: audience.segmentName, count: audience.count, excludedCount: audience.excludedCount, excluded: audience.excluded } : audience;
      const draft = { templates: templateChoices(db), segments: listSegments(db.$client).map(({ id, name }) => ({ id, name })), audience: view, minLocal: Object.values(utcToParis(new Date())).join("T") };
      return json({ ...base, draft, sent: null }, { headers: flash.headers });
    }
    const page = Number(new URL(request.url).searchParams.get("page")) || 1;
    const metrics = campaignMetrics(db, c.id);
    const progress = { status: c.status, sent: metrics.sent, recipients: c.recipientCount, scheduledAt: c.scheduledAt, startedAt: c.startedAt, finishedAt: c.finishedAt, pauseReason: c.pauseReason, pauseDetail: c.pauseDetail };
    return json({ ...base, draft: null, sent: { metrics, progress, excludedCount: c.excludedCount, recipients: campaignRecipients(db, c.id, page) } }, { headers: flash.headers });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withCoachDb(request, async (db, ctx) => campaignAction(request, db, requireCampaign(db, params.campaignId), ctx));
}

export default function CampaignPage() {
  const { campaign, flash, draft, sent, resendConfigured } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as (CampaignActionData & SubmissionResult<string[]>) | undefined;
  const revalidator = useRevalidator();
  const live = campaign.status === "sending" || campaign.status === "scheduled";
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(timer);
  }, [live, revalidator]);
  const here = `/dashboard/email/campaigns/${campaign.id}`;
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <EmailNav />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="break-words text-2xl font-bold">{campaign.name}</h1>
        <CampaignStatusBadge status={campaign.status} />
      </div>
      <p className="text-sm text-slate-600">
        Objet : {campaign.subject}
        {campaign.segmentName ? ` · Segment « ${campaign.segmentName} »` : ""}
      </p>
      <Flash message={flash} />
      <FormErrors errors={actionData?.error ? [actionData.error] : null} />
      {!resendConfigured ? <p className="text-xs text-amber-800">Envoi réel non configuré : les emails vont dans la boîte de développement (/admin/outbox).</p> : null}
      {draft ? (
        <>
          <section className="card space-y-2" aria-label="Destinataires">
            <AudienceSummary audience={draft.audience} />
          </section>
          <CampaignDraftForm
            templates={draft.templates}
            segments={draft.segments}
            defaults={{ name: campaign.name, templateId: campaign.templateId, segmentId: campaign.segmentId, subject: campaign.subject }}
            lastResult={actionData && "status" in actionData ? actionData : null}
            submitLabel="Enregistrer le brouillon"
          />
          <section className="card space-y-3" aria-labelledby="preview-title">
            <h2 id="preview-title" className="text-lg font-semibold">Aperçu</h2>
            <p className="text-sm text-slate-600">L'email tel que le recevra votre lead le plus récent (variables remplies, lien de désinscription en bas).</p>
            <iframe
              title="Aperçu de l'email"
              src={`${here}/preview.html`}
              sandbox="allow-popups allow-popups-to-escape-sandbox"
              height={560}
              className="w-full max-w-[600px] rounded-lg border border-slate-300 bg-white"
            />
            <div className="flex flex-wrap gap-3 text-sm">
              <a href={`${here}/preview.html`} target="_blank" rel="noreferrer" className="text-indigo-700 underline">
                Voir l'aperçu (HTML)
              </a>
              <a href={`${here}/preview.html?format=text`} target="_blank" rel="noreferrer" className="text-indigo-700 underline">
                Version texte
              </a>
              {campaign.templateId ? (
                <Link to={`/dashboard/email/templates/${campaign.templateId}`} className="text-indigo-700 underline">
                  Modifier le modèle
                </Link>
              ) : null}
            </div>
            <Form method="post">
              <button className="btn-secondary" name="intent" value="test">
                M'envoyer un email de test
              </button>
            </Form>
          </section>
          <SendPanel count={draft.audience.state === "ok" ? draft.audience.count : 0} error={actionData?.sendError} scheduledAt={actionData?.values?.scheduledAt} minLocal={draft.minLocal} />
          <Form method="post">
            <button className="btn-danger" name="intent" value="delete">
              Supprimer le brouillon
            </button>
          </Form>
        </>
      ) : null}
      {sent ? (
        <>
          <ProgressPanel p={sent.progress} />
          <MetricsPanel m={sent.metrics} />
          {sent.excludedCount ? <p className="text-sm text-slate-600">{sent.excludedCount} contact(s) du segment exclu(s) à l'envoi.</p> : null}
          <RecipientsTable {...sent.recipients} hrefFor={(p) => `${here}?page=${p}`} />
        </>
      ) : null}
      <Link to="/dashboard/email/campaigns" className="text-sm text-indigo-700 underline">
        ← Toutes les campagnes
      </Link>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { LeadFieldsForm } from "~/crm/lead-fields-form";
import { leadAction, loadLeadPage, requireLead } from "~/crm/lead-page.server";
import { STATUS_LABELS } from "~/crm/lead-schemas";
import { ContactPanel, ScorePanel, StatusPanel, TagsPanel } from "~/crm/lead-side-panel";
import { Conversation, Timeline } from "~/crm/lead-timeline";
import { readFlash } from "~/lib/flash.server";
import { formatDate } from "~/lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lead.name ?? "Contact"} · Coach OS` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const lead = requireLead(db, params.leadId);
    const flash = await readFlash(request);
    return json({ ...loadLeadPage(db, lead), flash: flash.message as string | null }, { headers: flash.headers });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const lead = requireLead(db, params.leadId);
    return leadAction(request, db, lead, await request.formData());
  });
}

export default function LeadPage() {
  const { lead, flash, scoreExplanation, clientId, conversation, timeline, consent, emailState } = useLoaderData<typeof loader>();
  const askLost = useSearchParams()[0].get("lost") === "1";
  const actionData = useActionData<typeof action>();
  const resultFor = (intent: string) => (actionData && "intent" in actionData && actionData.intent === intent ? actionData.result : null);
  return (
    <div className="space-y-6">
      <div>
        <Link to="/dashboard/leads" className="text-sm text-indigo-700 underline">
          ← Tous les leads
        </Link>
        <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-bold">{lead.name}</h1>
          <div className="flex flex-wrap gap-2">
            <Link to={`/dashboard/leads/${lead.id}/email`} className="btn-secondary">
              Envoyer un email
            </Link>
            <Link to={clientId ? `/dashboard/quotes/new?clientId=${clientId}` : `/dashboard/quotes/new?leadId=${lead.id}`} className="btn-secondary">
              Créer un devis
            </Link>
          </div>
        </div>
        <p className="text-sm text-slate-600">
          {STATUS_LABELS[lead.status]} · créé le {formatDate(lead.createdAt)}
          {lead.instagramId ? ` · Instagram ${lead.instagramId}` : ""}
        </p>
      </div>
      <Flash message={flash} />
      {lead.blacklisted ? (
        <p role="note" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm font-semibold text-red-800">
          Contact en liste noire : il est exclu de tous les envois futurs et de tous les exports de campagne.
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <LeadFieldsForm key={lead.updatedAt} values={lead} lastResult={resultFor("fields")} />
          <Conversation messages={conversation} />
          <Timeline items={timeline} noteResult={resultFor("add-note")} activityResult={resultFor("add-activity")} />
        </div>
        <div className="space-y-6">
          <StatusPanel key={`${lead.status}-${lead.updatedAt}`} status={lead.status} lostReason={lead.lostReason} clientId={clientId} lastResult={resultFor("status")} askLostReason={askLost} />
          <ScorePanel key={`score-${lead.updatedAt}`} score={lead.score} override={lead.scoreOverride} explanation={scoreExplanation} lastResult={resultFor("score")} />
          <TagsPanel tags={lead.tags} lastResult={resultFor("add-tag")} />
          <ContactPanel consent={consent} blacklisted={lead.blacklisted} emailState={emailState} />
          <section className="card space-y-3" aria-labelledby="gdpr-title">
            <h2 id="gdpr-title" className="text-lg font-semibold">
              Données personnelles (RGPD)
            </h2>
            <a href={`/dashboard/leads/${lead.id}/gdpr.json`} download className="btn-secondary">
              Télécharger ses données (JSON)
            </a>
            <Link to={`/dashboard/leads/${lead.id}/erase`} className="btn-danger">
              Supprimer définitivement…
            </Link>
          </section>
        </div>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { openTrackingEnabled, setOpenTracking } from "~/email/webhook-events.server";
import { CampaignStatusBadge } from "~/email/campaign-panels";
import { listCampaigns } from "~/email/campaigns.server";
import { EmailNav } from "~/email/email-nav";

import { getEnv } from "~/env.server";
import { readFlash, redirectWithFlash } from "~/lib/flash.server";
import { formatDateTime, formatInt } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Campagnes email · Coach OS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const flash = await readFlash(request);
    return json(
      { campaigns: listCampaigns(db), openTracking: openTrackingEnabled(db), resendConfigured: Boolean(getEnv().RESEND_API_KEY), flash: flash.message as string | null },
      { headers: flash.headers },
    );
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const form = await request.formData();
    if (form.get("intent") !== "open-tracking") throw new Response("Action inconnue.", { status: 400 });
    const on = form.get("value") === "on";
    setOpenTracking(db, on);
    return redirectWithFlash(request, "/dashboard/email/campaigns", on ? "Suivi des ouvertures activé (chiffres globaux uniquement)." : "Suivi des ouvertures désactivé.");
  });
}

export default function CampaignsPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <EmailNav />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-bold">Campagnes</h1>
        <Link to="/dashboard/email/campaigns/new" className="btn">
          Nouvelle campagne
        </Link>
      </div>
      <Flash message={d.flash} />
      {!d.resendConfigured ? (
        <p className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="outbox-notice">
          Envoi réel non configuré : les emails vont dans la boîte de développement (/admin/outbox).
        </p>
      ) : null}
      {d.campaigns.length === 0 ? (
        <div className="card text-sm text-slate-700" data-testid="campaigns-empty">
          Aucune campagne pour l'instant. Une campagne envoie un de vos modèles à un segment de leads :{" "}
          <Link to="/dashboard/email/campaigns/new" className="text-indigo-700 underline">
            créez la première
          </Link>
          .
        </div>
      ) : (
        <ul className="space-y-2" data-testid="campaigns-list">
          {d.campaigns.map((c) => (
            <li key={c.id} className="card flex flex-wrap items-center justify-between gap-2">
              <div>
                <Link to={`/dashboard/email/campaigns/${c.id}`} className="font-semibold text-indigo-700 underline">
                  {c.name}
                </Link>{" "}
                <CampaignStatusBadge status={c.status} />
                <p className="text-xs text-slate-500">
                  {c.segmentName ? `Segment « ${c.segmentName} » · ` : ""}
                  {c.status === "draft" ? `créée le ${formatDateTime(c.createdAt)}` : c.status === "scheduled" && c.scheduledAt ? `prévue le ${formatDateTime(c.scheduledAt)}` : c.startedAt ? `partie le ${formatDateTime(c.startedAt)}` : ""}
                </p>
              </div>
              {c.status !== "draft" ? (
                <p className="text-sm text-slate-700">
                  {formatInt(c.sent)} / {formatInt(c.recipientCount)} envoyés{c.excludedCount ? ` · ${formatInt(c.excludedCount)} exclus` : ""}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Form method="post" className="card space-y-2 text-sm" aria-labelledby="tracking-title">
        <h2 id="tracking-title" className="font-semibold">
          Suivi des ouvertures : {d.openTracking ? "activé" : "désactivé"}
        </h2>
        <p className="text-slate-600">
          La CNIL recommande de recueillir le consentement avant de suivre les ouvertures personne par personne. Activé, Coach OS n'affiche que le total des ouvertures par campagne, jamais qui a ouvert.
        </p>
        <input type="hidden" name="value" value={d.openTracking ? "off" : "on"} />
        <button className="btn-secondary" name="intent" value="open-tracking">
          {d.openTracking ? "Désactiver le suivi des ouvertures" : "Activer le suivi des ouvertures"}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireCoach, withCoachDb } from "~/auth/guards.server";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { ApiTokensPanel } from "~/platform/api-tokens-panel";
import { AssumptionsForm } from "~/kpis/assumptions-form";
import { getEnv } from "~/env.server";
import { AssumptionsSchema } from "~/kpis/assumptions";
import { readAssumptions, saveAssumptions } from "~/kpis/assumptions.server";
import { controlDb } from "~/lib/control-db.server";
import { readFlash, redirectWithFlash } from "~/lib/flash.server";
import { curlExample, n8nNodeExample } from "~/ingest/n8n-example";
import { createApiToken, listApiTokens, revokeApiToken } from "~/platform/api-tokens.server";
import { PrebriefEmailForm } from "~/components/settings/prebrief-email-form";
import { prebriefEmailEnabled, savePrebriefEmail } from "~/clients/prebrief-settings.server";
import { BillingSettingsSection } from "~/billing/billing-settings-section";
import { BillingSettingsSchema } from "~/billing/billing-settings-schema";
import { billingSettingsView, logoErrorResult, saveBillingSettings } from "~/billing/billing-settings.server";
import { LOGO_ERRORS, LOGO_TOO_LARGE, readSettingsForm, removeLogo, saveLogo } from "~/billing/logo.server";
import { StripeConnectPanel } from "~/billing/stripe-connect-panel";
import { connectStripe, stripeConnectState } from "~/billing/stripe-connect.server";

export const meta: MetaFunction = () => [{ title: "Réglages · Coach OS" }];

const baseUrl = (request: Request) => getEnv().APP_URL ?? new URL(request.url).origin;

export async function loader({ request }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db, { tenant }) => {
    const flash = await readFlash(request);
    return json(
      {
        tokens: listApiTokens(controlDb(), tenant.id),
        assumptions: readAssumptions(db),
        prebriefEmail: prebriefEmailEnabled(db),
        billing: billingSettingsView(db),
        stripe: stripeConnectState(db),
        baseUrl: baseUrl(request),
        flash: flash.message,
      },
      { headers: flash.headers },
    );
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, tenant } = await requireCoach(request);
  // The logo form is multipart: read with a size cap (a too-large logo stops the reading).
  const form = await readSettingsForm(request);
  if (form === LOGO_TOO_LARGE) return json({ intent: "upload-logo", nameError: null, createdToken: null, result: logoErrorResult(LOGO_ERRORS.tooLarge) }, { status: 413 });
  switch (form.get("intent")) {
    case "create-token": {
      const name = String(form.get("name") ?? "").trim();
      if (name.length < 1 || name.length > 60) {
        return json({ intent: "create-token", nameError: "Donnez un nom au jeton (60 caractères au plus).", createdToken: null, result: null }, { status: 400 });
      }
      // Shown once, in this response only: never stored in clear, never put in a redirect.
      const { token } = createApiToken(controlDb(), { tenantId: tenant.id, name, userId: user.id });
      return json({ intent: "create-token", nameError: null as string | null, createdToken: token, result: null });
    }
    case "revoke-token": {
      const tokenId = Number(form.get("tokenId"));
      // Scoped to the session's tenant: another tenant's token id simply is not found.
      if (!Number.isInteger(tokenId) || !revokeApiToken(controlDb(), { tenantId: tenant.id, tokenId })) {
        throw new Response("Ce jeton n'existe pas.", { status: 404 });
      }
      return redirectWithFlash(request, "/dashboard/settings", "Jeton révoqué : il ne peut plus rien envoyer.");
    }
    case "save-assumptions": {
      const submission = parseWithZod(form, { schema: AssumptionsSchema });
      if (submission.status !== "success") {
        return json({ intent: "save-assumptions", nameError: null as string | null, createdToken: null, result: submission.reply() }, { status: 400 });
      }
      await withCoachDb(request, (db) => saveAssumptions(db, submission.value));
      return redirectWithFlash(request, "/dashboard/settings#estimations", "Hypothèses enregistrées : les KPIs estimés en tiennent compte.");
    }
    case "save-prebrief": {
      // An unchecked checkbox is not sent at all: absent means off.
      const on = form.get("prebriefEmail") === "on";
      await withCoachDb(request, (db) => savePrebriefEmail(db, on));
      const message = on ? "Pré-briefs par email activés : vous les recevrez le matin de chaque jour de séance." : "Pré-briefs par email désactivés.";
      return redirectWithFlash(request, "/dashboard/settings#pre-briefs", message);
    }
    case "save-billing": {
      const submission = parseWithZod(form, { schema: BillingSettingsSchema });
      if (submission.status !== "success") {
        return json({ intent: "save-billing", nameError: null, createdToken: null, result: submission.reply() }, { status: 400 });
      }
      await withCoachDb(request, (db) => saveBillingSettings(db, submission.value));
      return redirectWithFlash(request, "/dashboard/settings#facturation", "Informations de facturation enregistrées.");
    }
    case "upload-logo": {
      const error = await withCoachDb(request, (db) => saveLogo(db, form.get("logo")));
      if (error) return json({ intent: "upload-logo", nameError: null, createdToken: null, result: logoErrorResult(error) }, { status: 400 });
      return redirectWithFlash(request, "/dashboard/settings#facturation", "Logo enregistré : il figurera sur vos documents.");
    }
    case "remove-logo": {
      await withCoachDb(request, (db) => removeLogo(db));
      return redirectWithFlash(request, "/dashboard/settings#facturation", "Logo retiré.");
    }
    case "stripe-connect": {
      const result = await withCoachDb(request, (db) => connectStripe(db, { tenantId: tenant.id, email: user.email, baseUrl: baseUrl(request) }));
      if ("error" in result) return redirectWithFlash(request, "/dashboard/settings#stripe", result.error);
      return redirect(result.url, 303);
    }
    default:
      throw new Response("Action inconnue.", { status: 400 });
  }
}

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const freshToken = actionData?.createdToken ?? undefined;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Réglages</h1>
      <Flash message={data.flash} />
      <ApiTokensPanel tokens={data.tokens} createdToken={actionData?.createdToken ?? null} nameError={actionData?.nameError ?? undefined} />
      <section className="card space-y-3" aria-labelledby="n8n-title">
        <h2 id="n8n-title" className="text-lg font-semibold">
          Brancher N8N
        </h2>
        <p className="text-sm text-slate-600">
          Collez ce nœud « HTTP Request » dans votre workflow N8N (Ctrl+V dans l'éditeur). Les envois sont idempotents : un webhook
          rejoué ne crée pas de doublon. Documentation complète : <code>docs/api.md</code>.
        </p>
        <pre className="overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100" data-testid="n8n-example">
          {n8nNodeExample(data.baseUrl, freshToken)}
        </pre>
        <p className="text-sm text-slate-600">Ou testez depuis un terminal :</p>
        <pre className="overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100" data-testid="curl-example">
          {curlExample(data.baseUrl, freshToken)}
        </pre>
      </section>
      <PrebriefEmailForm enabled={data.prebriefEmail} />
      <BillingSettingsSection
        key={data.billing.version}
        values={data.billing.values}
        logoVersion={data.billing.logoVersion}
        lastResult={actionData?.intent === "save-billing" ? actionData.result : null}
        logoError={actionData?.intent === "upload-logo" ? actionData.result?.error?.logo?.[0] : null}
      />
      <StripeConnectPanel state={data.stripe} />
      <AssumptionsForm values={data.assumptions} lastResult={actionData?.intent === "save-assumptions" ? actionData.result : null} />
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

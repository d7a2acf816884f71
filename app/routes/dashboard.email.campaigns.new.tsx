import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { listSegments } from "~/crm/segments.server";
import { CampaignDraftForm } from "~/email/campaign-form";
import { DraftSchema } from "~/email/campaign-schemas";
import { CampaignError, createDraft, templateChoices } from "~/email/campaigns.server";
import { redirectWithFlash } from "~/lib/flash.server";

export const meta: MetaFunction = () => [{ title: "Nouvelle campagne · Coach OS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return withCoachDb(request, (db) => json({ templates: templateChoices(db), segments: listSegments(db.$client).map(({ id, name }) => ({ id, name })) }));
}

export async function action({ request }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const submission = parseWithZod(await request.formData(), { schema: DraftSchema });
    if (submission.status !== "success") return json(submission.reply(), { status: 400 });
    try {
      const id = createDraft(db, submission.value);
      return redirectWithFlash(request, `/dashboard/email/campaigns/${id}`, "Brouillon créé : vérifiez les destinataires, faites un envoi de test, puis envoyez.");
    } catch (error) {
      if (error instanceof CampaignError) return json(submission.reply({ fieldErrors: { [error.field]: [error.message] } }), { status: 400 });
      throw error;
    }
  });
}

export default function NewCampaign() {
  const { templates, segments } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <Link to="/dashboard/email/campaigns" className="text-sm text-indigo-700 underline">
          ← Campagnes
        </Link>
        <h1 className="mt-2 text-2xl font-bold">Nouvelle campagne</h1>
      </div>
      <CampaignDraftForm templates={templates} segments={segments} defaults={{ name: "" }} lastResult={lastResult} submitLabel="Créer le brouillon" intent="create" />
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

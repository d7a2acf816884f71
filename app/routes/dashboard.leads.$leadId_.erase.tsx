// GDPR erasure (art. 17) of one contact: a confirmation page, then one transaction
// (app/crm/gdpr.server.ts). Refused while the contact has issued invoices or credit notes.
import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { ErrorList, useZodForm } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { eraseLead } from "~/crm/gdpr.server";
import { displayName, notFound, requireLead } from "~/crm/lead-page.server";
import { EraseConfirmSchema } from "~/crm/lead-schemas";
import { clientOfLead } from "~/crm/won-lost.server";
import { redirectWithFlash } from "~/lib/flash.server";

export const meta: MetaFunction = () => [{ title: "Supprimer un contact · Coach OS" }];

const INVOICES_KEPT =
  "Ce contact a des factures ou des avoirs émis : la loi française impose de conserver les pièces comptables (factures et nom du client) pendant 10 ans, ce que le RGPD autorise (article 17.3.b). Il ne peut donc pas être effacé maintenant. Vous pouvez le mettre en liste noire pour ne plus jamais le contacter.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, (db) => {
    const lead = requireLead(db, params.leadId);
    return json({ id: lead.id, name: displayName(lead), isClient: clientOfLead(db, lead.id) !== null });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withCoachDb(request, async (db, { user }) => {
    const lead = requireLead(db, params.leadId);
    const submission = parseWithZod(await request.formData(), { schema: EraseConfirmSchema });
    if (submission.status !== "success") return json({ result: submission.reply(), refused: null as string | null }, { status: 400 });
    const erased = eraseLead(db, lead.id, user.id);
    if (!erased.ok && erased.reason === "not_found") throw notFound();
    if (!erased.ok) return json({ result: null, refused: INVOICES_KEPT }, { status: 409 });
    return redirectWithFlash(request, "/dashboard/leads", "Contact supprimé définitivement. Ses identifiants sont gardés chiffrés (hachés) pour qu'il ne revienne pas.");
  });
}

export default function EraseLead() {
  const { id, name, isClient } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useZodForm(EraseConfirmSchema, { id: "erase", lastResult: actionData?.result });
  return (
    <div className="card mx-auto max-w-xl space-y-4">
      <h1 className="text-xl font-bold">Supprimer définitivement {name} ?</h1>
      <p className="text-sm text-slate-700">
        La fiche, les messages du setter, les notes, les activités, l'historique des statuts et les tags de ce contact seront effacés
        {isClient ? ", ainsi que sa fiche client, ses séances, ses factures brouillons, ses devis" : ", ainsi que ses devis"} et les emails qui lui ont été envoyés. C'est irréversible. Ses email, téléphone et identifiant Instagram
        sont gardés sous forme hachée pour qu'il ne soit ni réimporté ni recréé par le setter. Les KPIs passés sont recalculés sans lui.
      </p>
      {actionData?.refused ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {actionData.refused}
        </p>
      ) : null}
      <Form method="post" className="space-y-3" {...getFormProps(form)}>
        <label htmlFor={fields.confirm.id} className="block text-sm font-medium text-slate-700">
          Tapez SUPPRIMER pour confirmer
        </label>
        <input {...getInputProps(fields.confirm, { type: "text" })} key={fields.confirm.key} autoComplete="off" className="input" />
        <ErrorList id={fields.confirm.errorId} errors={fields.confirm.errors} />
        <div className="flex flex-wrap gap-2">
          <button className="btn-danger">Supprimer définitivement</button>
          <Link to={`/dashboard/leads/${id}`} className="btn-secondary">
            Annuler
          </Link>
        </div>
      </Form>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { readBillingProfile } from "~/billing/billing-profile.server";
import { QuoteForm } from "~/billing/quote-form";
import { emptyFormValues, handleQuoteForm, recipientOf } from "~/billing/quote-page.server";
import type { QuoteFormErrors } from "~/billing/quote-schemas";
import { createDraftQuote } from "~/billing/quotes.server";
import { clientChoices } from "~/clients/sessions.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseId } from "~/lib/parse-id";

export const meta: MetaFunction = () => [{ title: "Nouveau devis · Coach OS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return withCoachDb(request, (db) => {
    const recipient = recipientOf(db, new URL(request.url));
    return json({
      recipient,
      choices: recipient ? [] : clientChoices(db),
      values: emptyFormValues(db),
      standardVat: readBillingProfile(db).vatRegime === "standard",
    });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const fd = await request.formData();
    const clientId = parseId(String(fd.get("clientId") ?? ""));
    const leadId = parseId(String(fd.get("leadId") ?? ""));
    const recipient = clientId !== null ? { clientId, leadId: null } : leadId !== null ? { clientId: null, leadId } : null;
    return handleQuoteForm(db, fd, recipient, async (input) => {
      const id = createDraftQuote(db, input);
      return redirectWithFlash(request, `/dashboard/quotes/${id}`, "Devis enregistré (brouillon).");
    });
  });
}

export default function NewQuote() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as { values: typeof d.values; errors: QuoteFormErrors } | undefined;
  const values = a?.values ?? d.values;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link to="/dashboard/quotes" className="text-sm text-indigo-700 underline">
          ← Devis
        </Link>
        <h1 className="mt-2 text-2xl font-bold">Nouveau devis</h1>
      </div>
      {!d.recipient && d.choices.length === 0 ? (
        <p className="card text-sm text-slate-700">
          Vous n'avez pas encore de client. <Link to="/dashboard/clients/new" className="font-semibold text-indigo-700 underline">Créez la fiche client</Link>, ou faites le devis depuis la fiche d'un lead.
        </p>
      ) : (
        <QuoteForm
          values={values}
          errors={a?.errors ?? {}}
          standardVat={d.standardVat}
          recipient={d.recipient ?? { choices: d.choices, clientId: values.clientId ?? "" }}
          submitLabel="Enregistrer le brouillon"
        />
      )}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

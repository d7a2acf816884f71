import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { readBillingProfile } from "~/billing/billing-profile.server";
import { QuoteForm } from "~/billing/quote-form";
import { formValuesOf, handleQuoteForm, quoteView } from "~/billing/quote-page.server";
import type { QuoteFormErrors } from "~/billing/quote-schemas";
import { requireQuote, updateDraftQuote } from "~/billing/quotes.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { redirectWithFlash } from "~/lib/flash.server";

export const meta: MetaFunction = () => [{ title: "Modifier le devis · Coach OS" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, (db) => {
    const quote = requireQuote(db, params.quoteId);
    // A sent quote is frozen: its page offers "Dupliquer" instead.
    if (quote.status !== "draft") throw redirect(`/dashboard/quotes/${quote.id}`);
    const view = quoteView(db, quote);
    return json({
      id: quote.id,
      recipient: { clientId: quote.clientId, leadId: quote.leadId, name: view.buyer?.name ?? "—" },
      values: formValuesOf(db, quote),
      standardVat: readBillingProfile(db).vatRegime === "standard",
    });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const quote = requireQuote(db, params.quoteId);
    const fd = await request.formData();
    return handleQuoteForm(db, fd, { clientId: quote.clientId, leadId: quote.clientId === null ? quote.leadId : null }, async (input) => {
      updateDraftQuote(db, quote.id, input);
      return redirectWithFlash(request, `/dashboard/quotes/${quote.id}`, "Devis enregistré (brouillon).");
    });
  });
}

export default function EditQuote() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as { values: typeof d.values; errors: QuoteFormErrors } | undefined;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link to={`/dashboard/quotes/${d.id}`} className="text-sm text-indigo-700 underline">
          ← Le devis
        </Link>
        <h1 className="mt-2 text-2xl font-bold">Modifier le devis (brouillon)</h1>
      </div>
      <QuoteForm values={a?.values ?? d.values} errors={a?.errors ?? {}} standardVat={d.standardVat} recipient={d.recipient} submitLabel="Enregistrer le brouillon" />
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

// /dashboard/invoices/new?clientId=: choose a client, then bill its completed sessions and free
// lines; saving creates a draft (no number yet) and opens its page.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { loadInvoiceForm, saveInvoiceForm } from "~/billing/invoice-editor.server";
import { InvoiceEditor } from "~/billing/invoice-editor";
import { addLine } from "~/billing/invoice-page.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseId } from "~/lib/parse-id";

export const meta: MetaFunction = () => [{ title: "Nouvelle facture · Coach OS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return withCoachDb(request, (db) => {
    // ?clientId= preselects, only among this coach's clients (another's id is ignored).
    const clientId = parseId(new URL(request.url).searchParams.get("clientId"));
    return json(loadInvoiceForm(db, { clientId }));
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const form = await request.formData();
    if (form.get("intent") === "add-line") return json(addLine(form));
    const saved = saveInvoiceForm(db, form, null);
    if (!saved.ok) return json(saved, { status: 400 });
    return redirectWithFlash(request, `/dashboard/invoices/${saved.id}`, "Brouillon enregistré : vérifiez-le, puis émettez la facture.");
  });
}

export default function NewInvoice() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const chosen = result?.values.clientId ?? data.values.clientId;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link to="/dashboard/invoices" className="text-sm text-indigo-700 underline">
          ← Factures
        </Link>
        <h1 className="mt-2 text-2xl font-bold">Nouvelle facture</h1>
      </div>
      {data.clients.length === 0 ? (
        <p className="card text-sm text-slate-700">
          Vous n'avez pas encore de client.{" "}
          <Link to="/dashboard/clients/new" className="font-semibold text-indigo-700 underline">
            Créez d'abord la fiche client
          </Link>
          .
        </p>
      ) : (
        <Form method="get" className="card flex flex-wrap items-end gap-3">
          <div className="min-w-0 flex-1">
            <label htmlFor="pick-client" className="block text-sm font-medium text-slate-700">
              Client
            </label>
            <select id="pick-client" name="clientId" defaultValue={chosen} className="input mt-1">
              <option value="">— Choisir un client —</option>
              {data.clients.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <button className="btn-secondary">Choisir</button>
        </Form>
      )}
      {chosen ? (
        <div className="card">
          <InvoiceEditor
            sessions={data.sessions}
            regime={data.regime}
            defaultVat={data.defaultVat}
            business={data.business}
            values={result?.values ?? data.values}
            rows={result?.rows ?? data.rows}
            errors={result && "errors" in result ? result.errors : undefined}
            submitLabel="Enregistrer le brouillon"
          />
        </div>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

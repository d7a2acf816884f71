import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { ClientFieldsForm } from "~/clients/client-fields-form";
import { ClientFieldsSchema } from "~/clients/client-schemas";
import { createClient } from "~/clients/client.server";
import { redirectWithFlash } from "~/lib/flash.server";

export const meta: MetaFunction = () => [{ title: "Nouveau client · Coach OS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return withCoachDb(request, () => json({}));
}

export async function action({ request }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const submission = parseWithZod(await request.formData(), { schema: ClientFieldsSchema });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const id = createClient(db, submission.value);
    return redirectWithFlash(request, `/dashboard/clients/${id}`, `Client ${submission.value.firstName} ${submission.value.lastName} créé.`);
  });
}

export default function NewClientPage() {
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-2xl space-y-4">
      <Link to="/dashboard/clients" className="text-sm text-indigo-700 underline">
        ← Mes clients
      </Link>
      <h1 className="text-2xl font-bold">Nouveau client</h1>
      <p className="text-sm text-slate-600">Pour un client qui n'est pas passé par vos leads. Les champs marqués * sont obligatoires.</p>
      <section className="card">
        <ClientFieldsForm lastResult={actionData?.result} submitLabel="Créer le client" />
      </section>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

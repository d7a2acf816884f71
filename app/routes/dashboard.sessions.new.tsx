import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { NewSessionForm } from "~/clients/new-session-form";
import { utcToParis } from "~/clients/paris-time";
import { NewSessionSchema, parsePrice } from "~/clients/session-schemas";
import { clientChoices, createSession } from "~/clients/sessions.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { redirectWithFlash } from "~/lib/flash.server";

export const meta: MetaFunction = () => [{ title: "Nouvelle séance · Coach OS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return withCoachDb(request, (db) => {
    const clients = clientChoices(db);
    // ?clientId= preselects, only among this coach's clients.
    const asked = Number(new URL(request.url).searchParams.get("clientId"));
    const clientId = clients.some((c) => c.id === asked) ? asked : undefined;
    const { date } = utcToParis(new Date());
    return json({ clients, defaults: { clientId, date, time: "", duration: 60 } });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const submission = parseWithZod(await request.formData(), { schema: NewSessionSchema });
    if (submission.status !== "success") return json(submission.reply(), { status: 400 });
    const v = submission.value;
    const price = parsePrice(v.price);
    const created = createSession(db, { clientId: v.clientId, date: v.date, time: v.time, durationMinutes: v.duration, priceCents: typeof price === "number" ? price : -1, theme: v.theme });
    if (!created.ok) return json(submission.reply({ fieldErrors: created.errors }), { status: 400 });
    return redirectWithFlash(request, `/dashboard/sessions/${created.id}`, "Séance réservée.");
  });
}

export default function NewSession() {
  const { clients, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <Link to="/dashboard" className="text-sm text-indigo-700 underline">← Focus</Link>
        <h1 className="mt-2 text-2xl font-bold">Nouvelle séance</h1>
      </div>
      {clients.length === 0 ? (
        <p className="card text-sm text-slate-700">
          Vous n'avez pas encore de client. <Link to="/dashboard/clients" className="font-semibold text-indigo-700 underline">Créez d'abord la fiche client</Link>, puis réservez sa séance.
        </p>
      ) : (
        <NewSessionForm clients={clients} defaults={defaults} lastResult={lastResult} />
      )}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { EMAIL_TEMPLATE_KINDS } from "../../db/tenant.schema";
import { withCoachDb } from "~/auth/guards.server";
import { ErrorList, Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { EmailNav } from "~/email/email-nav";
import { TEMPLATE_KIND_LABELS } from "~/email/templates/starters";
import { createTemplate, errorsOf, listTemplates } from "~/email/templates/templates.server";
import { readFlash, redirectWithFlash } from "~/lib/flash.server";
import { formatDateTime } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Modèles d'email · Coach OS" }];

const NewTemplateSchema = z.object({
  name: z.string().trim().min(1, "Donnez un nom au modèle.").max(100, "100 caractères au plus."),
  kind: z.enum(EMAIL_TEMPLATE_KINDS, { errorMap: () => ({ message: "Choisissez un type de modèle." }) }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const templates = listTemplates(db).map((t) => ({ ...t, updatedAt: t.updatedAt.getTime() }));
    const flash = await readFlash(request);
    return json({ templates, flash: flash.message as string | null }, { headers: flash.headers });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const fd = await request.formData();
    const parsed = NewTemplateSchema.safeParse({ name: fd.get("name") ?? "", kind: fd.get("kind") ?? "" });
    if (!parsed.success) return json({ errors: errorsOf(parsed.error), values: { name: String(fd.get("name") ?? ""), kind: String(fd.get("kind") ?? "") } }, { status: 400 });
    const id = createTemplate(db, parsed.data);
    return redirectWithFlash(request, `/dashboard/email/templates/${id}`, "Modèle créé : personnalisez-le puis enregistrez.");
  });
}

export default function TemplatesPage() {
  const { templates, flash } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Emails</h1>
      <EmailNav />
      <Flash message={flash} />
      <section className="card space-y-3" aria-labelledby="new-template">
        <h2 id="new-template" className="text-lg font-semibold">
          Nouveau modèle
        </h2>
        <Form method="post" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end" noValidate>
          <div>
            <label htmlFor="name" className="block text-sm font-medium text-slate-700">
              Nom du modèle
            </label>
            <input id="name" name="name" required maxLength={100} defaultValue={a?.values.name} aria-invalid={a?.errors.name ? true : undefined} aria-describedby="name-error" className="input mt-1" />
            <ErrorList id="name-error" errors={a?.errors.name ? [a.errors.name] : null} />
          </div>
          <div>
            <label htmlFor="kind" className="block text-sm font-medium text-slate-700">
              Type
            </label>
            <select id="kind" name="kind" defaultValue={a?.values.kind || "custom"} aria-describedby="kind-error" className="input mt-1">
              {EMAIL_TEMPLATE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {TEMPLATE_KIND_LABELS[k]}
                </option>
              ))}
            </select>
            <ErrorList id="kind-error" errors={a?.errors.kind ? [a.errors.kind] : null} />
          </div>
          <button type="submit" className="btn" disabled={busy}>
            Nouveau modèle
          </button>
        </Form>
        <p className="text-xs text-slate-500">Chaque type commence avec un exemple en français, à adapter.</p>
      </section>
      {templates.length === 0 ? (
        <p className="card text-slate-700" data-testid="templates-empty">
          Aucun modèle pour l'instant. Créez-en un ci-dessus : vœux, relance, confirmation de rendez-vous…
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="templates-list">
          {templates.map((t) => (
            <li key={t.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 p-3">
              <div className="min-w-0">
                <Link to={`/dashboard/email/templates/${t.id}`} className="font-medium text-indigo-700 hover:underline">
                  {t.name}
                </Link>
                <p className="truncate text-sm text-slate-600">{t.subject}</p>
              </div>
              <p className="text-xs text-slate-500">
                {TEMPLATE_KIND_LABELS[t.kind]} · version {t.version} · modifié le {formatDateTime(t.updatedAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

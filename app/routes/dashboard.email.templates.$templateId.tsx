import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { EmailNav } from "~/email/email-nav";
import { editorValuesOf } from "~/email/templates/editor-form";
import { handleEditorForm, type EditorActionData } from "~/email/templates/editor.server";
import { TEMPLATE_KIND_LABELS } from "~/email/templates/starters";
import { TemplateEditor } from "~/email/templates/template-editor";
import { deleteTemplate, designOf, duplicateTemplate, listVersions, requireTemplate, restoreVersion } from "~/email/templates/templates.server";
import { readFlash, redirectWithFlash } from "~/lib/flash.server";
import { formatDateTime } from "~/lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.values.name ?? "Modèle"} · Modèles d'email · Coach OS` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const template = requireTemplate(db, params.templateId);
    const versions = listVersions(db, template.id).map((v) => ({ ...v, createdAt: v.createdAt.getTime() }));
    const flash = await readFlash(request);
    return json(
      { id: template.id, kind: template.kind, version: template.version, values: editorValuesOf({ ...template, design: designOf(template) }), versions, flash: flash.message as string | null },
      { headers: flash.headers },
    );
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const template = requireTemplate(db, params.templateId);
    const fd = await request.formData();
    const intent = String(fd.get("intent") ?? "");
    const here = `/dashboard/email/templates/${template.id}`;
    if (intent === "duplicate") {
      const copy = duplicateTemplate(db, template.id);
      return redirectWithFlash(request, `/dashboard/email/templates/${copy}`, `Modèle dupliqué : « ${template.name} (copie) ».`);
    }
    if (intent === "delete") {
      deleteTemplate(db, template.id);
      return redirectWithFlash(request, "/dashboard/email/templates", `Modèle « ${template.name} » supprimé.`);
    }
    if (intent === "restore") {
      const version = Number(fd.get("version"));
      const result = Number.isSafeInteger(version) ? restoreVersion(db, template.id, version) : null;
      if (!result) throw new Response("Cette version n'existe pas.", { status: 404 });
      if (!result.ok) return redirectWithFlash(request, here, "Cette version ne peut plus être restaurée : elle utilise des variables ou des valeurs refusées aujourd'hui.");
      return redirectWithFlash(request, here, result.changed ? `Version ${version} restaurée (elle devient la version ${result.version}).` : "C'est déjà la version actuelle.");
    }
    return handleEditorForm(request, db, template, fd);
  });
}

// The live preview posts to the preview resource route: nothing changed here.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) => (formAction?.endsWith("/preview.html") ? false : defaultShouldRevalidate);

export default function TemplateEditorPage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as EditorActionData | undefined;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Emails</h1>
      <EmailNav />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Link to="/dashboard/email/templates" className="text-sm text-indigo-700 underline">
            ← Modèles
          </Link>
          <h2 className="mt-1 text-xl font-semibold">{d.values.name}</h2>
          <p className="text-sm text-slate-600">
            {TEMPLATE_KIND_LABELS[d.kind]} · version {d.version}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link to={`/dashboard/email/templates/${d.id}/preview`} className="btn-secondary">
            Aperçu
          </Link>
          <Form method="post">
            <button type="submit" name="intent" value="duplicate" className="btn-secondary">
              Dupliquer
            </button>
          </Form>
          <Form method="post" onSubmit={(e) => (confirm(`Supprimer le modèle « ${d.values.name} » ?`) ? undefined : e.preventDefault())}>
            <button type="submit" name="intent" value="delete" className="btn-secondary text-red-700">
              Supprimer
            </button>
          </Form>
        </div>
      </div>
      <Flash message={a?.message ?? d.flash} />
      {/* A new editor for each answer: the action's (committed before the loaders revalidate, so
          not keyed by version too) or, after a redirect, the saved version. */}
      <TemplateEditor key={a ? `answer-${a.nonce}` : `version-${d.version}`} id={d.id} values={a?.values ?? d.values} errors={a?.errors ?? {}} />
      <section className="card space-y-2" aria-labelledby="versions">
        <h2 id="versions" className="font-semibold">
          Versions
        </h2>
        <ul className="divide-y divide-slate-100 text-sm" data-testid="versions">
          {d.versions.map((v) => (
            <li key={v.version} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                Version {v.version} · {formatDateTime(v.createdAt)}
                {v.version === d.version ? <span className="ml-2 rounded bg-emerald-50 px-1.5 text-emerald-800">actuelle</span> : null}
                <span className="block text-slate-500">{v.subject}</span>
              </span>
              {v.version !== d.version ? (
                <Form method="post">
                  <input type="hidden" name="version" value={v.version} />
                  <button type="submit" name="intent" value="restore" className="btn-secondary px-3 py-1" aria-label={`Restaurer la version ${v.version}`}>
                    Restaurer
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

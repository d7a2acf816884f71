import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { EmailNav } from "~/email/email-nav";
import { previewEmail, sampleContact } from "~/email/templates/preview.server";
import { requireTemplate } from "~/email/templates/templates.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Aperçu · ${data?.name ?? "Modèle"} · Coach OS` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, (db) => {
    const template = requireTemplate(db, params.templateId);
    const sample = sampleContact(db);
    const email = previewEmail(template, sample);
    return json({ id: template.id, name: template.name, version: template.version, subject: email.subject, text: email.text, sample: { name: sample.name, email: sample.email } });
  });
}

const WIDTHS = [
  { width: 600, label: "Ordinateur", testId: "preview-desktop" },
  { width: 375, label: "Téléphone", testId: "preview-phone" },
];

export default function TemplatePreview() {
  const d = useLoaderData<typeof loader>();
  const src = `/dashboard/email/templates/${d.id}/preview.html`;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Emails</h1>
      <EmailNav />
      <div>
        <Link to={`/dashboard/email/templates/${d.id}`} className="text-sm text-indigo-700 underline">
          ← Modifier le modèle
        </Link>
        <h2 className="mt-2 text-xl font-semibold">Aperçu : {d.name}</h2>
        <p className="text-sm text-slate-600">
          Version {d.version}, telle que la recevrait {d.sample.name || "un contact"}
          {d.sample.email ? ` (${d.sample.email})` : ""}.
        </p>
      </div>
      <p className="card text-sm">
        <span className="font-medium">Objet :</span> <span data-testid="preview-subject">{d.subject}</span>
      </p>
      <div className="flex flex-wrap items-start gap-4">
        {WIDTHS.map((w) => (
          <figure key={w.width} className="max-w-full space-y-1">
            <figcaption className="text-sm font-medium text-slate-700">
              {w.label} ({w.width} px)
            </figcaption>
            <iframe
              title={`Aperçu ${w.label.toLowerCase()} (${w.width} px)`}
              data-testid={w.testId}
              src={src}
              sandbox="allow-popups allow-popups-to-escape-sandbox"
              width={w.width}
              height={720}
              className="max-w-full rounded-lg border border-slate-300 bg-white"
            />
          </figure>
        ))}
      </div>
      <section className="card space-y-2" aria-labelledby="text-version">
        <h2 id="text-version" className="font-semibold">
          Version texte
        </h2>
        <pre data-testid="preview-text" className="whitespace-pre-wrap break-words font-sans text-sm text-slate-800">
          {d.text}
        </pre>
      </section>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { listOutbox } from "~/email/email.server";
import { getEnv } from "~/env.server";
import { formatBytes, formatDateTime } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Emails (développement) · Coach OS admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  // Invitation links are secrets: only admins read them, and only while no email provider is set.
  return json({ emails: listOutbox(), resendConfigured: Boolean(getEnv().RESEND_API_KEY) });
}

export default function Outbox() {
  const { emails, resendConfigured } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1 className="text-2xl font-bold">Emails (boîte de développement)</h1>
      <p className="mt-1 text-sm text-slate-600">
        {resendConfigured
          ? "Resend est configuré : les nouveaux emails partent pour de vrai et n'apparaissent plus ici."
          : "RESEND_API_KEY n'est pas défini : les emails sont gardés ici au lieu d'être envoyés."}
      </p>
      {emails.length === 0 ? (
        <div className="card mt-6 text-slate-600">Aucun email pour l'instant.</div>
      ) : (
        <ul className="mt-6 space-y-4">
          {emails.map((e) => (
            <li key={e.id} className="card">
              <p className="text-sm text-slate-500">{formatDateTime(e.createdAt)}</p>
              <p className="mt-1 font-semibold">
                À : <span data-testid="outbox-to">{e.to}</span>
              </p>
              <p className="font-medium">{e.subject}</p>
              {e.attachments?.length ? (
                <ul className="mt-2 space-y-1 text-sm text-slate-700" aria-label="Pièces jointes">
                  {e.attachments.map((a, i) => (
                    <li key={i} data-testid="outbox-attachment">
                      📎 {a.filename} <span className="text-slate-500">({formatBytes(a.bytes)})</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              <div className="prose mt-3 max-w-none text-sm [&_a]:text-indigo-700 [&_a]:underline" dangerouslySetInnerHTML={{ __html: e.html }} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

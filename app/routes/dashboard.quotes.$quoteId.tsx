import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { QuoteAcceptanceRecord } from "~/billing/quote-acceptance-record";
import { quoteAction } from "~/billing/quote-actions.server";
import { QuoteDocument } from "~/billing/quote-document";
import { quoteView } from "~/billing/quote-page.server";
import { publicQuotePath } from "~/billing/quote-send.server";
import { appUrlOf } from "~/lib/app-url.server";
import { QuoteStatusBadge } from "~/billing/quote-status-badge";
import { requireQuote } from "~/billing/quotes.server";
import { Flash, FormErrors } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { readFlash } from "~/lib/flash.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Devis ${data?.q.number ?? "brouillon"} · Coach OS` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const q = quoteView(db, requireQuote(db, params.quoteId));
    const flash = await readFlash(request);
    const publicUrl = q.publicToken ? `${appUrlOf(request)}${publicQuotePath(q.publicToken)}` : null;
    return json({ q: { ...q, publicToken: null }, publicUrl, flash: flash.message as string | null }, { headers: flash.headers });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withCoachDb(request, async (db, ctx) => quoteAction(request, db, requireQuote(db, params.quoteId), ctx));
}

const PART_LABELS = { deposit: "Créer la facture d'acompte", balance: "Créer la facture de solde", full: "Créer la facture" } as const;

function Intent({ intent, label, className = "btn-secondary", extra }: { intent: string; label: string; className?: string; extra?: Record<string, string> }) {
  return (
    <Form method="post">
      {Object.entries(extra ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" name="intent" value={intent} className={className}>
        {label}
      </button>
    </Form>
  );
}

export default function QuotePage() {
  const { q, publicUrl, flash } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { error?: string } | undefined;
  const recipientLink = q.clientId ? `/dashboard/clients/${q.clientId}` : q.leadId ? `/dashboard/leads/${q.leadId}` : null;
  const open = q.status === "sent";
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <Link to="/dashboard/quotes" className="text-sm text-indigo-700 underline">
          ← Devis
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold">{q.number ? `Devis ${q.number}` : "Devis (brouillon)"}</h1>
          <QuoteStatusBadge status={q.status} />
        </div>
        {recipientLink && q.buyer ? (
          <p className="text-sm text-slate-600">
            Pour{" "}
            <Link to={recipientLink} className="text-indigo-700 underline">
              {q.buyer.name}
            </Link>
          </p>
        ) : null}
      </div>
      <Flash message={flash} />
      <FormErrors errors={actionData?.error ? [actionData.error] : null} />
      <section className="card space-y-3" aria-label="Actions">
        <div className="flex flex-wrap gap-2">
          {q.status === "draft" ? (
            <>
              <Intent intent="send" label="Envoyer au client" className="btn" />
              <Link to={`/dashboard/quotes/${q.id}/edit`} className="btn-secondary">
                Modifier
              </Link>
              <Intent intent="delete" label="Supprimer le brouillon" className="btn-danger" />
            </>
          ) : null}
          {q.nextParts.map((part) => (
            <Intent key={part} intent="invoice" extra={{ part }} label={PART_LABELS[part]} className="btn" />
          ))}
          {open ? <Intent intent="resend" label="Renvoyer par email" /> : null}
          {open ? <Intent intent="refuse" label="Marquer refusé" /> : null}
          {q.status !== "draft" ? <Intent intent="duplicate" label="Dupliquer" /> : null}
          <a href={`/dashboard/quotes/${q.id}/pdf`} className="btn-secondary">
            Télécharger le PDF
          </a>
        </div>
        {publicUrl && (open || q.status === "accepted") ? (
          <p className="break-all text-sm text-slate-700">
            Lien public du devis (à transmettre au client) :{" "}
            <a href={publicUrl} className="text-indigo-700 underline" data-testid="quote-public-link">
              {publicUrl}
            </a>
          </p>
        ) : null}
        {q.depositInvoice || q.balanceInvoice ? (
          <ul className="text-sm" data-testid="quote-invoices">
            {q.depositInvoice ? (
              <li>
                Facture d'acompte :{" "}
                <Link to={`/dashboard/invoices/${q.depositInvoice.id}`} className="text-indigo-700 underline">
                  n° {q.depositInvoice.number}
                </Link>
              </li>
            ) : null}
            {q.balanceInvoice ? (
              <li>
                {q.schedule.depositPercent > 0 ? "Facture de solde" : "Facture"} :{" "}
                <Link to={`/dashboard/invoices/${q.balanceInvoice.id}`} className="text-indigo-700 underline">
                  n° {q.balanceInvoice.number}
                </Link>
              </li>
            ) : null}
          </ul>
        ) : null}
        {q.refusedAt ? <p className="text-sm text-red-800">Refusé.</p> : null}
      </section>
      {q.acceptance ? <QuoteAcceptanceRecord acceptance={q.acceptance} showIp /> : null}
      <QuoteDocument q={q} />
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

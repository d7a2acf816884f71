// /pay/:token — the invoice's public page for the client (no account, unguessable link): amount
// due, status, PDF, bank details, and "Payer par carte" (Stripe Checkout on the coach's account).
import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { BillingError } from "~/billing/billing-error";
import { payPage, startCheckout, withPublicInvoice } from "~/billing/pay-page.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { getEnv } from "~/env.server";
import { formatDate, formatEuros } from "~/lib/format";
import { assertSameOrigin } from "~/lib/request.server";

const NOINDEX = { "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Facture ${data.invoice.number} · ${data.invoice.seller.name}` : "Facture" },
  { name: "robots", content: "noindex, nofollow" },
];

export const headers: HeadersFunction = () => NOINDEX;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const back = new URL(request.url).searchParams.get("paiement");
  return withPublicInvoice(params.token, (db, invoice) =>
    json({ invoice: payPage(db, invoice), back: back === "ok" || back === "annule" ? back : null }, { headers: NOINDEX }),
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = await request.formData();
  if (form.get("intent") !== "pay-card") throw new Response("Action inconnue.", { status: 400 });
  const baseUrl = getEnv().APP_URL ?? new URL(request.url).origin;
  return withPublicInvoice(params.token, async (db, invoice) => {
    try {
      const url = await startCheckout(db, invoice, { token: params.token!, baseUrl });
      return redirect(url, { status: 303, headers: NOINDEX });
    } catch (error) {
      if (error instanceof BillingError) return json({ error: error.message }, { status: 409, headers: NOINDEX });
      throw error;
    }
  });
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-1">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-right font-medium">{children}</dd>
    </div>
  );
}

export default function PayInvoice() {
  const { invoice: i, back } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { token } = useParams();
  const paid = i.status === "paid";
  return (
    <main className="mx-auto w-full max-w-lg space-y-4 p-4">
      <header>
        <p className="text-sm text-slate-600">{i.seller.name}</p>
        <h1 className="text-2xl font-bold">Facture {i.number}</h1>
        {i.title ? <p className="text-slate-700">{i.title}</p> : null}
      </header>
      {back === "ok" ? (
        <p role="status" className="card border-green-300 bg-green-50 text-green-900">
          {paid ? "Paiement reçu, merci !" : "Paiement en cours de confirmation : cette page indiquera « Acquittée » dès que Stripe l'aura confirmé."}
        </p>
      ) : back === "annule" ? (
        <p role="status" className="card">Paiement annulé : rien n'a été débité.</p>
      ) : null}
      <section className="card" aria-label="Récapitulatif">
        <dl className="text-sm">
          <Row label="Statut">
            <span data-testid="pay-status">{i.statusLabel}</span>
          </Row>
          {i.issueDate ? <Row label="Émise le">{formatDate(i.issueDate)}</Row> : null}
          {i.dueDate && i.dueCents > 0 ? <Row label="À régler avant le">{formatDate(i.dueDate)}</Row> : null}
          <Row label="Montant TTC">{formatEuros(i.totalCents)}</Row>
          {i.paidCents !== 0 ? <Row label="Déjà payé">{formatEuros(i.paidCents)}</Row> : null}
          {i.creditedCents > 0 ? <Row label="Avoirs">{formatEuros(i.creditedCents)}</Row> : null}
          <Row label="Reste à payer">
            <span data-testid="pay-due">{formatEuros(i.dueCents)}</span>
          </Row>
        </dl>
      </section>
      {i.canPayByCard ? (
        <Form method="post" className="card space-y-2">
          <input type="hidden" name="intent" value="pay-card" />
          {actionData?.error ? (
            <p role="alert" className="text-sm text-red-700">
              {actionData.error}
            </p>
          ) : null}
          <button type="submit" className="btn w-full" disabled={busy}>
            Payer par carte {formatEuros(i.dueCents)}
          </button>
          <p className="text-xs text-slate-500">Paiement sécurisé par Stripe ; vous revenez sur cette page ensuite.</p>
        </Form>
      ) : i.cardNote ? (
        <p className="text-sm text-slate-600">{i.cardNote}</p>
      ) : null}
      {i.dueCents > 0 && i.seller.iban ? (
        <section className="card text-sm" aria-labelledby="transfer-title">
          <h2 id="transfer-title" className="font-semibold">
            Payer par virement
          </h2>
          <dl className="mt-2">
            <Row label="Titulaire">{i.seller.legalName}</Row>
            <Row label="IBAN">
              <span className="break-all font-mono">{i.seller.iban}</span>
            </Row>
            {i.seller.bic ? <Row label="BIC">{i.seller.bic}</Row> : null}
            <Row label="Référence">{i.number}</Row>
          </dl>
        </section>
      ) : null}
      <p className="text-sm">
        <a className="underline" href={`/pay/${token}/pdf`} data-testid="pay-pdf" download>
          Télécharger la facture (PDF)
        </a>
      </p>
      <footer className="text-xs text-slate-500">
        {i.seller.legalName}
        {i.seller.address ? ` · ${i.seller.address}` : ""}
        {i.seller.email ? ` · ${i.seller.email}` : ""}
      </footer>
    </main>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

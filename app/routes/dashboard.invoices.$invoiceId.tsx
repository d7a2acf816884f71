// /dashboard/invoices/:invoiceId: an invoice or credit note as it reads, its status, payments,
// credit notes and history; a draft is edited, issued or deleted here; an issued invoice is
// paid by hand, credited, sent, downloaded.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { InvoiceDocument } from "~/billing/invoice-document";
import { InvoiceEditor } from "~/billing/invoice-editor";
import { invoiceAction, loadInvoicePage, requireInvoice } from "~/billing/invoice-page.server";
import {
  CreditForm, CreditNotesList, DraftActions, EventsLog, IssuedActions, PaymentForm, PaymentsList, RefundForm, Refusal, type ActionResult,
} from "~/billing/invoice-panels";
import { InvoiceStatusBadge, kindLabel } from "~/billing/invoice-status-badge";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { readFlash } from "~/lib/flash.server";
import { formatEuros } from "~/lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? kindLabel(data.invoice.kind) : "Facture"} ${data?.invoice.number ?? "brouillon"} · Coach OS` },
];

const coachOf = (ctx: { user: { email: string; name: string | null }; tenant: { id: string; name: string } }) => ({
  tenantId: ctx.tenant.id,
  email: ctx.user.email,
  name: ctx.user.name ?? ctx.tenant.name,
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db, ctx) => {
    const invoice = requireInvoice(db, params.invoiceId);
    const flash = await readFlash(request);
    return json({ ...loadInvoicePage(db, invoice, request, coachOf(ctx)), flash: flash.message as string | null }, { headers: flash.headers });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withCoachDb(request, async (db, ctx) => {
    const invoice = requireInvoice(db, params.invoiceId);
    return invoiceAction(request, db, invoice, await request.formData(), coachOf(ctx));
  });
}

export default function InvoicePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionResult & { editor?: Parameters<typeof InvoiceEditor>[0] & { ok: false } }) | undefined;
  const inv = d.invoice;
  const draft = inv.state === "draft";
  const credit = inv.kind === "credit_note";
  const payable = !credit && !draft && inv.state !== "cancelled" && d.amountDueCents > 0;
  return (
    <div className="space-y-6">
      <div>
        <Link to="/dashboard/invoices" className="text-sm text-indigo-700 underline">
          ← Factures
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold">
            {kindLabel(inv.kind)} {inv.number ?? "(brouillon)"}
          </h1>
          <InvoiceStatusBadge status={d.status} />
        </div>
        <p className="text-sm text-slate-600">
          {d.buyer?.name ?? "Client supprimé"} · {formatEuros(inv.totalTtcCents)} TTC
          {!credit && !draft ? ` · payé ${formatEuros(inv.paidCents)}` : ""}
          {d.creditedCents > 0 ? ` · crédité ${formatEuros(d.creditedCents)}` : ""}
          {inv.clientId ? (
            <>
              {" · "}
              <Link to={`/dashboard/clients/${inv.clientId}`} className="text-indigo-700 underline">
                fiche client
              </Link>
            </>
          ) : null}
        </p>
        {d.corrects ? (
          <p className="text-sm">
            Cet avoir corrige la{" "}
            <Link to={`/dashboard/invoices/${d.corrects.id}`} className="text-indigo-700 underline">
              facture {d.corrects.number}
            </Link>
            .
          </p>
        ) : null}
      </div>
      <Flash message={d.flash} />
      <Refusal result={result} clientId={inv.clientId} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          {draft && d.form ? (
            <section className="card space-y-3" aria-labelledby="edit-title">
              <h2 id="edit-title" className="font-semibold">
                Modifier le brouillon
              </h2>
              <InvoiceEditor
                sessions={d.form.sessions}
                regime={d.form.regime}
                defaultVat={d.form.defaultVat}
                business={d.form.business}
                values={result?.editor?.values ?? d.form.values}
                rows={result?.editor?.rows ?? d.form.rows}
                errors={result?.editor?.errors}
                submitLabel="Enregistrer le brouillon"
              />
            </section>
          ) : null}
          <InvoiceDocument invoice={inv} seller={d.seller} buyer={d.buyer} lines={d.lines} vat={d.vat} corrects={d.corrects} />
          <EventsLog events={d.events} />
        </div>
        <div className="min-w-0 space-y-6">
          {draft ? <DraftActions result={result} /> : <IssuedActions invoiceId={inv.id} payUrl={d.payUrl} kind={inv.kind} />}
          {payable ? <PaymentForm amountDue={d.amountDueCents} today={d.today} submission={d.submission} result={result} /> : null}
          <PaymentsList payments={d.payments} />
          <CreditNotesList notes={d.creditNotes} />
          {!credit && !draft && inv.state !== "cancelled" ? <CreditForm submission={d.submission} result={result} /> : null}
          {!credit && !draft && inv.paidCents > 0 ? (
            <RefundForm defaultCents={d.refundDefaultCents} paidCents={inv.paidCents} today={d.today} submission={d.submission} result={result} />
          ) : null}
        </div>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

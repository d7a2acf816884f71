// The side panels of an invoice's page: what to do next (issue, pay, credit, send), the payments,
// the credit notes and the events log. Every action is a plain form with an intent.
import { Form, Link } from "@remix-run/react";
import { ErrorList } from "~/components/forms";
import { formatDate, formatDateTime, formatEuros } from "~/lib/format";
import { MANUAL_METHOD_OPTIONS } from "./payment-methods";

export type ActionResult = { intent?: string; errors?: Record<string, string>; values?: Record<string, string>; incomplete?: boolean } | undefined;

const err = (r: ActionResult, intent: string, field: string) => (r?.intent === intent && r.errors?.[field] ? [r.errors[field]] : null);
const val = (r: ActionResult, intent: string, field: string, fallback: string) => (r?.intent === intent && r.values?.[field] !== undefined ? r.values[field] : fallback);

export function Refusal({ result, clientId }: { result: ActionResult; clientId?: number | null }) {
  const message = result?.errors?.form;
  if (!message) return null;
  // "Informations obligatoires manquantes : a, b du client." → which page completes each item.
  const missing = message.startsWith("Informations obligatoires manquantes : ") ? message.slice(39).replace(/\.$/, "").split(", ") : [];
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      <p className="font-semibold">{message}</p>
      {result?.incomplete && missing.some((m) => m.endsWith("du client")) && clientId ? (
        <p className="mt-1">
          <Link to={`/dashboard/clients/${clientId}`} className="underline">
            Compléter la fiche du client
          </Link>
        </p>
      ) : null}
      {result?.incomplete && (missing.length === 0 || missing.some((m) => !m.endsWith("du client"))) ? (
        <p className="mt-1">
          <Link to="/dashboard/settings#facturation" className="underline">
            Compléter les réglages de facturation
          </Link>
        </p>
      ) : null}
    </div>
  );
}

export function DraftActions({ result }: { result: ActionResult }) {
  return (
    <section className="card space-y-3" aria-labelledby="draft-actions">
      <h2 id="draft-actions" className="font-semibold">
        Brouillon
      </h2>
      <p className="text-sm text-slate-600">Un brouillon n'a pas de numéro. À l'émission, il reçoit le suivant de la série et ne se modifie plus.</p>
      <Form method="post">
        <button name="intent" value="issue" className="btn w-full">
          Émettre
        </button>
      </Form>
      <Form method="post" className="space-y-2">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="confirm" value="yes" required /> Je confirme la suppression
        </label>
        <ErrorList errors={err(result, "delete", "confirm")} />
        <button name="intent" value="delete" className="btn-danger w-full">
          Supprimer le brouillon
        </button>
      </Form>
    </section>
  );
}

export function IssuedActions({ invoiceId, payUrl, kind }: { invoiceId: number; payUrl: string | null; kind: "invoice" | "credit_note" }) {
  return (
    <section className="card space-y-3" aria-labelledby="issued-actions">
      <h2 id="issued-actions" className="font-semibold">
        Document
      </h2>
      <a href={`/dashboard/invoices/${invoiceId}/pdf`} className="btn-secondary block text-center">
        Télécharger le PDF
      </a>
      <Form method="post">
        <button name="intent" value="send" className="btn-secondary w-full">
          Envoyer par email
        </button>
      </Form>
      {kind === "invoice" && payUrl ? (
        <div className="text-sm">
          <p className="font-medium">Lien de paiement à transmettre</p>
          <input readOnly value={payUrl} className="input mt-1 text-xs" aria-label="Lien de paiement" onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
    </section>
  );
}

/** How the money moved and its reference: the same fields for a payment and a refund by hand. */
function MethodAndReference({ intent, label, result }: { intent: "pay" | "refund"; label: string; result: ActionResult }) {
  return (
    <>
      <label className="block text-sm">
        {label}
        <select name="method" defaultValue={val(result, intent, "method", "transfer")} className="input mt-1">
          {MANUAL_METHOD_OPTIONS.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <ErrorList errors={err(result, intent, "method")} />
      <label className="block text-sm">
        Référence (facultatif)
        <input name="reference" defaultValue={val(result, intent, "reference", "")} className="input mt-1" />
      </label>
      <ErrorList errors={err(result, intent, "reference")} />
    </>
  );
}

/** The render's one-time token: a double submission writes once (submission.server.ts). */
const Submission = ({ token }: { token: string }) => <input type="hidden" name="submission" value={token} />;

export function PaymentForm({ amountDue, today, submission, result }: { amountDue: number; today: string; submission: string; result: ActionResult }) {
  const euros = (amountDue / 100).toFixed(2).replace(".", ",");
  return (
    <section className="card space-y-3" aria-labelledby="pay-title">
      <h2 id="pay-title" className="font-semibold">
        Marquer comme payée
      </h2>
      <p className="text-sm text-slate-600">Reste dû : {formatEuros(amountDue)}. Un paiement partiel est possible.</p>
      <Form method="post" className="space-y-2">
        <Submission token={submission} />
        <label className="block text-sm">
          Montant (€)
          <input name="amount" inputMode="decimal" defaultValue={val(result, "pay", "amount", euros)} className="input mt-1" required />
        </label>
        <ErrorList errors={err(result, "pay", "amount")} />
        <label className="block text-sm">
          Date du paiement
          <input type="date" name="paidOn" defaultValue={val(result, "pay", "paidOn", today)} max={today} className="input mt-1" required />
        </label>
        <ErrorList errors={err(result, "pay", "paidOn")} />
        <MethodAndReference intent="pay" label="Moyen de paiement" result={result} />
        <button name="intent" value="pay" className="btn w-full">
          Enregistrer le paiement
        </button>
      </Form>
    </section>
  );
}

export function RefundForm({ defaultCents, paidCents, today, submission, result }: { defaultCents: number; paidCents: number; today: string; submission: string; result: ActionResult }) {
  const euros = (defaultCents / 100).toFixed(2).replace(".", ",");
  return (
    <section className="card space-y-3" aria-labelledby="refund-title">
      <h2 id="refund-title" className="font-semibold">
        Enregistrer un remboursement
      </h2>
      <p className="text-sm text-slate-600">Argent rendu au client hors ligne (virement, chèque…). Payé à ce jour : {formatEuros(paidCents)}.</p>
      <Form method="post" className="space-y-2">
        <Submission token={submission} />
        <label className="block text-sm">
          Montant remboursé (€)
          <input name="amount" inputMode="decimal" defaultValue={val(result, "refund", "amount", euros)} className="input mt-1" required />
        </label>
        <ErrorList errors={err(result, "refund", "amount")} />
        <label className="block text-sm">
          Date du remboursement
          <input type="date" name="refundedOn" defaultValue={val(result, "refund", "refundedOn", today)} max={today} className="input mt-1" required />
        </label>
        <ErrorList errors={err(result, "refund", "refundedOn")} />
        <MethodAndReference intent="refund" label="Moyen" result={result} />
        <button name="intent" value="refund" className="btn-secondary w-full">
          Enregistrer le remboursement
        </button>
      </Form>
    </section>
  );
}

export function CreditForm({ submission, result }: { submission: string; result: ActionResult }) {
  const mode = val(result, "credit", "mode", "full");
  return (
    <section className="card space-y-3" aria-labelledby="credit-title">
      <h2 id="credit-title" className="font-semibold">
        Émettre un avoir
      </h2>
      <p className="text-sm text-slate-600">Une facture émise ne se modifie pas : un avoir la corrige, en tout ou en partie.</p>
      <Form method="post" className="space-y-2">
        <Submission token={submission} />
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="mode" value="full" defaultChecked={mode === "full"} /> Avoir total (annule la facture)
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="mode" value="partial" defaultChecked={mode === "partial"} /> Avoir partiel
        </label>
        <label className="block text-sm">
          Montant TTC de l'avoir partiel (€)
          <input name="amount" inputMode="decimal" defaultValue={val(result, "credit", "amount", "")} className="input mt-1" />
        </label>
        <ErrorList errors={err(result, "credit", "amount")} />
        <label className="block text-sm">
          Motif
          <input name="reason" defaultValue={val(result, "credit", "reason", "")} className="input mt-1" required />
        </label>
        <ErrorList errors={err(result, "credit", "reason")} />
        <button name="intent" value="credit" className="btn-secondary w-full">
          Émettre l'avoir
        </button>
      </Form>
    </section>
  );
}

const METHOD: Record<string, string> = { card: "Carte", transfer: "Virement", cash: "Espèces", cheque: "Chèque", other: "Autre" };

export function PaymentsList({ payments }: { payments: { id: number; amountCents: number; method: string; paidAt: number; reference: string | null }[] }) {
  if (payments.length === 0) return null;
  return (
    <section className="card" aria-labelledby="payments-title">
      <h2 id="payments-title" className="font-semibold">
        Paiements
      </h2>
      <ul className="mt-2 divide-y text-sm" data-testid="payments">
        {payments.map((p) => (
          <li key={p.id} className="flex justify-between gap-2 py-1">
            <span>
              {formatDate(p.paidAt)} · {METHOD[p.method] ?? p.method}
              {p.reference ? ` · ${p.reference}` : ""}
            </span>
            <span className={p.amountCents < 0 ? "text-red-700" : ""}>{formatEuros(p.amountCents)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CreditNotesList({ notes }: { notes: { id: number; number: string | null; totalTtcCents: number }[] }) {
  if (notes.length === 0) return null;
  return (
    <section className="card" aria-labelledby="credits-title">
      <h2 id="credits-title" className="font-semibold">
        Avoirs sur cette facture
      </h2>
      <ul className="mt-2 text-sm">
        {notes.map((n) => (
          <li key={n.id}>
            <Link to={`/dashboard/invoices/${n.id}`} className="text-indigo-700 underline">
              Avoir {n.number}
            </Link>{" "}
            — {formatEuros(n.totalTtcCents)}
          </li>
        ))}
      </ul>
    </section>
  );
}

const EVENT: Record<string, string> = {
  issued: "Émise",
  sent: "Envoyée",
  reminder: "Relance",
  payment: "Paiement",
  refund: "Remboursement",
  credit_note: "Avoir",
  dispute: "Litige",
  checkout: "Paiement en ligne",
  platform: "Plateforme",
};

export function EventsLog({ events }: { events: { id: number; type: string; detail: string | null; at: number }[] }) {
  return (
    <section className="card" aria-labelledby="events-title">
      <h2 id="events-title" className="font-semibold">
        Historique
      </h2>
      {events.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">Rien encore.</p>
      ) : (
        <ol className="mt-2 space-y-1 text-sm" data-testid="events">
          {events.map((e) => (
            <li key={e.id}>
              <span className="text-slate-500">{formatDateTime(e.at)}</span> · {EVENT[e.type] ?? e.type}
              {e.detail ? ` : ${e.detail}` : ""}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

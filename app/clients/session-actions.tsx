// The session's other actions, each a small POST form with an `intent`. Only the ones the
// session's status allows are offered; the server checks again (sessions.server.ts). The final
// ones (absent, cancel, refund) sit behind a <details> confirmation: one mis-tap on a phone
// opens it, it takes a second, deliberate tap to post (no JavaScript needed).
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, useZodForm, ErrorList } from "~/components/forms";
import type { SessionStatus } from "../../db/tenant.schema";
import { RescheduleSchema } from "./session-schemas";

type Result = SubmissionResult<string[]> | null | undefined;

export function RescheduleForm({ paris, durationMinutes, started, lastResult }: { paris: { date: string; time: string }; durationMinutes: number; started: boolean; lastResult: Result }) {
  const [form, fields] = useZodForm(RescheduleSchema, { id: "session-reschedule", lastResult, defaultValue: { ...paris, duration: durationMinutes } });
  return (
    <Form method="post" className="space-y-3" {...getFormProps(form)}>
      <h3 className="font-semibold">Déplacer la séance</h3>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <Field label="Date" field={fields.date} type={"date" as "text"} />
        <Field label="Heure (Paris)" field={fields.time} type={"time" as "text"} />
        <Field label="Durée (minutes)" field={fields.duration} type="number" />
      </div>
      {started ? <p className="text-sm text-slate-600">Déplacée, la séance redevient « Confirmée » : vous la démarrerez à nouveau le moment venu (vos notes restent).</p> : null}
      <ErrorList errors={form.errors} />
      <button name="intent" value="reschedule" className="btn-secondary">Déplacer</button>
    </Form>
  );
}

function IntentButton({ intent, label, danger = false }: { intent: string; label: string; danger?: boolean }) {
  return (
    <Form method="post">
      <button name="intent" value={intent} className={danger ? "btn-danger" : "btn-secondary"}>{label}</button>
    </Form>
  );
}

/** A final action: the summary only opens the sentence saying what it does and the real button. */
function ConfirmedIntent({ intent, label, sentence, confirm }: { intent: string; label: string; sentence: string; confirm: string }) {
  return (
    <details className="w-full rounded-lg border border-slate-200 p-2" data-testid={`confirm-${intent}`}>
      <summary className="cursor-pointer text-sm font-semibold text-red-700">{label}…</summary>
      <Form method="post" className="mt-2 space-y-2">
        <p className="text-sm text-slate-700">{sentence}</p>
        <button name="intent" value={intent} className="btn-danger">{confirm}</button>
      </Form>
    </details>
  );
}

export function SessionActions({
  status, started, past, paid, paris, durationMinutes, rescheduleResult,
}: {
  status: SessionStatus; started: boolean; past: boolean; paid: boolean;
  paris: { date: string; time: string }; durationMinutes: number; rescheduleResult: Result;
}) {
  const canPay = status !== "refunded";
  const canRefund = (status === "completed" || status === "cancelled") && paid;
  return (
    <section id="actions" className="card space-y-4" aria-labelledby="actions-title">
      <h2 id="actions-title" className="text-lg font-semibold">Autres actions</h2>
      {status === "confirmed" ? <RescheduleForm paris={paris} durationMinutes={durationMinutes} started={started} lastResult={rescheduleResult} /> : null}
      <div className="flex flex-wrap gap-2">
        {canPay ? <IntentButton intent={paid ? "unpaid" : "paid"} label={paid ? "Marquer non payée" : "Marquer payée"} /> : null}
      </div>
      {status === "confirmed" && past ? (
        <ConfirmedIntent intent="no-show" label="Client absent" confirm="Oui, le client est absent" sentence="La séance sera marquée « Absence » : c'est définitif, elle ne pourra plus être réalisée ni annulée." />
      ) : null}
      {status === "confirmed" ? (
        <ConfirmedIntent intent="cancel" label="Annuler la séance" confirm="Oui, annuler la séance" sentence="La séance sera annulée ; le créneau sera libéré. C'est définitif." />
      ) : null}
      {canRefund ? (
        <ConfirmedIntent intent="refund" label="Rembourser" confirm="Oui, rembourser" sentence="La séance sera marquée « Remboursée » : c'est définitif, son paiement ne se modifiera plus." />
      ) : null}
      {(status === "completed" || status === "cancelled") && !paid ? (
        <p className="text-sm text-slate-600">Non payée : rien à rembourser.</p>
      ) : null}
      {status === "refunded" || status === "no_show" ? <p className="text-sm text-slate-600">Cette séance est close : plus rien à faire ici.</p> : null}
    </section>
  );
}

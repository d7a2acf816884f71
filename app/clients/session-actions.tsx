// The session's other actions, each a small POST form with an `intent`. Only the ones the
// session's status allows are offered; the server checks again (sessions.server.ts).
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, useZodForm } from "~/components/forms";
import type { SessionStatus } from "../../db/tenant.schema";
import { RescheduleSchema } from "./session-schemas";

type Result = SubmissionResult<string[]> | null | undefined;

export function RescheduleForm({ paris, durationMinutes, lastResult }: { paris: { date: string; time: string }; durationMinutes: number; lastResult: Result }) {
  const [form, fields] = useZodForm(RescheduleSchema, { id: "session-reschedule", lastResult, defaultValue: { ...paris, duration: durationMinutes } });
  return (
    <Form method="post" className="space-y-3" {...getFormProps(form)}>
      <h3 className="font-semibold">Déplacer la séance</h3>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <Field label="Date" field={fields.date} type={"date" as "text"} />
        <Field label="Heure (Paris)" field={fields.time} type={"time" as "text"} />
        <Field label="Durée (minutes)" field={fields.duration} type="number" />
      </div>
      <ErrorBlock errors={form.errors} />
      <button name="intent" value="reschedule" className="btn-secondary">Déplacer</button>
    </Form>
  );
}

function ErrorBlock({ errors }: { errors?: string[] }) {
  return errors?.length ? <p role="alert" className="text-sm text-red-700">{errors.join(" ")}</p> : null;
}

function IntentButton({ intent, label, danger = false }: { intent: string; label: string; danger?: boolean }) {
  return (
    <Form method="post">
      <button name="intent" value={intent} className={danger ? "btn-danger" : "btn-secondary"}>{label}</button>
    </Form>
  );
}

export function SessionActions({
  status, started, past, paid, paris, durationMinutes, rescheduleResult,
}: {
  status: SessionStatus; started: boolean; past: boolean; paid: boolean;
  paris: { date: string; time: string }; durationMinutes: number; rescheduleResult: Result;
}) {
  const canPay = status !== "refunded";
  return (
    <section id="actions" className="card space-y-4" aria-labelledby="actions-title">
      <h2 id="actions-title" className="text-lg font-semibold">Autres actions</h2>
      {status === "confirmed" && !started ? <RescheduleForm paris={paris} durationMinutes={durationMinutes} lastResult={rescheduleResult} /> : null}
      <div className="flex flex-wrap gap-2">
        {canPay ? <IntentButton intent={paid ? "unpaid" : "paid"} label={paid ? "Marquer non payée" : "Marquer payée"} /> : null}
        {status === "confirmed" && past ? <IntentButton intent="no-show" label="Client absent" /> : null}
        {status === "confirmed" ? <IntentButton intent="cancel" label="Annuler la séance" danger /> : null}
        {status === "completed" || status === "cancelled" ? <IntentButton intent="refund" label="Rembourser" danger /> : null}
      </div>
      {status === "refunded" || status === "no_show" ? <p className="text-sm text-slate-600">Cette séance est close : plus rien à faire ici.</p> : null}
    </section>
  );
}

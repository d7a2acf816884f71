// Goals on the client page: create, progress %, done, abandoned, reopened. Each a real form.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ErrorList, Field, useZodForm } from "~/components/forms";
import { formatDate } from "~/lib/format";
import { GOAL_STATUS_LABELS, GoalCreateSchema, type GoalStatus } from "./client-schemas";

export type GoalView = { id: number; title: string; status: GoalStatus; progress: number; createdAt: number; closedAt: number | null };

function ProgressForm({ goal, error, typed }: { goal: GoalView; error?: string[]; typed?: string }) {
  const inputId = `goal-${goal.id}-progress`;
  const errorId = `${inputId}-error`;
  return (
    <Form method="post" className="flex flex-wrap items-end gap-2" aria-label={`Progression de « ${goal.title} »`}>
      <input type="hidden" name="goalId" value={goal.id} />
      <div>
        <label htmlFor={inputId} className="block text-xs font-medium text-slate-700">
          Progression (%)
        </label>
        <input
          id={inputId}
          name="progress"
          type="number"
          min={0}
          max={100}
          step={1}
          required
          defaultValue={typed ?? goal.progress}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className="input mt-1 w-24"
        />
      </div>
      <button name="intent" value="goal-progress" className="btn-secondary">
        Enregistrer
      </button>
      <ErrorList id={errorId} errors={error} />
    </Form>
  );
}

function StatusButton({ goalId, intent, label, danger }: { goalId: number; intent: string; label: string; danger?: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="goalId" value={goalId} />
      <button name="intent" value={intent} className={danger ? "btn-secondary text-red-700" : "btn-secondary"}>
        {label}
      </button>
    </Form>
  );
}

export function ClientGoals({
  goals,
  createResult,
  progressResult,
}: {
  goals: GoalView[];
  createResult?: SubmissionResult<string[]> | null;
  progressResult?: SubmissionResult<string[]> | null;
}) {
  // A refused percentage comes back to the goal it was typed for, with the typed value.
  const failedGoal = progressResult?.initialValue?.goalId;
  return (
    <section className="card space-y-4" aria-labelledby="goals-title" id="goals">
      <h2 id="goals-title" className="text-lg font-semibold">
        Objectifs
      </h2>
      {goals.length === 0 ? <p className="text-sm text-slate-600">Aucun objectif : fixez-en un ci-dessous avec votre client.</p> : null}
      <ul className="space-y-3">
        {goals.map((g) => (
          <li key={g.id} className="space-y-2 rounded-lg border border-slate-200 p-3" data-testid="goal">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="font-medium">{g.title}</p>
              <p className="text-xs text-slate-500">
                {GOAL_STATUS_LABELS[g.status]}
                {g.closedAt ? ` le ${formatDate(g.closedAt)}` : ` · depuis le ${formatDate(g.createdAt)}`}
              </p>
            </div>
            <div className="flex items-center gap-2">
              <progress max={100} value={g.progress} className="h-2 flex-1" aria-label={`Progression de « ${g.title} »`}>
                {g.progress} %
              </progress>
              <span className="text-sm font-semibold" data-testid="goal-progress">
                {g.progress} %
              </span>
            </div>
            {g.status === "in_progress" ? (
              <div className="flex flex-wrap items-end gap-2">
                <ProgressForm
                  key={`${g.id}-${g.progress}`}
                  goal={g}
                  error={String(failedGoal) === String(g.id) ? progressResult?.error?.progress ?? undefined : undefined}
                  typed={String(failedGoal) === String(g.id) ? (progressResult?.initialValue?.progress as string | undefined) : undefined}
                />
                <StatusButton goalId={g.id} intent="goal-done" label="Atteint" />
                <StatusButton goalId={g.id} intent="goal-abandon" label="Abandonner" danger />
              </div>
            ) : (
              <StatusButton goalId={g.id} intent="goal-reopen" label="Rouvrir" />
            )}
          </li>
        ))}
      </ul>
      {/* Keyed by the number of goals: with JS, a created goal empties the form (an error keeps it). */}
      <AddGoalForm key={goals.length} lastResult={createResult} />
    </section>
  );
}

function AddGoalForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useZodForm(GoalCreateSchema, { id: "add-goal", lastResult });
  return (
    <Form method="post" className="grid grid-cols-1 gap-3 border-t border-slate-100 pt-4 sm:grid-cols-[1fr_8rem_auto] sm:items-end" {...getFormProps(form)}>
      <Field label="Nouvel objectif" field={fields.title} placeholder="Oser dire non" autoComplete="off" />
      <Field label="Progression (%)" field={fields.progress} type="number" />
      <div>
        <button name="intent" value="add-goal" className="btn">
          Ajouter l'objectif
        </button>
      </div>
    </Form>
  );
}

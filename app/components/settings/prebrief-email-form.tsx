// The pre-brief email preference: a checkbox and a real POST form (works without JavaScript).
import { Form } from "@remix-run/react";

export function PrebriefEmailForm({ enabled }: { enabled: boolean }) {
  return (
    <section className="card space-y-3" aria-labelledby="prebrief-title" id="pre-briefs">
      <h2 id="prebrief-title" className="text-lg font-semibold">
        Pré-briefs par email
      </h2>
      <Form method="post" className="space-y-3">
        <input type="hidden" name="intent" value="save-prebrief" />
        <label className="flex items-start gap-3 text-sm">
          <input type="checkbox" name="prebriefEmail" value="on" defaultChecked={enabled} key={String(enabled)} className="mt-0.5 h-4 w-4" />
          <span>
            Recevoir mes pré-briefs par email le matin des jours de séance
            <span className="block text-xs text-slate-500">
              Un seul message vers 6 h (7 h en été) avec le pré-brief de chaque séance du jour ; rien les jours sans séance.
            </span>
          </span>
        </label>
        <button type="submit" className="btn-secondary">
          Enregistrer
        </button>
      </Form>
    </section>
  );
}

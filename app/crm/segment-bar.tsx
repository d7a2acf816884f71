import { Form, Link } from "@remix-run/react";
import { ErrorList } from "~/components/forms";

type Segment = { id: number; name: string };

/** Saved segments as one-click links, each with a delete button; and "Enregistrer ce filtre". */
export function SegmentBar({ segments, current, query, listQuery, nameError, nameValue }: { segments: Segment[]; current?: number; query: string; listQuery: string; nameError?: string[]; nameValue?: string }) {
  return (
    <section aria-label="Segments enregistrés" className="space-y-2">
      {segments.length ? (
        <ul className="flex flex-wrap gap-2">
          {segments.map((s) => (
            <li key={s.id} className={`flex items-center gap-1 rounded-full border px-3 py-1 text-sm ${s.id === current ? "border-indigo-500 bg-indigo-50" : "border-slate-300"}`}>
              <Link to={`/dashboard/leads?segment=${s.id}`} className="font-medium text-indigo-700">
                {s.name}
              </Link>
              <Form method="post" action="/dashboard/leads?index">
                <input type="hidden" name="segmentId" value={s.id} />
                <button type="submit" name="intent" value="delete-segment" className="ml-1 text-slate-500 hover:text-red-700" aria-label={`Supprimer le segment ${s.name}`}>
                  ×
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      {query ? (
        // Posted to the current view's URL: after a refused name the page shows the same list.
        <Form method="post" action={`/dashboard/leads?index${listQuery ? `&${listQuery}` : ""}`} className="flex flex-wrap items-start gap-2">
          <input type="hidden" name="query" value={query} />
          <label className="text-sm">
            <span className="sr-only">Nom du segment</span>
            <input
              name="name"
              required
              maxLength={80}
              defaultValue={nameValue}
              placeholder="Nom du segment (ex. Avocats Paris score > 60)"
              className="input w-72"
              aria-invalid={nameError?.length ? true : undefined}
              aria-describedby={nameError?.length ? "segment-name-error" : undefined}
            />
            <ErrorList id="segment-name-error" errors={nameError} />
          </label>
          <button type="submit" name="intent" value="save-segment" className="btn-secondary">
            Enregistrer ce filtre
          </button>
        </Form>
      ) : null}
    </section>
  );
}

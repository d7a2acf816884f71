import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { withCoachDb } from "~/auth/guards.server";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { canonicalFiltersUrl, hasFilters, leadFiltersQuery, parseLeadFilters, SegmentNotFound } from "~/crm/lead-filters.server";
import { LeadFiltersForm } from "~/crm/lead-filters-form";
import { filterChoices, hasAnyLead, listLeads } from "~/crm/leads-list.server";
import { takeBulkJobBanner } from "~/crm/bulk-jobs.server";
import { LeadsTable, Pagination } from "~/crm/leads-table";
import { SegmentBar } from "~/crm/segment-bar";
import { deleteSegment, listSegments, saveSegment } from "~/crm/segments.server";
import { readFlash, redirectWithFlash } from "~/lib/flash.server";
import { formatInt } from "~/lib/format";

// While a bulk action runs in its worker, the page reloads itself (no JavaScript needed) until
// the banner says it is done.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Leads · Coach OS" },
  ...(data?.bulkJob?.running ? [{ httpEquiv: "refresh", content: "5" } as const] : []),
];

const SaveSegmentSchema = z.object({
  intent: z.literal("save-segment"),
  name: z.string({ required_error: "Donnez un nom au segment." }).trim().min(1, "Donnez un nom au segment.").max(80, "80 caractères au plus."),
  query: z.string().max(2000).default(""),
});

const segmentNotFound = () => new Response("Ce segment n'existe pas.", { status: 404 });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters = parseLeadFilters(url.searchParams);
  return withCoachDb(request, async (db, ctx) => {
    const canonical = canonicalFiltersUrl(url, filters);
    if (canonical) throw redirect(canonical);
    const sqlite = db.$client;
    let list;
    try {
      list = listLeads(sqlite, filters);
    } catch (e) {
      if (e instanceof SegmentNotFound) throw segmentNotFound();
      throw e;
    }
    const flash = await readFlash(request);
    return json(
      {
        ...list,
        filters,
        query: leadFiltersQuery(filters),
        // What "Enregistrer ce filtre" stores: the segment's filters with the URL's on top.
        effectiveQuery: leadFiltersQuery(list.filters, { keepSegment: false }),
        filtered: hasFilters(filters),
        hasAny: list.total > 0 || hasAnyLead(sqlite),
        segments: listSegments(sqlite),
        choices: filterChoices(sqlite),
        now: Date.now(),
        flash: flash.message as string | null,
        bulkJob: takeBulkJobBanner(ctx.tenant.id),
      },
      { headers: flash.headers },
    );
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const form = await request.formData();
    if (form.get("intent") === "delete-segment") {
      // Scoped to the session's tenant: another tenant's id is simply not found.
      if (!deleteSegment(db.$client, Number(form.get("segmentId")))) throw segmentNotFound();
      return redirectWithFlash(request, "/dashboard/leads", "Segment supprimé.");
    }
    const submission = parseWithZod(form, { schema: SaveSegmentSchema });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    // Normalised (known filters only, fixed order, no page) whatever the hidden field held.
    const query = leadFiltersQuery(parseLeadFilters(new URLSearchParams(submission.value.query)), { keepSegment: false });
    const saved = saveSegment(db.$client, { name: submission.value.name, query });
    if (saved.taken) return json({ result: submission.reply({ fieldErrors: { name: ["Un segment porte déjà ce nom : choisissez-en un autre."] } }) }, { status: 400 });
    return redirectWithFlash(request, `/dashboard/leads?segment=${saved.id}`, `Segment « ${submission.value.name} » enregistré.`);
  });
}

export default function LeadsPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const nameError = actionData?.result.error?.name ?? undefined;
  const nameValue = (actionData?.result.initialValue?.name as string | undefined) ?? undefined;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Leads</h1>
          <p className="mt-1 text-sm text-slate-600" data-testid="leads-total">
            {formatInt(d.total)} {d.total > 1 ? "leads" : "lead"}
            {d.filtered ? " correspondant aux filtres" : ""}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link to="/dashboard/pipeline" className="btn-secondary">
            Pipeline
          </Link>
          <Link to="/dashboard/leads/import" className="btn-secondary">
            Importer
          </Link>
          <a href={`/dashboard/leads/export.csv${d.query ? `?${d.query}` : ""}`} className="btn-secondary" download>
            Exporter (CSV)
          </a>
        </div>
      </div>
      <Flash message={d.flash} />
      {d.bulkJob ? (
        <p
          role="status"
          data-testid="bulk-job"
          className={`rounded-lg border p-3 text-sm ${d.bulkJob.running ? "border-amber-200 bg-amber-50 text-amber-900" : d.bulkJob.failed ? "border-red-200 bg-red-50 text-red-800" : "border-emerald-200 bg-emerald-50 text-emerald-800"}`}
        >
          {d.bulkJob.message}{" "}
          {d.bulkJob.running ? (
            <Link to={d.query ? `?${d.query}` : "."} className="underline">
              Actualiser
            </Link>
          ) : null}
        </p>
      ) : null}
      <SegmentBar segments={d.segments} current={d.filters.segment} query={d.filtered ? d.effectiveQuery || d.query : ""} listQuery={d.query} nameError={nameError} nameValue={nameValue} />
      <LeadFiltersForm f={d.filters} choices={d.choices} action="/dashboard/leads" />
      {!d.hasAny ? (
        <div className="card" data-testid="leads-empty">
          <h2 className="font-semibold">Aucun lead pour l'instant</h2>
          <p className="mt-2 text-sm text-slate-700">
            Vos leads arrivent ici depuis votre setter : branchez N8N ou ManyChat avec un jeton d'API créé dans les{" "}
            <Link to="/dashboard/settings" className="text-indigo-700 underline">
              réglages
            </Link>
            , ou{" "}
            <Link to="/dashboard/leads/import" className="text-indigo-700 underline">
              importez un fichier CSV
            </Link>
            .
          </p>
        </div>
      ) : d.total === 0 ? (
        <div className="card" data-testid="leads-no-result">
          <h2 className="font-semibold">Aucun lead ne correspond à ces filtres</h2>
          <p className="mt-2 text-sm text-slate-700">
            Élargissez la recherche ou{" "}
            <Link to="/dashboard/leads" className="text-indigo-700 underline">
              effacez les filtres
            </Link>
            .
          </p>
        </div>
      ) : (
        <>
          <LeadsTable rows={d.rows} total={d.total} query={d.query} now={d.now} />
          <Pagination page={d.page} pageCount={d.pageCount} query={d.query} />
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

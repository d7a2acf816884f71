import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { withCoachDb } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { canonicalFiltersUrl, leadFiltersQuery, parseLeadFilters, SegmentNotFound } from "~/crm/lead-filters.server";
import { LeadFiltersForm } from "~/crm/lead-filters-form";
import { filterChoices } from "~/crm/leads-list.server";
import { PipelineBoard } from "~/crm/pipeline-board";
import { loadPipeline, moveLead } from "~/crm/pipeline.server";
import { LEAD_STATUSES } from "../../db/tenant.schema";

export const meta: MetaFunction = () => [{ title: "Pipeline · Coach OS" }];

const MoveSchema = z.object({
  intent: z.literal("move"),
  leadId: z.coerce.number().int().positive(),
  status: z.enum(LEAD_STATUSES, { errorMap: () => ({ message: "Statut inconnu." }) }),
  query: z.string().max(2000).default(""),
});

const NOT_FOUND = "Ce lead n'existe pas.";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters = parseLeadFilters(url.searchParams);
  return withCoachDb(request, (db) => {
    const canonical = canonicalFiltersUrl(url, filters, { withPage: false });
    if (canonical) throw redirect(canonical);
    try {
      const { columns } = loadPipeline(db.$client, filters);
      return json({ columns, filters, query: leadFiltersQuery(filters), choices: filterChoices(db.$client), now: Date.now() });
    } catch (e) {
      if (e instanceof SegmentNotFound) throw new Response("Ce segment n'existe pas.", { status: 404 });
      throw e;
    }
  });
}

/**
 * intent=move: the same action for the select form (no JS) and drag and drop (fetcher).
 * Moving to "lost" needs a reason: nothing is changed here, the coach is sent to the lead page
 * (?lost=1), whose form asks for it.
 */
export async function action({ request }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const parsed = MoveSchema.safeParse(Object.fromEntries(await request.formData()));
    if (!parsed.success) return json({ error: parsed.error.issues[0]?.message ?? "Demande invalide." }, { status: 400 });
    const { leadId, status } = parsed.data;
    const back = `/dashboard/pipeline${parsed.data.query ? `?${leadFiltersQuery(parseLeadFilters(new URLSearchParams(parsed.data.query)))}` : ""}`;
    if (status === "lost") {
      const exists = db.$client.prepare("SELECT 1 FROM leads WHERE id = ?").get(leadId);
      if (!exists) return json({ error: NOT_FOUND }, { status: 404 });
      return redirect(`/dashboard/leads/${leadId}?lost=1`);
    }
    // Scoped to the session's tenant file: another tenant's id is simply not there.
    if (moveLead(db.$client, leadId, status) === "missing") return json({ error: NOT_FOUND }, { status: 404 });
    return redirect(back.replace(/\?$/, ""));
  });
}

export default function Pipeline() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-bold">Pipeline</h1>
        <Link to={`/dashboard/leads${d.query ? `?${d.query}` : ""}`} className="btn-secondary">
          Voir en liste
        </Link>
      </div>
      {actionData?.error ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {actionData.error}
        </p>
      ) : null}
      <details className="group" open={d.query !== ""}>
        <summary className="cursor-pointer text-sm font-medium text-indigo-700">Filtres</summary>
        <div className="mt-2">
          <LeadFiltersForm f={d.filters} choices={d.choices} action="/dashboard/pipeline" showSort={false} />
        </div>
      </details>
      <p className="text-xs text-slate-500">Les 50 premiers leads de chaque colonne par score ; passer à « Perdu » demande une raison sur la fiche du lead.</p>
      <PipelineBoard columns={d.columns} query={d.query} now={d.now} />
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

// POST /dashboard/leads/bulk: the list's one bulk form (checked ids or "all N results" + an op).
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { requireCoach, withCoachDb } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { addTag, blacklist, countSelection, deleteLeads, removeTag, selectionQuery, setStatus } from "~/crm/bulk.server";
import { bulkDoneMessage, bulkJobRunning, bulkLimits, LEAD_JOB_BUSY, startBulkJob, type BulkParams } from "~/crm/bulk-jobs.server";
import { leadFiltersQuery, parseLeadFilters, SegmentNotFound } from "~/crm/lead-filters.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { formatInt } from "~/lib/format";

const BulkSchema = z.object({
  op: z.enum(["tag_add", "tag_remove", "status", "blacklist", "export", "email", "delete"]),
  query: z.string().max(2000).default(""),
  scope: z.literal("all").optional(),
  id: z.array(z.coerce.number().int().positive()).max(10_000).default([]),
  tag: z.string().trim().max(50).optional(),
  // Won (client record) and lost (a reason) are set on the lead page, one at a time.
  status: z.enum(["new", "engaged", "qualified", "call_proposed", "call_booked", "follow_up"]).optional(),
  confirm: z.literal("yes").optional(),
  expected: z.coerce.number().int().min(0).optional(),
});

export const loader = () => redirect("/dashboard/leads");

const plural = (n: number) => `${formatInt(n)} lead${n > 1 ? "s" : ""}`;

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireCoach(request);
  const form = await request.formData();
  const raw = Object.fromEntries([...form.keys()].map((k) => [k, k === "id" ? form.getAll(k) : form.get(k)]));
  const parsed = BulkSchema.safeParse({ ...raw, tag: raw.tag || undefined, scope: raw.scope || undefined, confirm: raw.confirm || undefined, expected: raw.expected || undefined });
  const filters = parseLeadFilters(new URLSearchParams(parsed.success ? parsed.data.query : ""));
  const listUrl = `/dashboard/leads${leadFiltersQuery(filters) ? `?${leadFiltersQuery(filters)}` : ""}`;
  if (!parsed.success) return redirectWithFlash(request, listUrl, "Action groupée invalide : choisissez une action et ses paramètres.");
  const v = parsed.data;
  const ids = v.scope === "all" ? ("all" as const) : v.id;
  if (ids !== "all" && ids.length === 0) return redirectWithFlash(request, listUrl, "Cochez au moins un lead, ou « Sélectionner les N résultats ».");
  if ((v.op === "tag_add" || v.op === "tag_remove") && !v.tag) return redirectWithFlash(request, listUrl, "Indiquez le tag à ajouter ou à retirer.");
  if (v.op === "status" && !v.status) return redirectWithFlash(request, listUrl, "Gagné et Perdu se règlent sur la fiche de chaque lead.");
  if (v.op === "export") {
    const qs = new URLSearchParams(leadFiltersQuery(filters));
    if (ids !== "all") qs.set("ids", ids.join(","));
    return redirect(`/dashboard/leads/export.csv?${qs}`, 303);
  }
  if (v.op === "email") {
    // The send page reads the selection again (template, preview, confirmation: dashboard.leads.email.tsx).
    const qs = new URLSearchParams(leadFiltersQuery(filters));
    if (ids === "all") qs.set("scope", "all");
    else qs.set("ids", ids.join(","));
    return redirect(`/dashboard/leads/email?${qs}`, 303);
  }

  return withCoachDb(request, async (db, ctx) => {
    let q;
    try {
      q = selectionQuery(db.$client, filters, ids);
    } catch (e) {
      if (e instanceof SegmentNotFound) throw new Response("Ce segment n'existe pas.", { status: 404 });
      throw e;
    }
    const params: BulkParams = { op: v.op as Exclude<typeof v.op, "export" | "email">, tag: v.tag, status: v.status }; // export and email returned above
    const count = countSelection(db.$client, q);
    // Nothing is deleted before the coach has read the count, nor if it changed meanwhile.
    if (v.op === "delete" && (v.confirm !== "yes" || v.expected !== count)) {
      return json({ confirm: { count, query: v.query, scope: v.scope ?? "", ids: ids === "all" ? [] : ids, listUrl } });
    }
    // Many leads: a worker thread does it (seconds at 100k) and the list shows its progress.
    if (count > bulkLimits.inlineMax) {
      if (!startBulkJob(ctx.tenant.id, params, q, count, user.id)) {
        return redirectWithFlash(request, listUrl, LEAD_JOB_BUSY);
      }
      return redirect(listUrl);
    }
    const sqlite = db.$client;
    const changed =
      v.op === "tag_add" ? addTag(sqlite, q, v.tag!)
      : v.op === "tag_remove" ? removeTag(sqlite, q, v.tag!)
      : v.op === "status" ? setStatus(sqlite, q, v.status!)
      : v.op === "blacklist" ? blacklist(db, q)
      : deleteLeads(sqlite, q, user.id);
    return redirectWithFlash(request, listUrl, bulkDoneMessage(params, changed));
  });
}

export default function BulkConfirm() {
  const data = useActionData<typeof action>();
  if (!data || !("confirm" in data)) return null;
  const c = data.confirm;
  return (
    <div className="card mx-auto max-w-xl space-y-4" data-testid="bulk-delete-confirm">
      <h1 className="text-xl font-bold">Supprimer {plural(c.count)} ?</h1>
      <p className="text-slate-700">
        Leurs messages, notes et activités seront supprimés aussi. C'est définitif ; pour seulement ne plus les contacter, blacklistez-les plutôt.
      </p>
      <form method="post" action="/dashboard/leads/bulk" className="flex flex-wrap gap-3">
        <input type="hidden" name="op" value="delete" />
        <input type="hidden" name="confirm" value="yes" />
        <input type="hidden" name="expected" value={c.count} />
        <input type="hidden" name="query" value={c.query} />
        {c.scope ? <input type="hidden" name="scope" value={c.scope} /> : null}
        {c.ids.map((id) => (
          <input key={id} type="hidden" name="id" value={id} />
        ))}
        <button type="submit" className="btn-danger" disabled={c.count === 0}>
          Supprimer définitivement {plural(c.count)}
        </button>
        <Link to={c.listUrl} className="btn-secondary">
          Annuler
        </Link>
      </form>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

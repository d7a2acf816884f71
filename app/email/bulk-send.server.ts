// Sending a template to a selection of the leads list (issue 10 §2). The selection travels as
// the list's own query string: `ids=1,2,3` (the checked rows) or `scope=all` + the list's filters
// ("all N results"), and is read again at every step (a lead that left the view, or another
// tenant's id, selects nothing). Copies are rendered when queued (direct-send.server.ts); a
// selection larger than BULK_SEND_MAX belongs in a campaign (the worker renders those).
import { leadFiltersQuery, leadQuery, parseLeadFilters, parseLeadIds } from "~/crm/lead-filters.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { compileForSend, copyFor, sendRow, type SendTemplate } from "./direct-send.server";
import { enqueueSends } from "./queue.server";
import { exclusionSummary, splitRecipients } from "./recipients.server";

export const BULK_SEND_MAX = 2000;

/** The selection part of a query string, normalised (what the pages carry from step to step). */
export function normaliseSelection(params: URLSearchParams) {
  const filters = leadFiltersQuery(parseLeadFilters(params));
  const ids = parseLeadIds(params.get("ids"));
  const qs = new URLSearchParams(filters);
  if (params.get("scope") === "all") qs.set("scope", "all");
  else if (ids?.length) qs.set("ids", ids.join(","));
  return qs.toString();
}

/** Where "back to the list" goes: the list with the same filters. */
export const listUrlOf = (selection: string) => {
  const filters = leadFiltersQuery(parseLeadFilters(new URLSearchParams(selection)));
  return `/dashboard/leads${filters ? `?${filters}` : ""}`;
};

/** The selected lead ids (BULK_SEND_MAX + 1 at most: one more says "too many"). Throws SegmentNotFound. */
export function selectedLeadIds(db: TenantDb, selection: string): number[] {
  const params = new URLSearchParams(selection);
  if (params.get("scope") !== "all") return (parseLeadIds(params.get("ids")) ?? []).slice(0, BULK_SEND_MAX + 1);
  const q = leadQuery(db.$client, parseLeadFilters(params));
  return db.$client
    .prepare(`SELECT leads.id FROM leads ${q.where} ${q.orderBy} LIMIT ${BULK_SEND_MAX + 1}`)
    .pluck()
    .all(...q.params) as number[];
}

/** Who receives it and who is excluded (grouped by reason), for the confirmation. */
export function bulkPlan(db: TenantDb, leadIds: number[], now = new Date()) {
  const { recipients, excluded } = splitRecipients(db, leadIds, now);
  return { recipients, excluded, summary: exclusionSummary(excluded), tooMany: leadIds.length > BULK_SEND_MAX };
}

/**
 * Queues one copy per recipient (compiled once) under `bulk-<formToken>-lead-<id>`: posting the
 * same confirmation twice queues nothing more. `confirmed` is the recipient count the coach saw
 * and confirmed: when the selection no longer gives that count (a lead unsubscribed, was added
 * to the filter, …), nothing is queued (`changed`). Returns the new rows and the plan it followed.
 */
export function queueBulkEmail(db: TenantDb, tenantId: string, template: SendTemplate, leadIds: number[], formToken: string, { confirmed, now = new Date() }: { confirmed: number | null; now?: Date }) {
  const plan = bulkPlan(db, leadIds, now);
  if (plan.tooMany) return { added: 0, changed: false, ...plan };
  if (confirmed !== plan.recipients.length) return { added: 0, changed: true, ...plan };
  const compiled = compileForSend(template);
  const rows = plan.recipients.map((r) => sendRow(`bulk-${formToken}-lead-${r.leadId}`, template, r.leadId, r, copyFor(template, compiled, r, { forQueue: true })));
  const added = rows.length ? enqueueSends(db, tenantId, rows, now) : 0;
  return { added, changed: false, ...plan };
}

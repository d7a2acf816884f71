// The pipeline: one column per status (funnel order) over the list's filtered set, each with its
// count, its total deal value and its first 50 leads by score; and moving a lead to a status.
import type Database from "better-sqlite3";
import { cachedStatement } from "~/lib/statements.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { markWon } from "./won-lost.server";
import type { LeadStatus } from "../../db/tenant.schema";
import { leadQuery, type LeadFilters } from "./lead-filters.server";
import { LEAD_ROW_COLUMNS, toLeadRow, type LeadRow } from "./leads-list.server";
import { FUNNEL } from "./lead-status";
import { refreshScores } from "./score.server";

export const CARDS_PER_COLUMN = 50;

export type PipelineColumn = { status: LeadStatus; count: number; totalCents: number; cards: LeadRow[] };

/** Throws SegmentNotFound. The status filter, when set, leaves the other columns empty. */
export function loadPipeline(sqlite: Database.Database, filters: LeadFilters) {
  const q = leadQuery(sqlite, filters);
  // Filter-dependent SQL: prepared per request, not cached (each filter combination is a new text).
  const totals = sqlite.prepare(`SELECT status, count(*) AS count, coalesce(sum(deal_value_cents), 0) AS totalCents FROM leads ${q.where} GROUP BY status`).all(
    ...q.params,
  ) as { status: LeadStatus; count: number; totalCents: number }[];
  const byStatus = new Map(totals.map((t) => [t.status, t]));
  const cardsOf = sqlite.prepare(`SELECT ${LEAD_ROW_COLUMNS} FROM leads ${q.where} AND leads.status = ? ORDER BY leads.score DESC, leads.id DESC LIMIT ${CARDS_PER_COLUMN}`);
  const columns: PipelineColumn[] = FUNNEL.map((status) => {
    const t = byStatus.get(status);
    const cards = t ? (cardsOf.all(...q.params, status) as Parameters<typeof toLeadRow>[0][]).map(toLeadRow) : [];
    return { status, count: t?.count ?? 0, totalCents: t?.totalCents ?? 0, cards };
  });
  return { filters: q.filters, columns };
}

/**
 * Moves a lead to a status (the trigger records the change) and refreshes its score.
 * "missing" when this tenant has no such lead (another tenant's id included).
 */
export function moveLead(sqlite: Database.Database, leadId: number, status: LeadStatus, now = new Date()) {
  const move = sqlite.transaction(() => {
    const row = cachedStatement(sqlite, "SELECT status FROM leads WHERE id = ?").get(leadId) as { status: LeadStatus } | undefined;
    if (!row) return "missing" as const;
    if (row.status === status) return "unchanged" as const;
    // Won goes through markWon (the client record, exactly once); leaving "lost" drops its reason.
    if (status === "won") {
      markWon({ $client: sqlite } as TenantDb, leadId, now);
      return "moved" as const;
    }
    cachedStatement(sqlite, "UPDATE leads SET status = ?, lost_reason = NULL, updated_at = ? WHERE id = ?").run(status, now.getTime(), leadId);
    refreshScores(sqlite, [leadId], now);
    return "moved" as const;
  });
  return move.immediate();
}

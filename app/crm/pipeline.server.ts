// The pipeline: one column per status (funnel order) over the list's filtered set, each with its
// count, its total deal value and its first 50 leads by score; and moving a lead to a status.
import type Database from "better-sqlite3";
import { cachedStatement } from "~/lib/statements.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { markWon } from "./won-lost.server";
import type { LeadStatus } from "../../db/tenant.schema";
import { leadQuery, type LeadFilters } from "./lead-filters.server";
import { boundedSearch, LEAD_ROW_COLUMNS, toLeadRow, type LeadRow } from "./leads-list.server";
import { FUNNEL } from "./lead-status";
import { refreshScores } from "./score.server";

export const CARDS_PER_COLUMN = 50;

export type PipelineColumn = { status: LeadStatus; count: number; totalCents: number; cards: LeadRow[] };

/** Throws SegmentNotFound. The status filter, when set, leaves the other columns empty. */
export function loadPipeline(sqlite: Database.Database, filters: LeadFilters) {
  const q = leadQuery(sqlite, filters);
  // Same rule as the list: a search bounded by an index reads its matches once; a 1–2 letter
  // search alone (LIKE over every lead) stays on the SQL path, where each column stops at 50.
  if (boundedSearch(q.filters)) return { filters: q.filters, columns: searchColumns(sqlite, q) };
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
 * With a bounded search (see boundedSearch), the matches are read once (id, status, score, value) and grouped here: the
 * totals query plus one query per column would each run the search again (9 FTS lookups).
 * Same order as the SQL path: score descending, then id descending.
 */
function searchColumns(sqlite: Database.Database, q: ReturnType<typeof leadQuery>): PipelineColumn[] {
  const matches = sqlite.prepare(`SELECT leads.id, leads.status, leads.score, leads.deal_value_cents FROM leads ${q.where}`).raw().all(...q.params) as [
    number,
    LeadStatus,
    number,
    number | null,
  ][];
  const groups = new Map<LeadStatus, { count: number; totalCents: number; top: [number, number][] }>();
  for (const [id, status, score, cents] of matches) {
    let g = groups.get(status);
    if (!g) groups.set(status, (g = { count: 0, totalCents: 0, top: [] }));
    g.count++;
    g.totalCents += cents ?? 0;
    g.top.push([score, id]);
  }
  const cardIds = new Map<LeadStatus, number[]>();
  for (const [status, g] of groups) {
    cardIds.set(status, g.top.sort((a, b) => b[0] - a[0] || b[1] - a[1]).slice(0, CARDS_PER_COLUMN).map(([, id]) => id));
  }
  const wanted = [...cardIds.values()].flat();
  const rows = cachedStatement(sqlite, `SELECT ${LEAD_ROW_COLUMNS} FROM leads WHERE leads.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(wanted)) as Parameters<
    typeof toLeadRow
  >[0][];
  const byId = new Map(rows.map((r) => [r.id, toLeadRow(r)]));
  return FUNNEL.map((status) => {
    const g = groups.get(status);
    const cards = (cardIds.get(status) ?? []).flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    return { status, count: g?.count ?? 0, totalCents: g?.totalCents ?? 0, cards };
  });
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

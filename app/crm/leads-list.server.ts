// One page of the leads list and its total, read through the shared filter SQL.
import type Database from "better-sqlite3";
import { cachedStatement } from "~/lib/statements.server";
import { leadQuery, PAGE_SIZE, type LeadFilters } from "./lead-filters.server";

export type LeadRow = {
  id: number;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  instagramId: string | null;
  company: string | null;
  status: string;
  score: number;
  tags: string[];
  lastContactAt: number | null;
  source: string | null;
  blacklisted: boolean;
  dealValueCents: number | null;
};

export const LEAD_ROW_COLUMNS = `leads.id, leads.first_name AS firstName, leads.last_name AS lastName, leads.username, leads.instagram_id AS instagramId,
  leads.company, leads.status, leads.score, leads.tags, leads.last_contact_at AS lastContactAt, leads.source, leads.blacklisted,
  leads.deal_value_cents AS dealValueCents`;

type RawRow = Omit<LeadRow, "tags" | "blacklisted"> & { tags: string; blacklisted: number };
export const toLeadRow = (r: RawRow): LeadRow => ({ ...r, tags: JSON.parse(r.tags) as string[], blacklisted: r.blacklisted === 1 });

/** Counts the leads the filters select (for "N résultats" and bulk actions' confirmations). */
export function countLeads(sqlite: Database.Database, filters: LeadFilters, opts: { ids?: number[] } = {}) {
  const q = leadQuery(sqlite, filters, opts);
  return (sqlite.prepare(`SELECT count(*) AS n FROM leads ${q.where}`).get(...q.params) as { n: number }).n;
}

/** The page asked for (clamped to the last page), 50 leads, with the total. Throws SegmentNotFound. */
export function listLeads(sqlite: Database.Database, filters: LeadFilters) {
  const q = leadQuery(sqlite, filters);
  if (boundedSearch(q.filters)) return listSearchResults(sqlite, q, filters.page);
  // Filter-dependent SQL: prepared per request, not cached (each filter combination is a new text).
  const total = (sqlite.prepare(`SELECT count(*) AS n FROM leads ${q.where}`).get(...q.params) as { n: number }).n;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(filters.page, pageCount);
  const rows = sqlite.prepare(`SELECT ${LEAD_ROW_COLUMNS} FROM leads ${q.where} ${q.orderBy} LIMIT ? OFFSET ?`).all(
    ...q.params,
    PAGE_SIZE,
    (page - 1) * PAGE_SIZE,
  ) as RawRow[];
  return { filters: q.filters, rows: rows.map(toLeadRow), total, page, pageCount };
}

/**
 * A search whose candidates come from an index: the trigram index (a word of 3+ characters), or
 * a tag, status or source (a 1–2 letter LIKE then only tests those leads).
 */
export const boundedSearch = (f: LeadFilters) =>
  Boolean(f.q) && ((f.q ?? "").split(/\s+/).some((w) => [...w].length >= 3) || Boolean(f.tag || f.source || f.status.length));

/**
 * A trigram search reads its matches once: their ids in the page's order (the count is their number),
 * then the 50 rows of the page by id. The count and the page used to read every match twice
 * (FTS lookup + a row read per match), which is most of the time of a broad search at 100k.
 */
function listSearchResults(sqlite: Database.Database, q: ReturnType<typeof leadQuery>, askedPage: number) {
  // `+column` in ORDER BY: sort the matches, never walk a whole sort index testing each lead.
  // (A 1–2 letter search alone, LIKE over every lead, keeps the count + LIMIT path: there,
  // walking the sort index stops after 50 hits, while sorting up to 100k matches would not.)
  const orderBy = q.orderBy.replace(/leads\./g, "+leads.");
  const ids = sqlite.prepare(`SELECT leads.id FROM leads ${q.where} ${orderBy}`).pluck().all(...q.params) as number[];
  const total = ids.length;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(askedPage, pageCount);
  const pageIds = ids.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const found = cachedStatement(sqlite, `SELECT ${LEAD_ROW_COLUMNS} FROM leads WHERE leads.id IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify(pageIds),
  ) as RawRow[];
  const byId = new Map(found.map((r) => [r.id, r]));
  // A lead deleted between the two reads (same connection, so only by this request) is skipped.
  const rows = pageIds.flatMap((id) => (byId.has(id) ? [toLeadRow(byId.get(id)!)] : []));
  return { filters: q.filters, rows, total, page, pageCount };
}

/** Whether the tenant has any lead at all (the empty state explains how leads arrive). */
export const hasAnyLead = (sqlite: Database.Database) => cachedStatement(sqlite, "SELECT 1 FROM leads LIMIT 1").get() !== undefined;

// Distinct values by hopping through the index (one seek per value) instead of reading all of
// it: a few dozen sources or tags cost microseconds at 100k leads.
const distinctVia = (table: string, column: string, limit: number) => `WITH RECURSIVE s(v) AS (
  SELECT min(${column}) FROM ${table}
  UNION ALL SELECT (SELECT min(${column}) FROM ${table} WHERE ${column} > s.v) FROM s WHERE s.v IS NOT NULL LIMIT ${limit}
) SELECT v FROM s WHERE v IS NOT NULL`;

/** Sources and tags in use, for the filter form's choices. */
export function filterChoices(sqlite: Database.Database) {
  const sources = cachedStatement(sqlite, distinctVia("leads", "source", 100)).pluck().all() as string[];
  const tags = cachedStatement(sqlite, distinctVia("lead_tags", "tag", 200)).pluck().all() as string[];
  return { sources, tags };
}

// The leads list's filters, parsed once from the URL and turned into ONE parameterised SQL
// WHERE + ORDER BY. The list, its count, the pipeline, the CSV export and the bulk actions all
// read leads through `leadQuery`, so "exactly the current filtered view" holds by construction.
// No user input is ever written into the SQL text: every value is a bound parameter.
import { z } from "zod";
import type Database from "better-sqlite3";
import { cachedStatement } from "~/lib/statements.server";
import { LEAD_STATUSES } from "../../db/tenant.schema";

export const LEAD_SORTS = [
  "created_desc",
  "created_asc",
  "score_desc",
  "score_asc",
  "last_contact_desc",
  "last_contact_asc",
  "name_asc",
  "name_desc",
] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];
export const DEFAULT_SORT: LeadSort = "created_desc";
export const PAGE_SIZE = 50;

const empty = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
// A wrong value in a bookmarked URL drops that filter instead of breaking the page.
const optional = <T extends z.ZodTypeAny>(t: T) => z.preprocess(empty, t.optional()).catch(undefined);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const score = z.coerce.number().int().min(0).max(100);

export const leadFiltersSchema = z.object({
  // Control characters (a NUL breaks an FTS5 phrase) become spaces.
  q: optional(z.string().transform((s) => s.replace(/[\x00-\x1f\x7f]/g, " ")).pipe(z.string().trim().max(100))),
  status: z.array(z.enum(LEAD_STATUSES)).catch([]).default([]),
  source: optional(z.string().trim().max(100)),
  tag: optional(z.string().trim().max(100)),
  segment: optional(z.coerce.number().int().positive()),
  score_min: optional(score),
  score_max: optional(score),
  created_from: optional(day),
  created_to: optional(day),
  /** Blacklisted contacts are left out unless asked for ("yes" = only them, "all" = everyone). */
  blacklisted: z.enum(["no", "yes", "all"]).catch("no").default("no"),
  sort: z.enum(LEAD_SORTS).catch(DEFAULT_SORT).default(DEFAULT_SORT),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type LeadFilters = z.infer<typeof leadFiltersSchema>;

/** The filters of a URL's query string (status may repeat). Never throws. */
export function parseLeadFilters(params: URLSearchParams): LeadFilters {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(leadFiltersSchema.shape)) {
    if (key === "status") raw.status = params.getAll("status").filter(Boolean);
    else if (params.has(key)) raw[key] = params.get(key);
  }
  return leadFiltersSchema.parse(raw);
}

/**
 * The canonical query string of the filters: fixed order, defaults and page left out. Segments
 * store it; links (pages, "voir les N autres") add to it.
 */
export function leadFiltersQuery(filters: LeadFilters, { keepSegment = true } = {}) {
  const out = new URLSearchParams();
  if (filters.q) out.set("q", filters.q);
  for (const s of LEAD_STATUSES) if (filters.status.includes(s)) out.append("status", s);
  if (filters.source) out.set("source", filters.source);
  if (filters.tag) out.set("tag", filters.tag);
  if (keepSegment && filters.segment) out.set("segment", String(filters.segment));
  if (filters.score_min !== undefined) out.set("score_min", String(filters.score_min));
  if (filters.score_max !== undefined) out.set("score_max", String(filters.score_max));
  if (filters.created_from) out.set("created_from", filters.created_from);
  if (filters.created_to) out.set("created_to", filters.created_to);
  if (filters.blacklisted !== "no") out.set("blacklisted", filters.blacklisted);
  if (filters.sort !== DEFAULT_SORT) out.set("sort", filters.sort);
  return out.toString();
}

export class SegmentNotFound extends Error {}

/**
 * Applies a saved segment: its stored filters, with the URL's own filters on top (a coach can
 * narrow a segment further). Throws SegmentNotFound for an id this tenant does not have.
 */
export function resolveSegment(sqlite: Database.Database, filters: LeadFilters): LeadFilters {
  if (!filters.segment) return filters;
  const row = cachedStatement(sqlite, "SELECT query FROM segments WHERE id = ?").get(filters.segment) as { query: string } | undefined;
  if (!row) throw new SegmentNotFound();
  const stored = parseLeadFilters(new URLSearchParams(row.query));
  return {
    ...filters,
    q: filters.q ?? stored.q,
    status: filters.status.length ? filters.status : stored.status,
    source: filters.source ?? stored.source,
    tag: filters.tag ?? stored.tag,
    score_min: filters.score_min ?? stored.score_min,
    score_max: filters.score_max ?? stored.score_max,
    created_from: filters.created_from ?? stored.created_from,
    created_to: filters.created_to ?? stored.created_to,
    blacklisted: filters.blacklisted !== "no" ? filters.blacklisted : stored.blacklisted,
    sort: filters.sort !== DEFAULT_SORT ? filters.sort : stored.sort,
  };
}

export type LeadQuery = {
  /** `WHERE …` over `leads` (always present, `WHERE 1` when nothing filters). */
  where: string;
  /** `ORDER BY …` with the id as tie-breaker, so pages never repeat or skip a lead. */
  orderBy: string;
  /** Bound parameters of `where`, in order. */
  params: unknown[];
};

const ORDER_BY: Record<LeadSort, string> = {
  created_desc: "leads.created_at DESC, leads.id DESC",
  created_asc: "leads.created_at ASC, leads.id ASC",
  score_desc: "leads.score DESC, leads.id DESC",
  score_asc: "leads.score ASC, leads.id ASC",
  // NULLs sort lowest in SQLite: leads never contacted come last in "most recent first".
  last_contact_desc: "leads.last_contact_at DESC, leads.id DESC",
  last_contact_asc: "leads.last_contact_at ASC, leads.id ASC",
  name_asc: "leads.last_name ASC, leads.first_name ASC, leads.id ASC",
  name_desc: "leads.last_name DESC, leads.first_name DESC, leads.id DESC",
};

const LIKE_COLUMNS = ["first_name", "last_name", "username", "instagram_id", "email", "phone", "company"];

/** An FTS5 string literal: the user's word as one quoted phrase (quotes doubled), so no syntax leaks. */
export const ftsPhrase = (word: string) => `"${word.replace(/"/g, '""')}"`;
const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The SQL of already resolved filters (see resolveSegment), plus an optional selection of ids.
 * Search: each word of 3+ characters is a trigram FTS5 phrase (indexed substring search, accents
 * ignored), all words required, across columns ("marie dupont" finds first + last name);
 * shorter words fall back to LIKE.
 */
export function buildLeadQuery(filters: LeadFilters, opts: { ids?: number[] } = {}): LeadQuery {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const words = (filters.q ?? "").split(/\s+/).filter(Boolean);
  const long = words.filter((w) => [...w].length >= 3);
  const short = words.filter((w) => [...w].length < 3);
  // Filters that are sets of ids (search, tag, selection) are intersected before any row is read:
  // FTS rowids and a tag's index entries both come out sorted by id, so SQLite merges them, and
  // only the leads in every set are looked up (a broad search AND a tag no longer reads each
  // search match's row to drop most of them).
  const sets: string[] = [];
  if (long.length) {
    sets.push("SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?");
    params.push(long.map(ftsPhrase).join(" "));
  }
  if (filters.tag) {
    sets.push("SELECT lead_id FROM lead_tags WHERE tag = ?");
    params.push(filters.tag);
  }
  if (opts.ids) {
    sets.push("SELECT value FROM json_each(?)");
    params.push(JSON.stringify(opts.ids));
  }
  if (sets.length) clauses.push(`leads.id IN (${sets.join(" INTERSECT ")})`);
  for (const w of short) {
    clauses.push(`(${LIKE_COLUMNS.map((c) => `leads.${c} LIKE ? ESCAPE '\\'`).join(" OR ")})`);
    for (let i = 0; i < LIKE_COLUMNS.length; i++) params.push(likePattern(w));
  }
  if (filters.status.length) {
    clauses.push(`leads.status IN (${filters.status.map(() => "?").join(", ")})`);
    params.push(...filters.status);
  }
  if (filters.source) {
    clauses.push("leads.source = ?");
    params.push(filters.source);
  }
  if (filters.score_min !== undefined) {
    clauses.push("leads.score >= ?");
    params.push(filters.score_min);
  }
  if (filters.score_max !== undefined) {
    clauses.push("leads.score <= ?");
    params.push(filters.score_max);
  }
  // created_day is the Paris day of created_at, so both bounds are whole Paris days.
  if (filters.created_from) {
    clauses.push("leads.created_day >= ?");
    params.push(filters.created_from);
  }
  if (filters.created_to) {
    clauses.push("leads.created_day <= ?");
    params.push(filters.created_to);
  }
  if (filters.blacklisted !== "all") {
    clauses.push("leads.blacklisted = ?");
    params.push(filters.blacklisted === "yes" ? 1 : 0);
  }
  return { where: `WHERE ${clauses.length ? clauses.join(" AND ") : "1"}`, orderBy: `ORDER BY ${ORDER_BY[filters.sort]}`, params };
}

/** The one entry point: segment applied, then the SQL. Throws SegmentNotFound. */
export function leadQuery(sqlite: Database.Database, filters: LeadFilters, opts: { ids?: number[] } = {}) {
  const resolved = resolveSegment(sqlite, filters);
  return { filters: resolved, ...buildLeadQuery(resolved, opts) };
}

/** True when the filters narrow anything (the "no result" state offers to clear them). */
export const hasFilters = (f: LeadFilters) =>
  Boolean(f.q || f.status.length || f.source || f.tag || f.segment || f.score_min !== undefined || f.score_max !== undefined || f.created_from || f.created_to || f.blacklisted !== "no");

/** `ids=1,2,3` (a selection carried in a URL) → ids; at most 10,000, anything else ignored. */
export function parseLeadIds(raw: string | null | undefined) {
  if (!raw) return undefined;
  return raw
    .split(",")
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0)
    .slice(0, 10_000);
}

/**
 * The canonical URL of a filtered view when the request's differs (a GET form sends every
 * field, empty ones included): short, stable, bookmarkable URLs. Null when already canonical.
 */
export function canonicalFiltersUrl(url: URL, filters: LeadFilters, { withPage = true } = {}) {
  const qs = new URLSearchParams(leadFiltersQuery(filters));
  if (withPage && filters.page > 1) qs.set("page", String(filters.page));
  const canonical = qs.toString();
  return canonical === url.searchParams.toString() ? null : `${url.pathname}${canonical ? `?${canonical}` : ""}`;
}

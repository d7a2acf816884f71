// The clients list's URL filters: parsed by the loader, written back into links by the page.
// Shared by server and browser (no server imports).
import { z } from "zod";
import { HEALTH_STATUSES } from "./health";

export const CLIENT_SORTS = ["last", "next", "name"] as const;
export type ClientSort = (typeof CLIENT_SORTS)[number];
export const CLIENT_SORT_LABELS: Record<ClientSort, string> = {
  last: "Dernière séance",
  next: "Prochaine séance",
  name: "Nom",
};
export const CLIENTS_PAGE_SIZE = 50;

const empty = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

// A wrong value in a bookmarked URL falls back to the default instead of breaking the page.
export const clientFiltersSchema = z.object({
  q: z.preprocess(empty, z.string().trim().max(100).optional()).catch(undefined),
  health: z.preprocess(empty, z.enum(HEALTH_STATUSES).optional()).catch(undefined),
  sort: z.enum(CLIENT_SORTS).catch("last").default("last"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type ClientFilters = z.infer<typeof clientFiltersSchema>;

export function parseClientFilters(params: URLSearchParams): ClientFilters {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(clientFiltersSchema.shape)) if (params.has(key)) raw[key] = params.get(key);
  return clientFiltersSchema.parse(raw);
}

/** Canonical query string (defaults and page left out); `patch` changes one filter for a link. */
export function clientFiltersQuery(f: ClientFilters, patch: Partial<ClientFilters> = {}) {
  const v = { ...f, ...patch };
  const out = new URLSearchParams();
  if (v.q) out.set("q", v.q);
  if (v.health) out.set("health", v.health);
  if (v.sort !== "last") out.set("sort", v.sort);
  return out.toString();
}


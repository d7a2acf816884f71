// Saved segments: a name and the list's canonical filter query (page left out). The email
// module targets them later through leadQuery(sqlite, parseLeadFilters(new URLSearchParams(query))).
import type Database from "better-sqlite3";
import { cachedStatement } from "~/lib/statements.server";

export type Segment = { id: number; name: string; query: string };

export const listSegments = (sqlite: Database.Database) =>
  cachedStatement(sqlite, "SELECT id, name, query FROM segments ORDER BY name COLLATE NOCASE").all() as Segment[];

/** Saves the query under a unique name; `{ taken: true }` when another segment already has it. */
export function saveSegment(sqlite: Database.Database, { name, query }: { name: string; query: string }, now = new Date()) {
  const taken = cachedStatement(sqlite, "SELECT 1 FROM segments WHERE name = ? COLLATE NOCASE").get(name);
  if (taken) return { taken: true as const };
  const id = Number(cachedStatement(sqlite, "INSERT INTO segments (name, query, created_at) VALUES (?, ?, ?)").run(name, query, now.getTime()).lastInsertRowid);
  return { taken: false as const, id };
}

/** False when this tenant has no such segment (another tenant's id included). */
export const deleteSegment = (sqlite: Database.Database, id: number) => cachedStatement(sqlite, "DELETE FROM segments WHERE id = ?").run(id).changes === 1;

import type Database from "better-sqlite3";
import type { TenantDb } from "./tenant-db.server";

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * Prepares each SQL text once per open file. Handles live in an LRU for many requests, so hot
 * paths (ingestion batches, the KPI dashboard) skip parsing and planning their statements.
 */
export function cachedStatement(sqlite: Database.Database, sql: string) {
  let byText = cache.get(sqlite);
  if (!byText) cache.set(sqlite, (byText = new Map()));
  let stmt = byText.get(sql);
  if (!stmt) byText.set(sql, (stmt = sqlite.prepare(sql)));
  return stmt;
}

export function statement(db: TenantDb, sql: string) {
  return cachedStatement(db.$client, sql);
}

import type Database from "better-sqlite3";
import type { TenantDb } from "~/lib/tenant-db.server";

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * Prepares each SQL text once per open tenant file. Handles live in an LRU for many requests,
 * so the ingestion hot path (hundreds of statements per batch) skips parsing and planning.
 */
export function statement(db: TenantDb, sql: string) {
  let byText = cache.get(db.$client);
  if (!byText) cache.set(db.$client, (byText = new Map()));
  let stmt = byText.get(sql);
  if (!stmt) byText.set(sql, (stmt = db.$client.prepare(sql)));
  return stmt;
}

import fs from "node:fs";
import type Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { LRUCache } from "lru-cache";
import * as schema from "../../db/tenant.schema";
import { getEnv } from "~/env.server";
import { applyMigrations, assertSchemaCurrent } from "./migrations.server";
import { openSqlite } from "./sqlite.server";
import { tenantFilePath } from "./tenant-id.server";

export type TenantDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

function wrap(sqlite: Database.Database) {
  return drizzle(sqlite, { schema }) as TenantDb;
}

/** Opens an existing tenant file and refuses it if its schema is behind. */
function openTenantFile(tenantId: string) {
  const file = tenantFilePath(getEnv().TENANTS_DIR, tenantId);
  const sqlite = openSqlite(file, { fileMustExist: true });
  // Hundreds of handles stay open: 1 MiB of page cache each (SQLite's default is 2 MiB).
  sqlite.pragma("cache_size = -1024");
  try {
    assertSchemaCurrent(sqlite, "tenant", file);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return wrap(sqlite);
}

let cache: LRUCache<string, TenantDb> | undefined;

function handleCache() {
  const max = getEnv().TENANT_HANDLE_CACHE;
  if (max === 0) return undefined;
  cache ??= new LRUCache<string, TenantDb>({ max, dispose: (db) => db.$client.close() });
  return cache;
}

/**
 * Runs `fn` with the tenant's database. Handles come from a bounded LRU (opening a WAL
 * file costs ~0.25 ms); with TENANT_HANDLE_CACHE=0 the file is opened and closed per call.
 * Callers pass a tenant id taken from the session or an API token, never from the request.
 */
export async function withTenantDb<T>(tenantId: string, fn: (db: TenantDb) => T | Promise<T>): Promise<T> {
  const lru = handleCache();
  if (!lru) {
    const db = openTenantFile(tenantId);
    try {
      return await fn(db);
    } finally {
      db.$client.close();
    }
  }
  let db = lru.get(tenantId);
  if (!db) {
    db = openTenantFile(tenantId);
    lru.set(tenantId, db);
  }
  return fn(db);
}

/** Closes the cached handle of one tenant (suspension, deletion). */
export function evictTenantDb(tenantId: string) {
  cache?.delete(tenantId);
}

export function closeAllTenantDbs() {
  cache?.clear();
  cache = undefined;
}

export function openTenantHandlesCount() {
  return cache?.size ?? 0;
}

/** Provisioning: the only place a tenant file may be created. */
export function createTenantFile(tenantId: string) {
  const file = tenantFilePath(getEnv().TENANTS_DIR, tenantId);
  if (fs.existsSync(file)) throw new Error(`Tenant file already exists for ${tenantId}`);
  fs.mkdirSync(getEnv().TENANTS_DIR, { recursive: true });
  const sqlite = openSqlite(file);
  try {
    applyMigrations(sqlite, "tenant");
  } finally {
    sqlite.close();
  }
  return file;
}

/** Removes a tenant's file and its WAL companions. */
export function removeTenantFile(tenantId: string) {
  evictTenantDb(tenantId);
  const file = tenantFilePath(getEnv().TENANTS_DIR, tenantId);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/** Bytes on disk of a tenant (main file + WAL), or null when the file is missing. */
export function tenantFileSize(tenantId: string) {
  const file = tenantFilePath(getEnv().TENANTS_DIR, tenantId);
  try {
    const main = fs.statSync(file);
    const wal = fs.statSync(`${file}-wal`, { throwIfNoEntry: false });
    return {
      bytes: main.size + (wal?.size ?? 0),
      lastWriteAt: new Date(Math.max(main.mtimeMs, wal?.mtimeMs ?? 0)),
    };
  } catch {
    return null;
  }
}


for (const signal of ["SIGTERM", "SIGINT"] as const) {
  // remix-serve closes the HTTP server on these; we close the tenant files with it. In a
  // script nobody else listens: raise the signal again so the process still stops.
  process.once(signal, () => {
    closeAllTenantDbs();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

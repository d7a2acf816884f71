import fs from "node:fs";
import type Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { LRUCache } from "lru-cache";
import * as schema from "../../db/tenant.schema";
import { getEnv } from "~/env.server";
import { applyMigrations, assertSchemaCurrent, NotMigratedFileError } from "./migrations.server";
import { isDamage, isTransient, openSqlite, sqliteHeaderProblem } from "./sqlite.server";
import { tenantFilePath } from "./tenant-id.server";

export type TenantDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * A tenant file that cannot be used: missing, empty, not SQLite, corrupt, or not one of ours.
 * Only that coach is affected: callers answer 503 for them and carry on for everybody else.
 * (A file that is merely behind the code is a SchemaBehindError: `npm run migrate` fixes it.)
 */
export class TenantUnavailableError extends Error {
  /**
   * `persistent`: the file itself is at fault (missing, empty, not SQLite, corrupt, not ours):
   * support is alerted and the coach stays out until a check passes. Otherwise (cannot open it
   * right now, an I/O error) the request fails with a 503 and the next one tries again.
   */
  readonly persistent: boolean;
  constructor(
    readonly tenantId: string,
    readonly reason: string,
    options?: { cause?: unknown; persistent?: boolean },
  ) {
    super(`Tenant ${tenantId} is unavailable: ${reason}`, { cause: options?.cause });
    this.name = "TenantUnavailableError";
    this.persistent = options?.persistent ?? true;
  }
}

function wrap(sqlite: Database.Database) {
  return drizzle(sqlite, { schema }) as TenantDb;
}

function describe(error: unknown) {
  if (error instanceof NotMigratedFileError) return "pas un fichier Coach OS (aucune table de migrations)";
  const code = (error as { code?: string })?.code;
  if (code === "SQLITE_NOTADB") return "pas une base SQLite";
  if (isDamage(error)) return `fichier endommagé (${code}: ${(error as Error).message})`;
  if (isTransient(error)) return `fichier momentanément illisible (${code}: ${(error as Error).message})`;
  return (error as Error)?.message ?? String(error);
}

/** Turns an error met while using a tenant file into TenantUnavailableError when the file is at fault. */
export function asUnavailable(tenantId: string, error: unknown) {
  if (error instanceof TenantUnavailableError) return error;
  if (error instanceof NotMigratedFileError || isDamage(error)) return new TenantUnavailableError(tenantId, describe(error), { cause: error });
  if (isTransient(error)) return new TenantUnavailableError(tenantId, describe(error), { cause: error, persistent: false });
  return null;
}

/** Opens an existing tenant file; refuses a damaged one, one that is not ours, or one behind the code. */
function openTenantFile(tenantId: string) {
  const file = tenantFilePath(getEnv().TENANTS_DIR, tenantId);
  const problem = sqliteHeaderProblem(file);
  if (problem) throw new TenantUnavailableError(tenantId, problem);
  let sqlite: Database.Database;
  try {
    sqlite = openSqlite(file, { fileMustExist: true });
  } catch (error) {
    throw asUnavailable(tenantId, error) ?? error;
  }
  try {
    // Hundreds of handles stay open: 1 MiB of page cache each (SQLite's default is 2 MiB).
    sqlite.pragma("cache_size = -1024");
    // better-sqlite3 waits for a lock synchronously, freezing every coach's requests: a request
    // waits at most 250 ms behind another writer (an import's worker, the nightly job) and then
    // answers "busy, retry" instead.
    sqlite.pragma("busy_timeout = 250");
    assertSchemaCurrent(sqlite, "tenant", file);
  } catch (error) {
    sqlite.close();
    throw asUnavailable(tenantId, error) ?? error;
  }
  return wrap(sqlite);
}

/** A cached handle and how many calls are using it: an evicted handle closes once unused. */
type Entry = { db: TenantDb; users: number; evicted: boolean };

let cache: LRUCache<string, Entry> | undefined;

function handleCache() {
  const max = getEnv().TENANT_HANDLE_CACHE;
  if (max === 0) return undefined;
  cache ??= new LRUCache<string, Entry>({
    max,
    dispose: (entry) => {
      entry.evicted = true;
      if (entry.users === 0) entry.db.$client.close();
    },
  });
  return cache;
}

/**
 * Runs `fn` with the tenant's database. Handles come from a bounded LRU (opening a WAL
 * file costs ~0.25 ms); with TENANT_HANDLE_CACHE=0 the file is opened and closed per call.
 * A handle evicted while `fn` still awaits something is closed only when `fn` is done.
 * A file found damaged throws TenantUnavailableError (and leaves the cache).
 * Callers pass a tenant id taken from the session or an API token, never from the request.
 */
export async function withTenantDb<T>(tenantId: string, fn: (db: TenantDb) => T | Promise<T>): Promise<T> {
  const lru = handleCache();
  if (!lru) {
    const db = openTenantFile(tenantId);
    try {
      return await fn(db);
    } catch (error) {
      throw asUnavailable(tenantId, error) ?? error;
    } finally {
      db.$client.close();
    }
  }
  let entry = lru.get(tenantId);
  if (!entry || !entry.db.$client.open) {
    entry = { db: openTenantFile(tenantId), users: 0, evicted: false };
    lru.set(tenantId, entry);
  }
  entry.users++;
  try {
    return await fn(entry.db);
  } catch (error) {
    const unavailable = asUnavailable(tenantId, error);
    if (unavailable) {
      if (lru.get(tenantId) === entry) lru.delete(tenantId);
      throw unavailable;
    }
    throw error;
  } finally {
    entry.users--;
    if (entry.users === 0 && entry.evicted && entry.db.$client.open) entry.db.$client.close();
  }
}

/** Closes the cached handle of one tenant (suspension, deletion), once in-flight calls are done. */
export function evictTenantDb(tenantId: string) {
  cache?.delete(tenantId);
}

/** Shutdown: every handle, in use or not (the server has finished its requests by then). */
export function closeAllTenantDbs() {
  const entries = cache ? [...cache.values()] : [];
  cache?.clear();
  cache = undefined;
  for (const entry of entries) if (entry.db.$client.open) entry.db.$client.close();
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

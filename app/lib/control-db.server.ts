import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/control.schema";
import { getEnv } from "~/env.server";
import { assertSchemaCurrent } from "./migrations.server";
import { openSqlite } from "./sqlite.server";

export type ControlDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

let handle: ControlDb | undefined;

/**
 * The control database (accounts, tenants, sessions, audit). synchronous=FULL:
 * it holds accounts and payment state, so a power cut must not lose a commit.
 */
export function controlDb(): ControlDb {
  if (handle) return handle;
  const file = getEnv().CONTROL_DB_PATH;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = openSqlite(file, { synchronous: "FULL" });
  try {
    assertSchemaCurrent(sqlite, "control", file);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  handle = drizzle(sqlite, { schema }) as ControlDb;
  return handle;
}

export function closeControlDb() {
  handle?.$client.close();
  handle = undefined;
}

/** What model functions accept: the database itself or an open transaction on it. */
export type ControlTx = Parameters<Parameters<ControlDb["transaction"]>[0]>[0];
export type ControlDbOrTx = ControlDb | ControlTx;

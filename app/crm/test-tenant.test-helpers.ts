// An in-memory tenant database, migrated, for the CRM module tests.
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/tenant.schema";
import { applyMigrations } from "~/lib/migrations.server";
import type { TenantDb } from "~/lib/tenant-db.server";

export function memoryTenant(file = ":memory:"): TenantDb {
  const sqlite = new Database(file);
  sqlite.pragma("foreign_keys = ON");
  applyMigrations(sqlite, "tenant");
  return drizzle(sqlite, { schema }) as TenantDb;
}

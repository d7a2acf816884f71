import fs from "node:fs";
import path from "node:path";
import { ne } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { tenants } from "../../db/control.schema";
import { getEnv } from "~/env.server";
import { applyMigrations } from "./migrations.server";
import { openSqlite } from "./sqlite.server";
import { tenantFilePath } from "./tenant-id.server";

export type MigrationReport = { tenants: number; failed: { tenantId: string; error: string }[] };

/** Deploy step: the control DB, then every tenant file it lists (one failure does not stop the rest). */
export function migrateAll(): MigrationReport {
  const env = getEnv();
  fs.mkdirSync(path.dirname(env.CONTROL_DB_PATH), { recursive: true });
  fs.mkdirSync(env.TENANTS_DIR, { recursive: true });
  const control = openSqlite(env.CONTROL_DB_PATH, { synchronous: "FULL" });
  const report: MigrationReport = { tenants: 0, failed: [] };
  try {
    applyMigrations(control, "control");
    const rows = drizzle(control).select({ id: tenants.id }).from(tenants).where(ne(tenants.status, "deleted")).all();
    for (const { id } of rows) {
      try {
        const sqlite = openSqlite(tenantFilePath(env.TENANTS_DIR, id), { fileMustExist: true });
        try {
          applyMigrations(sqlite, "tenant");
        } finally {
          sqlite.close();
        }
        report.tenants++;
      } catch (error) {
        report.failed.push({ tenantId: id, error: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    control.close();
  }
  return report;
}

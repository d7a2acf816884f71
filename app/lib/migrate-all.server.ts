import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { ne } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as controlSchema from "../../db/control.schema";
import { getEnv } from "~/env.server";
import type { ControlDb } from "./control-db.server";
import { appliedMigrationAt, applyMigrations } from "./migrations.server";
import { openSqlite, sqliteHeaderProblem } from "./sqlite.server";
import { tenantFilePath } from "./tenant-id.server";

export type TenantMigration = { tenantId: string; leadCount: number; sizeBytes: number; lastWriteAt: Date; repairErrors: string[] };
export type MigrationReport = { tenants: number; failed: { tenantId: string; error: string }[]; migrated: TenantMigration[] };

/** Called for each tenant that migrated fine, with the control DB: health and figures go there. */
export type TenantMigrated = (control: ControlDb, result: TenantMigration) => void;
export type TenantFailed = (control: ControlDb, failure: { tenantId: string; error: string }) => void;

/** Extra work on each healthy, migrated tenant file (data repairs); runs inside the migration step. */
export type TenantRepair = (sqlite: Database.Database, tenantId: string) => void;

export type MigrateOptions = { onMigrated?: TenantMigrated; onFailed?: TenantFailed; repairs?: TenantRepair[] };

/**
 * Deploy step: the control DB, then every tenant file it lists. Only a control DB failure
 * throws (the platform cannot run without it); a tenant whose file is missing, empty,
 * foreign or damaged is reported and left untouched — never "repaired" by re-creating a
 * schema in it — and the other tenants are migrated as usual.
 */
export function migrateAll(options: MigrateOptions = {}): MigrationReport {
  const env = getEnv();
  fs.mkdirSync(path.dirname(env.CONTROL_DB_PATH), { recursive: true });
  fs.mkdirSync(env.TENANTS_DIR, { recursive: true });
  const sqlite = openSqlite(env.CONTROL_DB_PATH, { synchronous: "FULL" });
  const report: MigrationReport = { tenants: 0, failed: [], migrated: [] };
  try {
    applyMigrations(sqlite, "control");
    const control = drizzle(sqlite, { schema: controlSchema }) as ControlDb;
    const rows = control.select({ id: controlSchema.tenants.id }).from(controlSchema.tenants).where(ne(controlSchema.tenants.status, "deleted")).all();
    for (const { id } of rows) {
      const outcome = checkAndMigrateTenant(id, options.repairs ?? []);
      if ("error" in outcome) {
        report.failed.push(outcome);
        options.onFailed?.(control, outcome);
      } else {
        report.tenants++;
        report.migrated.push(outcome);
        options.onMigrated?.(control, outcome);
      }
    }
  } finally {
    sqlite.close();
  }
  return report;
}

/**
 * Checks (header, migrations table, quick_check), migrates and measures one tenant file;
 * never throws. Used at boot for every tenant, and by support to re-check one after a restore.
 */
export function checkAndMigrateTenant(tenantId: string, repairs: TenantRepair[]): TenantMigration | { tenantId: string; error: string } {
  let sqlite: Database.Database | undefined;
  try {
    const file = tenantFilePath(getEnv().TENANTS_DIR, tenantId);
    const problem = sqliteHeaderProblem(file);
    if (problem) return { tenantId, error: problem };
    // Before opening: opening a WAL file touches it, and this is the coach's last write.
    const lastWriteAt = lastWrite(file);
    sqlite = openSqlite(file, { fileMustExist: true });
    if (appliedMigrationAt(sqlite) === null) return { tenantId, error: "pas un fichier Coach OS (aucune table de migrations) : refusé, pas recréé" };
    const check = sqlite.pragma("quick_check(5)") as { quick_check: string }[];
    if (check.length !== 1 || check[0].quick_check !== "ok") {
      return { tenantId, error: `fichier endommagé (quick_check : ${check.map((r) => r.quick_check).join(" ; ")})` };
    }
    applyMigrations(sqlite, "tenant");
    const leadCount = (sqlite.prepare("SELECT count(*) AS n FROM leads").get() as { n: number }).n;
    // A data repair that fails is our bug, not the coach's file: reported, never a reason to lock them out.
    const repairErrors: string[] = [];
    for (const repair of repairs) {
      try {
        repair(sqlite, tenantId);
      } catch (error) {
        repairErrors.push(message(error));
      }
    }
    return { tenantId, leadCount, sizeBytes: sizeOf(file), lastWriteAt, repairErrors };
  } catch (error) {
    // Whatever happens with one tenant's file stays with that tenant.
    return { tenantId, error: message(error) };
  } finally {
    sqlite?.close();
  }
}

function lastWrite(file: string) {
  const wal = fs.statSync(`${file}-wal`, { throwIfNoEntry: false });
  return new Date(Math.max(fs.statSync(file).mtimeMs, wal?.mtimeMs ?? 0));
}

function sizeOf(file: string) {
  const wal = fs.statSync(`${file}-wal`, { throwIfNoEntry: false });
  return fs.statSync(file).size + (wal?.size ?? 0);
}

function message(error: unknown) {
  const code = (error as { code?: string })?.code;
  const text = error instanceof Error ? error.message : String(error);
  return code ? `${code}: ${text}` : text;
}

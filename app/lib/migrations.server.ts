import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

export type SchemaKind = "control" | "tenant";

export function migrationsFolder(kind: SchemaKind) {
  return path.resolve("db", "migrations", kind);
}

type Journal = { entries: { idx: number; when: number; tag: string }[] };
const journals = new Map<SchemaKind, Journal>();

function journal(kind: SchemaKind): Journal {
  let j = journals.get(kind);
  if (!j) {
    j = JSON.parse(fs.readFileSync(path.join(migrationsFolder(kind), "meta", "_journal.json"), "utf8")) as Journal;
    journals.set(kind, j);
  }
  return j;
}

/** The `when` of the newest migration this build knows; drizzle stores it as created_at. */
export function latestMigration(kind: SchemaKind) {
  const entries = journal(kind).entries;
  return entries[entries.length - 1];
}

export function applyMigrations(sqlite: Database.Database, kind: SchemaKind) {
  migrate(drizzle(sqlite), { migrationsFolder: migrationsFolder(kind) });
}

export class SchemaBehindError extends Error {
  constructor(
    readonly kind: SchemaKind,
    readonly file: string,
    readonly appliedTag: string | null,
  ) {
    super(
      `The ${kind} database ${path.basename(file)} is behind this version of Coach OS ` +
        `(latest applied: ${appliedTag ?? "none"}, expected: ${latestMigration(kind).tag}). Run \`npm run migrate\`.`,
    );
    this.name = "SchemaBehindError";
  }
}

/** A file that has no migrations table: never provisioned by us, or emptied. Never migrated in place. */
export class NotMigratedFileError extends Error {
  constructor(readonly file: string) {
    super(`${path.basename(file)} has no migrations table: it is not a Coach OS ${"database"} (empty or foreign file).`);
    this.name = "NotMigratedFileError";
  }
}

/**
 * The `created_at` of the newest migration applied, or null when the file has no migrations
 * table. Only that case is caught: a damaged file's error goes up as it is.
 */
export function appliedMigrationAt(sqlite: Database.Database): number | null {
  try {
    const row = sqlite.prepare("SELECT max(created_at) AS at FROM __drizzle_migrations").get() as { at: number | null };
    return row.at === null ? -1 : row.at;
  } catch (error) {
    if (error instanceof Error && /no such table: __drizzle_migrations/.test(error.message)) return null;
    throw error;
  }
}

/**
 * Refuses a database whose schema is older than the code: never use it silently. A tenant
 * file without a migrations table is refused as not ours (provisioning always creates it);
 * a control DB without one is just new and needs `npm run migrate`.
 */
export function assertSchemaCurrent(sqlite: Database.Database, kind: SchemaKind, file: string) {
  const latest = latestMigration(kind);
  const applied = appliedMigrationAt(sqlite);
  if (applied === null && kind === "tenant") throw new NotMigratedFileError(file);
  if (applied === null || applied < latest.when) {
    const tag = applied === null || applied < 0 ? null : (journal(kind).entries.find((e) => e.when === applied)?.tag ?? String(applied));
    throw new SchemaBehindError(kind, file, tag);
  }
}

import Database from "better-sqlite3";

export type SqliteOptions = { fileMustExist?: boolean; synchronous?: "NORMAL" | "FULL"; readonly?: boolean };

/** Opens a SQLite file with the pragmas every connection of ours uses. */
export function openSqlite(file: string, options: SqliteOptions = {}) {
  const db = new Database(file, { fileMustExist: options.fileMustExist ?? false, readonly: options.readonly ?? false });
  if (!options.readonly) db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.pragma(`synchronous = ${options.synchronous ?? "NORMAL"}`);
  return db;
}

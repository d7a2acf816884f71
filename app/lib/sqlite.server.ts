import fs from "node:fs";
import Database from "better-sqlite3";

export type SqliteOptions = { fileMustExist?: boolean; synchronous?: "NORMAL" | "FULL"; readonly?: boolean };

/** Opens a SQLite file with the pragmas every connection of ours uses. Never leaks a handle. */
export function openSqlite(file: string, options: SqliteOptions = {}) {
  const db = new Database(file, { fileMustExist: options.fileMustExist ?? false, readonly: options.readonly ?? false });
  try {
    if (!options.readonly) db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    db.pragma(`synchronous = ${options.synchronous ?? "NORMAL"}`);
  } catch (error) {
    // A garbage file opens fine and fails at the first pragma: close it, or its descriptor leaks.
    db.close();
    throw error;
  }
  return db;
}

const HEADER = Buffer.from("SQLite format 3\0", "latin1");

/**
 * What is wrong with a file's first bytes, or null when it starts like a SQLite database.
 * Checked before opening: SQLite happily treats a 0-byte file as an empty database (and
 * would write a fresh header into it), hiding a truncation.
 */
export function sqliteHeaderProblem(file: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "fichier absent" : `fichier illisible (${(error as Error).message})`;
  }
  try {
    const head = Buffer.alloc(HEADER.length);
    const read = fs.readSync(fd, head, 0, HEADER.length, 0);
    if (read === 0) return "fichier vide (0 octet)";
    if (read < HEADER.length || !head.equals(HEADER)) return "pas une base SQLite (en-tête invalide)";
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** SQLite error codes that mean the file itself is damaged, not that the query was wrong. */
export function isCorruption(error: unknown) {
  const code = (error as { code?: unknown })?.code;
  return code === "SQLITE_CORRUPT" || code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT_INDEX" || code === "SQLITE_IOERR" || (typeof code === "string" && code.startsWith("SQLITE_IOERR_"));
}

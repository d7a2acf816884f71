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
  } catch (error) {
    // A directory in its place (EISDIR), a bad sector (EIO): this file is the problem, never the caller.
    return `fichier illisible (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  } finally {
    fs.closeSync(fd);
  }
}

const codeOf = (error: unknown) => {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : "";
};

/** The file's content is damaged or is not a database: it will not get better by retrying. */
export function isDamage(error: unknown) {
  const code = codeOf(error);
  return code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT");
}

/** The file could not be opened or read just now (descriptors exhausted, I/O hiccup): retry later. */
export function isTransient(error: unknown) {
  const code = codeOf(error);
  return code === "SQLITE_CANTOPEN" || code.startsWith("SQLITE_IOERR") || code === "SQLITE_FULL";
}

/** Either of the two: the tenant's file, not the query, is at fault. */
export function isCorruption(error: unknown) {
  return isDamage(error) || isTransient(error);
}

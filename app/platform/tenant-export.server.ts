import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { withTenantDb } from "~/lib/tenant-db.server";

/**
 * A consistent snapshot of a live tenant file with `VACUUM INTO` (never a raw copy of a
 * file whose latest commits may still sit in its -wal). It reads inside one transaction,
 * so concurrent writers neither corrupt it nor restart it — unlike the online backup API,
 * which starts over whenever another connection writes and may never finish on a busy
 * tenant. Returns the path of a temporary file that the caller removes once sent.
 */
export async function snapshotTenant(tenantId: string) {
  const dest = path.join(os.tmpdir(), `coach-os-export-${crypto.randomBytes(8).toString("hex")}.sqlite`);
  // `dest` is built here from random hex only, so it is safe inside the SQL string.
  await withTenantDb(tenantId, (db) => db.$client.prepare(`VACUUM INTO '${dest}'`).run());
  return dest;
}

/** `2026-11-21`, the day in Paris: what a French support agent expects in a file name. */
export function parisDate(date = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

export function readAndRemove(file: string) {
  const stream = fs.createReadStream(file);
  stream.on("close", () => fs.rm(file, { force: true }, () => {}));
  return stream;
}

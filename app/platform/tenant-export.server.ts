import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { getEnv } from "~/env.server";
import { asUnavailable } from "~/lib/tenant-db.server";
import { tenantFilePath } from "~/lib/tenant-id.server";
import { withReportedTenantDb, reportUnavailable } from "./tenant-health.server";

/**
 * Snapshots wait here until sent: beside the tenants directory, on the same volume (a big
 * tenant's copy does not fit a container's small root disk). A crash mid-download leaves
 * them; the boot sweep removes them.
 */
export function exportsDir() {
  return path.join(path.dirname(getEnv().TENANTS_DIR), "exports");
}

const MAX_CONCURRENT_EXPORTS = 2;
const DISK_MARGIN_BYTES = 256 * 1024 * 1024;
/** Snapshot path → tenant, from the start of the copy until the download ends. */
const inFlight = new Map<string, string>();

export class ExportBusyError extends Error {
  constructor() {
    super("Un export est déjà en cours (pour ce coach, ou deux au total). Réessayez dans un instant.");
  }
}

export class ExportNoSpaceError extends Error {
  constructor() {
    super("Espace disque insuffisant pour préparer l'export sans gêner les autres coachs. Prévenez l'équipe technique.");
  }
}

/**
 * A consistent snapshot of a live tenant file with `VACUUM INTO` (never a raw copy of a file
 * whose latest commits may still sit in its -wal), taken in a worker thread: a 100 MB tenant
 * takes over half a second, which must not block every other coach's requests. It reads
 * inside one transaction, so concurrent writers neither corrupt it nor restart it — unlike the
 * online backup API, which starts over whenever another connection writes. Returns the path
 * of a temporary file; the caller streams it with `readAndRemove`.
 */
export async function snapshotTenant(tenantId: string) {
  // Refuses (and reports) a damaged or foreign file before spending a thread on it.
  await withReportedTenantDb(tenantId, () => null);
  const file = tenantFilePath(getEnv().TENANTS_DIR, tenantId);
  // Each snapshot is a full copy on the volume every coach shares: a few at a time, and only
  // with room to spare, or a burst of clicks on a big tenant fills the disk for everybody.
  if ([...inFlight.values()].includes(tenantId) || inFlight.size >= MAX_CONCURRENT_EXPORTS) throw new ExportBusyError();
  fs.mkdirSync(exportsDir(), { recursive: true, mode: 0o700 });
  const needed = fs.statSync(file).size * 1.2 + DISK_MARGIN_BYTES;
  const disk = fs.statfsSync(exportsDir());
  if (disk.bavail * disk.bsize < needed) throw new ExportNoSpaceError();
  const dest = path.join(exportsDir(), `export-${crypto.randomBytes(12).toString("hex")}.sqlite`);
  inFlight.set(dest, tenantId);
  type Outcome = { ok: boolean; code?: string | null; message?: string };
  const outcome: Outcome = await new Promise<Outcome>((resolve, reject) => {
    const worker = new Worker(path.resolve("scripts/snapshot-worker.mjs"), { workerData: { file, dest } });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`snapshot worker exited with ${code}`)));
  }).catch((error: Error): Outcome => ({ ok: false, message: error.message }));
  if (!outcome.ok) {
    fs.rmSync(dest, { force: true });
    inFlight.delete(dest);
    const error = Object.assign(new Error(outcome.message ?? "snapshot failed"), { code: outcome.code ?? undefined });
    const unavailable = asUnavailable(tenantId, error);
    if (unavailable) {
      reportUnavailable(unavailable);
      throw unavailable;
    }
    throw error;
  }
  return dest;
}

/** `2026-11-21`, the day in Paris: what a French support agent expects in a file name. */
export function parisDate(date = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

/** A stream of the file that removes it once closed: sent, failed or abandoned by the client. */
export function readAndRemove(file: string) {
  const stream = fs.createReadStream(file);
  stream.once("close", () => discardSnapshot(file));
  return stream;
}

/** Removes a snapshot and frees its export slot. */
export function discardSnapshot(file: string) {
  fs.rmSync(file, { force: true });
  inFlight.delete(file);
}

/**
 * Snapshots older than `maxAgeMs` are leftovers of a crash, a deploy or a killed download: at
 * boot nothing is in flight (maxAgeMs 0: every one goes), then hourly, those over an hour old.
 */
export function sweepOldSnapshots(now = Date.now(), maxAgeMs = 60 * 60 * 1000) {
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(exportsDir());
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!/^export-[0-9a-f]+\.sqlite$/.test(name)) continue;
    const file = path.join(exportsDir(), name);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && now - stat.mtimeMs >= maxAgeMs) {
      fs.rmSync(file, { force: true });
      removed++;
    }
  }
  return removed;
}

// Running imports: one worker thread each, started by the server, which returns at once.
//
// Progress and crashes: the import is one transaction in the worker, so nothing it writes
// (processed_rows included) is visible before the commit. The worker posts its progress to this
// thread, which keeps it in memory per (tenant, import); the status page reads it from here.
// An import whose row says "running" but that no worker of this process runs was cut short
// (server killed or restarted): its transaction never committed, so nothing of it is in the
// file, and `failOrphanImports` marks it failed the next time the coach's imports are read.
import type Database from "better-sqlite3";
import { Worker } from "node:worker_threads";
import { getEnv } from "~/env.server";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { tenantFilePath } from "~/lib/tenant-id.server";
import type { ImportReport, Progress } from "./run.server";
import { workerScript } from "~/lib/worker-script.server";

type Job = { mode: "run" | "undo"; progress: Progress | null; finished: Promise<void> };
const jobs = new Map<string, Job>();
const keyOf = (tenantId: string, importId: number) => `${tenantId}:${importId}`;

export const ORPHAN_MESSAGE = "L'import a été interrompu (redémarrage du serveur) : rien n'a été importé. Relancez-le depuis un nouveau dépôt du fichier.";

export function importProgress(tenantId: string, importId: number) {
  return jobs.get(keyOf(tenantId, importId))?.progress ?? null;
}

export function isImportRunning(tenantId: string, importId: number) {
  return jobs.has(keyOf(tenantId, importId));
}

/** An undo of this import is under way (in its worker). */
export function isUndoRunning(tenantId: string, importId: number) {
  return jobs.get(keyOf(tenantId, importId))?.mode === "undo";
}

/** Any import or undo of this tenant under way: one at a time, they would wait on each other's lock. */
export function tenantHasJob(tenantId: string) {
  for (const key of jobs.keys()) if (key.startsWith(`${tenantId}:`)) return true;
  return false;
}

/** Resolves once the import's worker is done (tests, shutdown). */
export function importFinished(tenantId: string, importId: number) {
  return jobs.get(keyOf(tenantId, importId))?.finished ?? Promise.resolve();
}

/** The worker's script: the bundle in production, the sources elsewhere (app/lib/worker-script.server.ts). */
export function importWorkerScript(env = getEnv().NODE_ENV) {
  return workerScript("import-worker", env);
}

/**
 * At boot (scripts/migrate.ts → migratePlatform, before the server starts): no worker runs yet,
 * so every import still "queued" or "running" was cut short by a kill or a crash. Its
 * transaction never committed (nothing of it is in the file): it shows as failed from the first
 * page the coach opens. Returns how many were marked.
 */
export function failInterruptedImports(sqlite: Database.Database, now = Date.now()) {
  return sqlite.prepare("UPDATE imports SET status = 'failed', error = ?, finished_at = ? WHERE status IN ('queued', 'running')").run(ORPHAN_MESSAGE, now).changes;
}

/** Marks failed the "running" imports of this tenant that no worker of this process runs. */
export function failOrphanImports(db: TenantDb, tenantId: string) {
  const rows = db.$client.prepare("SELECT id FROM imports WHERE status IN ('queued', 'running')").all() as { id: number }[];
  const mark = db.$client.prepare("UPDATE imports SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')");
  for (const { id } of rows) if (!isImportRunning(tenantId, id)) mark.run(ORPHAN_MESSAGE, Date.now(), id);
}

/**
 * Starts the worker of an import already marked "running" by the caller (or of the undo of the
 * last import: `mode` "undo"). The tenant file comes
 * from the session's tenant id, never from the request.
 */
export function startImportWorker(tenantId: string, importId: number, mode: "run" | "undo" = "run") {
  const file = tenantFilePath(getEnv().TENANTS_DIR, tenantId);
  const key = keyOf(tenantId, importId);
  const job: Job = { mode, progress: null, finished: Promise.resolve() };
  jobs.set(key, job);
  job.finished = new Promise<void>((resolve) => {
    let outcome: { ok: true; report: ImportReport } | { ok: false; message: string } | null = null;
    const newWorker = () =>
      new Worker(importWorkerScript(), {
        workerData: { file, importId, mode },
        // A cap on the worker's heap makes V8 collect early instead of growing the server's memory.
        // The import streams its rows; the lead index holds hashed keys and the rejected rows are
        // UTF-8 bytes outside the heap. Worst cases measured: 100,000 rows into 100,000 leads,
        // all rejected (17 MB, UTF-16 text) or all created, each finish under a 40 MB cap: 64
        // leaves room. A larger cap costs RSS (96: +25 MB in bench/import.ts; 128: ~+100 MB).
        resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 },
      });
    let worker: Worker;
    try {
      worker = newWorker();
    } catch (error) {
      // No thread could start (resources exhausted): the import did not run, say so.
      console.error(`[tenant ${tenantId}] import ${importId}: the worker did not start`, error);
      jobs.delete(key);
      const message = "L'import n'a pas pu démarrer : rien n'a été importé. Réessayez dans un instant.";
      void withTenantDb(tenantId, (db) =>
        mode === "run" ? db.$client.prepare("UPDATE imports SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status = 'running'").run(message, Date.now(), importId) : null,
      )
        .catch(() => {})
        .finally(resolve);
      return;
    }
    worker.on("message", (m: { type: string; processed?: number; total?: number; report?: ImportReport; message?: string }) => {
      if (m.type === "progress") job.progress = { processed: m.processed!, total: m.total! };
      else if (m.type === "done") outcome = { ok: true, report: m.report! };
      else if (m.type === "error") outcome = { ok: false, message: m.message! };
    });
    worker.once("error", (error) => (outcome ??= { ok: false, message: `Erreur inattendue : ${error.message}` }));
    worker.once("exit", async () => {
      try {
        if (mode === "undo") {
          // A failed undo rolled back whole: the import stays done, and says why.
          if (!outcome || !outcome.ok) {
            const message = `L'annulation a échoué, rien n'a été modifié : ${outcome?.message ?? "arrêt inattendu"}`;
            await withTenantDb(tenantId, (db) => db.$client.prepare("UPDATE imports SET error = ? WHERE id = ? AND status = 'done'").run(message, importId));
          }
        } else if (!outcome || !outcome.ok) {
          const message = outcome?.message ?? "L'import s'est arrêté sans rapport : rien n'a été importé.";
          await withTenantDb(tenantId, (db) =>
            db.$client.prepare("UPDATE imports SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status = 'running'").run(message, Date.now(), importId),
          );
        }
      } catch (error) {
        console.error(`[tenant ${tenantId}] import ${importId}: could not record the failure`, error);
      } finally {
        jobs.delete(key);
        resolve();
      }
    });
  });
  return job.finished;
}

// The body of an import's worker thread (app/crm/import/jobs.server.ts starts it). Its own
// connection to the tenant file; the whole import is one transaction (./run.server.ts), so a
// crash or a kill leaves nothing half-written. Progress is posted to the main thread.
// Built app: bundled to build/import-worker.mjs by scripts/build-import-worker.mjs (no
// TypeScript compiled at start); dev and tests: scripts/import-worker.mjs runs this source.
import { parentPort, workerData } from "node:worker_threads";
import { openSqlite } from "~/lib/sqlite.server";
import { undoImport } from "./undo.server";
import { runImport } from "./run.server";

export type WorkerData = { file: string; importId: number; mode: "run" | "undo" };

const data = workerData as WorkerData;
const port = parentPort!;
const db = openSqlite(data.file, { fileMustExist: true });
// One transaction writes tens of thousands of rows and their trigram index: 4 MiB of page cache
// (the server's handles have 1 MiB) was as fast as 16 MiB in bench/import.ts, for 12 MB less RSS.
db.pragma("cache_size = -4096");
try {
  if (data.mode === "undo") {
    // Deleting 50,000 leads (and their search index) takes seconds: never on the server's thread.
    const undone = undoImport({ $client: db } as Parameters<typeof undoImport>[0], data.importId);
    port.postMessage(undone ? { type: "done", undo: undone } : { type: "error", message: "Seul le dernier import terminé peut être annulé." });
  } else {
    const report = runImport(db, data.importId, (p) => port.postMessage({ type: "progress", ...p }));
    port.postMessage({ type: "done", report });
  }
} catch (error) {
  const e = error as { name?: string; message?: string } | undefined;
  const known = e?.name === "ImportFileError" || e?.name === "ImportAbort";
  port.postMessage({ type: "error", message: known ? e!.message : `Erreur inattendue : ${e?.message ?? String(error)}` });
} finally {
  db.close();
}

// One CSV import, off the server's event loop (app/crm/import/jobs.server.ts starts it). Its own
// connection to the tenant file; the whole import is one transaction (app/crm/import/run.server.ts),
// so a crash or a kill leaves nothing half-written. Progress is posted to the main thread.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { runImport } = await import("../app/crm/import/run.server.ts");
const { openSqlite } = await import("../app/lib/sqlite.server.ts");
const db = openSqlite(workerData.file, { fileMustExist: true });
// One transaction writes tens of thousands of rows and their trigram index: a larger page cache
// than the server's 1 MiB per handle keeps it from spilling pages back and forth.
db.pragma("cache_size = -16384");
try {
  if (workerData.mode === "undo") {
    // Deleting 50,000 leads (and their search index) takes seconds: never on the server's thread.
    const { undoImport } = await import("../app/crm/import/imports.server.ts");
    const undone = undoImport({ $client: db }, workerData.importId);
    parentPort.postMessage(undone ? { type: "done" } : { type: "error", message: "Seul le dernier import terminé peut être annulé." });
  } else {
    const report = runImport(db, workerData.importId, (p) => parentPort.postMessage({ type: "progress", ...p }));
    parentPort.postMessage({ type: "done", report });
  }
} catch (error) {
  const known = error?.name === "ImportFileError" || error?.name === "ImportAbort";
  parentPort.postMessage({ type: "error", message: known ? error.message : `Erreur inattendue : ${error?.message ?? String(error)}` });
} finally {
  db.close();
}

// One GDPR export snapshot, off the server's event loop (app/platform/tenant-export.server.ts).
// Its own connection: VACUUM INTO reads one consistent transaction while the server goes on
// serving and other connections go on writing.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const db = new Database(workerData.file, { fileMustExist: true });
try {
  db.pragma("busy_timeout = 5000");
  db.prepare("VACUUM INTO ?").run(workerData.dest);
  parentPort.postMessage({ ok: true });
} catch (error) {
  parentPort.postMessage({ ok: false, code: error?.code ?? null, message: error?.message ?? String(error) });
} finally {
  db.close();
}

// One bulk action on many leads ("all N results"), off the server's event loop
// (app/crm/bulk-jobs.server.ts starts it). Its own connection to the tenant file; each action is
// one statement or one transaction (app/crm/bulk.server.ts), so a crash leaves nothing half-done.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const bulk = await import("../app/crm/bulk.server.ts");
const { openSqlite } = await import("../app/lib/sqlite.server.ts");
const db = openSqlite(workerData.file, { fileMustExist: true });
// 100k rows and their indexes in one transaction: a larger page cache than the server's 1 MiB.
db.pragma("cache_size = -16384");
try {
  const { op, query, tag, status, actorUserId } = workerData;
  const now = new Date(workerData.now);
  let count;
  if (op === "tag_add") count = bulk.addTag(db, query, tag, now);
  else if (op === "tag_remove") count = bulk.removeTag(db, query, tag, now);
  else if (op === "status") count = bulk.setStatus(db, query, status, now);
  else if (op === "blacklist") count = bulk.blacklist({ $client: db }, query, now);
  else if (op === "delete") count = bulk.deleteLeads(db, query, actorUserId, now);
  else throw new Error(`unknown op ${op}`);
  parentPort.postMessage({ type: "done", count });
} catch (error) {
  parentPort.postMessage({ type: "error", message: error?.message ?? String(error) });
} finally {
  db.close();
}

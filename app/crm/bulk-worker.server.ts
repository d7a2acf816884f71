// The body of a bulk action's worker thread (app/crm/bulk-jobs.server.ts starts it): one action
// on many leads ("all N results"), off the server's event loop. Its own connection to the tenant
// file; each action is one statement or one transaction (./bulk.server.ts), so a crash leaves
// nothing half-done. Built app: bundled to build/bulk-worker.mjs by
// scripts/build-import-worker.mjs (no TypeScript compiled at start); dev and tests:
// scripts/bulk-worker.mjs runs this source through tsx.
import { parentPort, workerData } from "node:worker_threads";
import { openSqlite } from "~/lib/sqlite.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import type { LeadStatus } from "../../db/tenant.schema";
import { addTag, blacklist, deleteLeads, removeTag, setStatus } from "./bulk.server";
import type { LeadQuery } from "./lead-filters.server";

export type BulkWorkerData = {
  file: string;
  op: string;
  tag?: string;
  status?: LeadStatus;
  query: LeadQuery;
  actorUserId: string;
  now: number;
};

const data = workerData as BulkWorkerData;
const port = parentPort!;
const db = openSqlite(data.file, { fileMustExist: true });
// 100k rows and their indexes in one transaction: a larger page cache than the server's 1 MiB.
db.pragma("cache_size = -16384");
try {
  const { op, query, tag, status, actorUserId } = data;
  const now = new Date(data.now);
  let count: number;
  if (op === "tag_add") count = addTag(db, query, tag!, now);
  else if (op === "tag_remove") count = removeTag(db, query, tag!, now);
  else if (op === "status") count = setStatus(db, query, status!, now);
  else if (op === "blacklist") count = blacklist({ $client: db } as TenantDb, query, now);
  else if (op === "delete") count = deleteLeads(db, query, actorUserId, now);
  else throw new Error(`unknown op ${op}`);
  port.postMessage({ type: "done", count });
} catch (error) {
  port.postMessage({ type: "error", message: (error as Error | undefined)?.message ?? String(error) });
} finally {
  db.close();
}

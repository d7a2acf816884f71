// One issuer of the numbering race (invoices.server.test.ts): its own thread and its own
// connection to the tenant file, the real issueInvoice (compiled by tsx), started by a shared
// "go" flag so that every thread issues at the same moment.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { drizzle } = await import("drizzle-orm/better-sqlite3");
const schema = await import("../../db/tenant.schema.ts");
const { openSqlite } = await import("../lib/sqlite.server.ts");
const { issueInvoice } = await import("./invoices.server.ts");

const sqlite = openSqlite(workerData.file, { fileMustExist: true });
const db = drizzle(sqlite, { schema });
parentPort.postMessage({ ready: true });
Atomics.wait(new Int32Array(workerData.go), 0, 0);
try {
  const { number } = issueInvoice(db, workerData.invoiceId, { tenantId: workerData.tenantId, coachEmail: null, now: new Date(workerData.now) });
  parentPort.postMessage({ number });
} catch (error) {
  parentPort.postMessage({ error: String(error?.message ?? error) });
} finally {
  sqlite.close();
}

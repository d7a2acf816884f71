// One worker thread of the nightly aggregation (see app/kpis/run-aggregation.server.ts).
// It loads the TypeScript sources through tsx, like the scripts themselves.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { aggregateTenants } = await import("../app/kpis/run-aggregation.server.ts");
const { closeAllTenantDbs } = await import("../app/lib/tenant-db.server.ts");
const report = await aggregateTenants(workerData.ids, { days: workerData.days, now: new Date(workerData.now) });
closeAllTenantDbs();
parentPort.postMessage(report);

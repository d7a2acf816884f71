// Support's "Vérifier le fichier" (app/platform/migrate-platform.server.ts), off the server's
// event loop: quick_check and migrations of a big tenant take a while. Loads TypeScript via tsx.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { checkAndMigrateTenant } = await import("../app/lib/migrate-all.server.ts");
const { TENANT_REPAIRS } = await import("../app/platform/tenant-repairs.server.ts");
parentPort.postMessage(checkAndMigrateTenant(workerData.tenantId, TENANT_REPAIRS));

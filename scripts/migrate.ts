// Applies every migration to the control DB and to every tenant file: run at every boot of the
// production container, before the server. Only a control DB failure exits non-zero (the
// server cannot run without it); a broken tenant file is reported — here, in /admin and in
// /healthz — and the other coaches are served. `--strict` exits 1 on any failure (CI).
import { parseArgs } from "node:util";
import { migratePlatform } from "~/platform/migrate-platform.server";

const { values } = parseArgs({ options: { strict: { type: "boolean", default: false } } });

let report;
try {
  report = migratePlatform();
} catch (error) {
  console.error(`✗ control DB: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
for (const f of report.failed) console.error(`✗ tenant ${f.tenantId} unavailable: ${f.error}`);
for (const t of report.migrated) for (const e of t.repairErrors) console.error(`! tenant ${t.tenantId}: a data repair failed (tenant kept available): ${e}`);
console.log(`Migrated the control DB and ${report.tenants} tenant(s); ${report.failed.length} unavailable.`);
process.exit(values.strict && report.failed.length > 0 ? 1 : 0);

// Applies every migration to the control DB and to every tenant file. Deploy's release command.
import { migrateAll } from "~/lib/migrate-all.server";

const report = migrateAll();
for (const f of report.failed) console.error(`✗ tenant ${f.tenantId}: ${f.error}`);
console.log(`Migrated the control DB and ${report.tenants} tenant(s); ${report.failed.length} failed.`);
process.exit(report.failed.length > 0 ? 1 : 0);

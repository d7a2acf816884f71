// Nightly KPI aggregation: `npm run aggregate [-- --days 90 | --all] [--tenant t_…] [--workers N]`.
// Rewrites kpi_daily for the given window of every active tenant. A tenant whose file is unavailable
// is skipped and flagged for support; exits 1 only on unexpected failures.
import { parseArgs } from "node:util";
import { runAggregation } from "~/kpis/run-aggregation.server";

const { values } = parseArgs({
  options: {
    days: { type: "string", default: "90" },
    all: { type: "boolean", default: false },
    tenant: { type: "string" },
    workers: { type: "string" }, // default: one per core
  },
});
const days = values.all ? "all" : Number(values.days);
if (days !== "all" && (!Number.isInteger(days) || days < 1 || days > 3650)) {
  console.error("--days takes a whole number of days from 1 to 3650 (or use --all).");
  process.exit(2);
}

try {
  const workers = values.workers ? Number(values.workers) : undefined;
  const report = await runAggregation({ days, tenantId: values.tenant, workers });
  for (const s of report.skipped) console.error(`- tenant ${s.tenantId} skipped, file unavailable: ${s.reason}`);
  for (const f of report.failed) console.error(`✗ tenant ${f.tenantId}: ${f.error}`);
  console.log(
    `Aggregated ${report.tenants} tenant(s), ${report.days} day rows in ${report.seconds.toFixed(2)} s; ` +
      `${report.skipped.length} skipped (file unavailable), ${report.failed.length} failed.`,
  );
  process.exit(report.failed.length > 0 ? 1 : 0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}

// Morning pre-briefs: `npx tsx scripts/send-prebriefs.ts [--tenant t_…]` (crontab: 05:00 UTC, retried 05:30 and 06:00).
// One email per coach who asked for it and has confirmed sessions today (Paris), at most once a
// day per tenant even if re-run. Unavailable tenant files are skipped; exits 1 only on failures.
import { parseArgs } from "node:util";
import { sendPrebriefs } from "~/clients/send-prebriefs.server";

const { values } = parseArgs({ options: { tenant: { type: "string" } } });

try {
  const report = await sendPrebriefs({ tenantId: values.tenant });
  for (const s of report.skipped) console.error(`- tenant ${s.tenantId} skipped, file unavailable: ${s.reason}`);
  for (const f of report.failed) console.error(`✗ tenant ${f.tenantId}: ${f.error}`);
  console.log(
    `Pre-briefs of ${report.day}: ${report.sent.length} email(s) sent, ${report.idle.length} tenant(s) with nothing to send, ` +
      `${report.skipped.length} skipped (file unavailable), ${report.failed.length} failed.`,
  );
  process.exit(report.failed.length > 0 ? 1 : 0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}

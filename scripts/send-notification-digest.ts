// Daily notification digest: `npx tsx scripts/send-notification-digest.ts [--tenant t_…]` (crontab: 06:30 UTC).
// Every active tenant whose coach turned the digest on: one email listing the unread
// notifications not mailed yet (each at most once, a re-run sends nothing twice). Without
// RESEND_API_KEY the emails land in the development outbox (/admin/outbox). Unavailable tenant
// files are skipped and flagged; exits 1 only on failures (the other tenants still run).
import { parseArgs } from "node:util";
import { runNotificationDigest } from "~/email/digest.server";

const { values } = parseArgs({ options: { tenant: { type: "string" } } });

try {
  const report = await runNotificationDigest({ tenantId: values.tenant });
  for (const f of report.failed) console.error(`✗ tenant ${f.tenantId}: ${f.error}`);
  const notifications = report.sent.reduce((n, s) => n + s.count, 0);
  console.log(`Notification digest: ${report.sent.length} email(s) sent (${notifications} notification(s)), ${report.skipped.length} tenant(s) skipped, ${report.failed.length} failed.`);
  process.exit(report.failed.length > 0 ? 1 : 0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}

// Nightly billing: `npx tsx scripts/send-billing-reminders.ts [--tenant t_…]` (crontab: 07:00 UTC, retried 07:30).
// Every active tenant: today's payment reminders of overdue invoices (one email per invoice with
// the reminder PDF, at most one per invoice per day even if re-run), then expired quotes.
// Unavailable tenant files are skipped and flagged; exits 1 only on failures (the others still run).
import { parseArgs } from "node:util";
import { runBillingNightly } from "~/billing/nightly.server";

const { values } = parseArgs({ options: { tenant: { type: "string" } } });

try {
  const report = await runBillingNightly({ tenantId: values.tenant });
  for (const s of report.skipped) console.error(`- tenant ${s.tenantId} skipped, file unavailable: ${s.reason}`);
  for (const f of report.failed) console.error(`✗ tenant ${f.tenantId}: ${f.error}`);
  let sent = 0;
  let failedReminders = 0;
  for (const t of report.tenants) {
    sent += t.reminders.sent.length;
    failedReminders += t.reminders.failed.length;
    for (const s of t.reminders.skipped) console.log(`- tenant ${t.tenantId}, invoice ${s.number}: reminder skipped (${s.reason})`);
    for (const f of t.reminders.failed) console.error(`✗ tenant ${t.tenantId}, invoice ${f.number}: reminder not sent (${f.error})`);
  }
  const expired = report.tenants.reduce((n, t) => n + t.quotesExpired, 0);
  console.log(
    `Billing of ${report.day}: ${report.tenants.length} tenant(s), ${sent} reminder(s) sent, ${failedReminders} failed, ${expired} quote(s) expired; ` +
      `${report.skipped.length} skipped (file unavailable), ${report.failed.length} failed.`,
  );
  process.exit(report.failed.length > 0 || failedReminders > 0 ? 1 : 0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}

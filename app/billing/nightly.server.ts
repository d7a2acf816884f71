// The nightly billing job (scripts/send-billing-reminders.ts, 07:00 UTC = 8 or 9 h in Paris):
// for every active tenant, send today's payment reminders and expire the quotes past their
// validity. Like the pre-brief job, one unusable tenant file (skipped and flagged) or one failing
// tenant (reported) never stops the others, and a re-run the same day sends nothing twice (the
// reminder events' unique index, see reminders.server.ts).
import type { Email, SendOptions } from "~/email/email.server";
import { controlDb } from "~/lib/control-db.server";
import { tenantOwner } from "~/platform/tenants.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { dayKey } from "~/kpis/paris-days.server";
import { forEachActiveTenant } from "~/platform/tenant-jobs.server";
import { notifyOverdueInvoices } from "./overdue-notices.server";
import { expireQuotes as expireSentQuotes } from "./quotes.server";
import { sendReminders, type RemindersReport } from "./reminders.server";
import { jobAppUrl } from "~/lib/app-url.server";

export type BillingNightlyReport = {
  day: string;
  tenants: { tenantId: string; reminders: RemindersReport; quotesExpired: number; overdueNotified: number }[];
  skipped: { tenantId: string; reason: string }[];
  failed: { tenantId: string; error: string }[];
};

type Options = {
  now?: Date;
  tenantId?: string;
  send?: (email: Email, options: SendOptions) => Promise<unknown>;
  /** Expires the tenant's quotes past their validity; returns how many. */
  expireQuotes?: (db: TenantDb, today: string) => number;
};



export async function runBillingNightly({ now = new Date(), tenantId, send, expireQuotes = expireSentQuotes }: Options = {}): Promise<BillingNightlyReport> {
  const day = dayKey(now);
  const report: BillingNightlyReport = { day, tenants: [], skipped: [], failed: [] };
  const appUrl = jobAppUrl();
  await forEachActiveTenant({ tenantId, now, report }, async (db, { id, name }) => {
    const coach = tenantOwner(controlDb(), id);
    const reminders = await sendReminders(db, { tenantId: id, appUrl, coachName: coach?.name ?? name, coachEmail: coach?.email ?? null, now, today: day, send });
    const quotesExpired = expireQuotes(db, day);
    const overdueNotified = notifyOverdueInvoices(db, day, now);
    report.tenants.push({ tenantId: id, reminders, quotesExpired, overdueNotified });
  });
  return report;
}

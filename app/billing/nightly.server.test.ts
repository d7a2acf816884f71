// The nightly billing job over several tenants: one broken tenant file does not stop the others;
// the script itself (a subprocess) reports it and sends nothing twice the same day.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { addClient, completeBillingProfile, issuedInvoice } from "../../tests/billing-send-fixtures";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { getEnv } from "~/env.server";
import { listOutbox } from "~/email/email.server";
import { controlDb } from "~/lib/control-db.server";
import { addDays, dayKey } from "~/kpis/paris-days.server";
import { tenantFilePath } from "~/lib/tenant-id.server";
import { closeAllTenantDbs, withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { unavailableTenants } from "~/platform/tenant-health.server";
import { runBillingNightly } from "./nightly.server";
import { invoiceEventsOf } from "./send.server";

const PDF = Buffer.from("%PDF-1.7\n% relance\n%%EOF\n");
vi.mock("./pdf/documents.server", () => ({
  invoicePdf: vi.fn(),
  quotePdf: vi.fn(),
  reminderPdf: vi.fn(async () => ({ pdf: PDF, filename: "relance.pdf" })),
}));

// The real clock: the script (a subprocess) runs "today" too.
const now = new Date();
const today = dayKey(now);
let healthy: string;
let broken: string;
let healthyInvoice: { id: number; number: string };
let noEmailInvoice: number;

beforeAll(async () => {
  setupTestDb();
  healthy = (await makeCoach("Hélène Coach", "helene@example.fr")).tenant.id;
  broken = (await makeCoach("Bruno Coach", "bruno@example.fr")).tenant.id;
  const overdue = (db: TenantDb, tenantId: string, email: string | null) =>
    issuedInvoice(db, addClient(db, { email }), { tenantId, issueDay: addDays(today, -60), dueDate: addDays(today, -2) });
  await withTenantDb(healthy, (db) => {
    completeBillingProfile(db);
    healthyInvoice = overdue(db, healthy, "client@example.fr");
    noEmailInvoice = overdue(db, healthy, null).id;
  });
  await withTenantDb(broken, (db) => (completeBillingProfile(db), overdue(db, broken, "other@example.fr")));
  closeAllTenantDbs();
  const file = tenantFilePath(getEnv().TENANTS_DIR, broken);
  fs.writeFileSync(file, Buffer.alloc(16_384, 0x42));
  for (const ext of ["-wal", "-shm"]) fs.rmSync(file + ext, { force: true });
});

describe("runBillingNightly", () => {
  it("sends the healthy tenant's reminders and expires its quotes; skips and flags the broken file", async () => {
    const expiredOn: [string, string][] = [];
    const report = await runBillingNightly({ now, expireQuotes: (db, day) => (expiredOn.push([db.$client.name, day]), 2) });
    expect(report.day).toBe(today);
    expect(report.failed).toEqual([]);
    expect(report.skipped).toEqual([{ tenantId: broken, reason: expect.stringMatching(/SQLite|endommagé/) }]);
    expect(unavailableTenants(controlDb()).map((t) => t.id)).toEqual([broken]);
    expect(report.tenants).toHaveLength(1);
    const [t] = report.tenants;
    expect(t.tenantId).toBe(healthy);
    expect(t.quotesExpired).toBe(2);
    expect(expiredOn).toEqual([[tenantFilePath(getEnv().TENANTS_DIR, healthy), today]]);
    expect(t.reminders.sent).toEqual([{ status: "sent", invoiceId: healthyInvoice.id, number: healthyInvoice.number, level: 1, to: "client@example.fr" }]);
    expect(t.reminders.skipped).toEqual([expect.objectContaining({ invoiceId: noEmailInvoice, reason: "le client n'a pas d'adresse email" })]);
    const [mail] = listOutbox({ limit: 500 }).filter((m) => m.to === "client@example.fr");
    expect(mail.subject).toBe(`Rappel : facture n° ${healthyInvoice.number} en attente de règlement`);
    // Signed with the seller's trade name; replies go to the tenant's owner.
    expect(mail.text).toContain("Cordialement,\nMarie Coaching");
    expect(listOutbox({ limit: 500 }).filter((m) => m.to === "other@example.fr")).toHaveLength(0);
  });

  it("the script (another process, same day) reports the broken tenant and sends nothing twice", async () => {
    const cli = spawnSync("npx", ["tsx", "scripts/send-billing-reminders.ts"], { env: { ...process.env }, encoding: "utf8" });
    expect(cli.stderr).toContain(`- tenant ${broken} skipped, file unavailable`);
    expect(cli.stdout).toContain(`- tenant ${healthy}, invoice`);
    expect(cli.stdout).toContain("reminder skipped (le client n'a pas d'adresse email)");
    expect(cli.stdout).toContain(`Billing of ${today}: 1 tenant(s), 0 reminder(s) sent, 0 failed, 0 quote(s) expired; 1 skipped (file unavailable), 0 failed.`);
    expect(cli.status).toBe(0);
    expect(listOutbox({ limit: 500 }).filter((m) => m.to === "client@example.fr")).toHaveLength(1);
    const events = await withTenantDb(healthy, (db) => invoiceEventsOf(db, healthyInvoice.id));
    expect(events.filter((e) => e.type === "reminder")).toHaveLength(1);
  });
});

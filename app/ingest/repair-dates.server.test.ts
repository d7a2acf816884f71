import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb } from "../../tests/helpers";
import { getEnv } from "~/env.server";
import { checkAndMigrateTenant } from "~/lib/migrate-all.server";
import { TENANT_REPAIRS } from "~/platform/tenant-repairs.server";
import { openSqlite } from "~/lib/sqlite.server";
import { createTenantFile } from "~/lib/tenant-db.server";
import { newTenantId, tenantFilePath } from "~/lib/tenant-id.server";
import { repairOutOfRangeDates } from "./repair-dates.server";

const NOW = new Date("2026-11-21T12:00:00Z");
const ms = (iso: string) => new Date(iso).getTime();
const RECEIVED = ms("2024-05-01T08:00:00Z"); // 10:00 in Paris

let sqlite: Database.Database;
const row = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).get(...params) as Record<string, unknown>;

beforeAll(() => {
  setupTestDb();
  const id = newTenantId();
  createTenantFile(id);
  // As migrateAll will: a plain connection to the migrated file.
  sqlite = openSqlite(tenantFilePath(getEnv().TENANTS_DIR, id), { fileMustExist: true });
  const lead = sqlite.prepare(
    "INSERT INTO leads (id, instagram_id, status, created_at, created_day, updated_at, messages_sent, messages_received, time_to_action_minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const message = sqlite.prepare(
    "INSERT INTO messages (external_id, lead_id, direction, message_number, sender_message_number, sent_at, sent_day, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  // Lead 1: an empty N8N date became 1970 for the lead and its first message; the answer is fine.
  lead.run(1, "ig_1970", "engaged", 0, "1970-01-01", RECEIVED + 60_000, 1, 1, null);
  message.run("m_1970", 1, "out", 1, null, 0, "1970-01-01", RECEIVED);
  message.run("m_answer", 1, "in", null, null, RECEIVED + 5 * 60_000, "2024-05-01", RECEIVED + 5 * 60_000);
  // Lead 2: year 1, stored with the malformed day key of the time; booked 30 days after its real arrival.
  lead.run(2, "ig_year1", "call_booked", ms("0001-01-01T00:00:00Z"), "1-01-01", ms("2024-06-01T10:00:00Z"), 0, 0, 1_065_000_000);
  sqlite.prepare("INSERT INTO message_sequences (lead_id, call_booked_at, created_at) VALUES (2, ?, ?)").run(ms("2024-07-01T10:00:00Z"), ms("2024-07-01T10:00:00Z"));
  // Lead 3: a far-future date everywhere, even in updated_at.
  lead.run(3, "ig_future", "new", ms("2099-01-01T00:00:00Z"), "2099-01-01", ms("2099-01-01T00:00:00Z"), 0, 0, null);
  // Lead 4 is fine; one of its messages was dated 2099 and received at a time that is fine.
  lead.run(4, "ig_ok", "engaged", RECEIVED, "2024-05-01", RECEIVED, 1, 0, null);
  message.run("m_future", 4, "out", 1, null, ms("2099-01-01T00:00:00Z"), "2099-01-01", RECEIVED + 60 * 60_000);
  // Days written by the nightly job from those rows, and one legitimate day.
  for (const day of ["1-01-01", "1970-01-01", "2024-05-01"]) sqlite.prepare("INSERT INTO kpi_daily (day, leads_created) VALUES (?, 7)").run(day);
});
afterAll(() => sqlite.close());

describe("repairOutOfRangeDates", () => {
  it("moves stray dates into range, re-derives what depends on them, and drops days before 2015", () => {
    expect(repairOutOfRangeDates(sqlite, NOW)).toEqual({ messages: 2, leads: 3, kpiDays: 2, reaggregatedDays: 1 });

    // Messages take the time they were received; the conversation is derived again.
    expect(row("SELECT sent_at, sent_day, message_number, is_replied, replied_at FROM messages WHERE external_id = 'm_1970'")).toEqual({
      sent_at: RECEIVED, sent_day: "2024-05-01", message_number: 1, is_replied: 1, replied_at: RECEIVED + 5 * 60_000,
    });
    expect(row("SELECT sent_at, sent_day FROM messages WHERE external_id = 'm_future'")).toEqual({ sent_at: RECEIVED + 60 * 60_000, sent_day: "2024-05-01" });
    // Leads take their earliest message, else their last update, else now.
    expect(row("SELECT created_at, created_day, messages_sent, messages_received, last_contact_at FROM leads WHERE id = 1")).toEqual({
      created_at: RECEIVED, created_day: "2024-05-01", messages_sent: 1, messages_received: 1, last_contact_at: RECEIVED + 5 * 60_000,
    });
    expect(row("SELECT created_at, created_day, time_to_action_minutes FROM leads WHERE id = 2")).toEqual({
      created_at: ms("2024-06-01T10:00:00Z"), created_day: "2024-06-01", time_to_action_minutes: 30 * 24 * 60,
    });
    expect(row("SELECT created_at, created_day FROM leads WHERE id = 3")).toEqual({ created_at: NOW.getTime(), created_day: "2026-11-21" });
    expect(row("SELECT created_at, last_contact_at FROM leads WHERE id = 4")).toEqual({ created_at: RECEIVED, last_contact_at: RECEIVED + 60 * 60_000 });

    // Days before 2015 are gone; the stored day that received repaired rows is aggregated again.
    expect(sqlite.prepare("SELECT day, leads_created, messages_out FROM kpi_daily ORDER BY day").all()).toEqual([{ day: "2024-05-01", leads_created: 2, messages_out: 2 }]);
  });

  it("is idempotent", () => {
    const dump = () => ["leads", "messages", "message_sequences", "kpi_daily"].map((t) => sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1`).all());
    const before = dump();
    expect(repairOutOfRangeDates(sqlite, new Date(NOW.getTime() + 60_000))).toEqual({ messages: 0, leads: 0, kpiDays: 0, reaggregatedDays: 0 });
    expect(dump()).toEqual(before);
  });
});

describe("as a migration-time repair", () => {
  it("runs through migrateAll's repair hook on a tenant file", () => {
    const id = newTenantId();
    createTenantFile(id);
    const file = openSqlite(tenantFilePath(getEnv().TENANTS_DIR, id), { fileMustExist: true });
    file.prepare("INSERT INTO leads (instagram_id, created_at, created_day, updated_at) VALUES ('ig', 0, '1970-01-01', ?)").run(RECEIVED);
    file.close();

    const reports: unknown[] = [];
    const outcome = checkAndMigrateTenant(id, [(sqlite) => void reports.push(repairOutOfRangeDates(sqlite, NOW))]);
    expect(outcome).toMatchObject({ tenantId: id, leadCount: 1 });
    expect(reports).toEqual([{ messages: 0, leads: 1, kpiDays: 0, reaggregatedDays: 0 }]);
    const check = openSqlite(tenantFilePath(getEnv().TENANTS_DIR, id), { fileMustExist: true });
    expect(check.prepare("SELECT created_at, created_day FROM leads").get()).toEqual({ created_at: RECEIVED, created_day: "2024-05-01" });
    check.close();
  });

  it("is one of the repairs the deploy-time migration runs (npm run migrate)", () => {
    const id = newTenantId();
    createTenantFile(id);
    const file = openSqlite(tenantFilePath(getEnv().TENANTS_DIR, id), { fileMustExist: true });
    file.prepare("INSERT INTO leads (instagram_id, created_at, created_day, updated_at) VALUES ('ig_deploy', 0, '1970-01-01', ?)").run(RECEIVED);
    file.close();
    const outcome = checkAndMigrateTenant(id, TENANT_REPAIRS);
    expect(outcome).toMatchObject({ tenantId: id, leadCount: 1 });
    const check = openSqlite(tenantFilePath(getEnv().TENANTS_DIR, id), { fileMustExist: true });
    expect((check.prepare("SELECT created_day FROM leads").get() as { created_day: string }).created_day >= "2015-01-01").toBe(true);
    check.close();
  });
});

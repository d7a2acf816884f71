// Earnings sums on Europe/Paris calendar months: boundaries, the year, refunds, pending.
import { beforeEach, describe, expect, it } from "vitest";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import type { TenantDb } from "~/lib/tenant-db.server";
import { earningsSummary, monthlyHistory } from "./earnings.server";

let db: TenantDb;
let clientId: number;

function session(at: string, status: string, priceCents: number, client = clientId) {
  const ms = Date.parse(at);
  return Number(
    db.$client
      .prepare("INSERT INTO coaching_sessions (client_id, scheduled_at, price_cents, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(client, ms, priceCents, status, ms, ms).lastInsertRowid,
  );
}

beforeEach(() => {
  db = memoryTenant();
  clientId = Number(db.$client.prepare("INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES ('Marie', 'Dupont', 0, 0)").run().lastInsertRowid);
});

const NOW = new Date("2026-11-15T10:00:00Z");

describe("earningsSummary", () => {
  it("counts a session at 23:30 UTC on 31 October in November (Paris), and one at 22:59 UTC on 30 November too", () => {
    session("2026-10-31T23:30:00Z", "completed", 8000); // 00:30 on 1 November in Paris (UTC+1)
    session("2026-10-31T22:59:00Z", "completed", 1000); // 23:59 on 31 October in Paris
    session("2026-11-30T22:59:00Z", "completed", 500); // 23:59 on 30 November in Paris (in the future, but completed counts)
    session("2026-11-30T23:00:00Z", "completed", 7); // midnight: 1 December in Paris
    const s = earningsSummary(db, { now: NOW });
    expect(s.month).toBe("2026-11");
    expect(s.thisMonth).toMatchObject({ cents: 8500, count: 2 });
    expect(s.history.find((m) => m.month === "2026-10")).toMatchObject({ cents: 1000, count: 1 });
  });

  it("uses the summer offset at the end of March (UTC+2 after the change)", () => {
    session("2026-03-31T22:30:00Z", "completed", 4200); // 00:30 on 1 April in Paris (UTC+2)
    session("2026-03-31T21:59:00Z", "completed", 100); // 23:59 on 31 March
    const s = earningsSummary(db, { now: new Date("2026-04-10T08:00:00Z") });
    expect(s.thisMonth).toMatchObject({ cents: 4200, count: 1 });
    expect(s.history.at(-2)).toMatchObject({ month: "2026-03", cents: 100, count: 1 });
  });

  it("totals the current Paris year from 1 January only", () => {
    session("2025-12-31T22:30:00Z", "completed", 3000); // 23:30 on 31 December 2025 in Paris
    session("2025-12-31T23:30:00Z", "completed", 6000); // 00:30 on 1 January 2026 in Paris
    session("2026-06-10T09:00:00Z", "completed", 9000);
    session("2026-11-02T09:00:00Z", "completed", 1000);
    expect(earningsSummary(db, { now: NOW }).year).toEqual({ year: 2026, cents: 16000, count: 3 });
  });

  it("lists refunded sessions but never sums them, nor cancelled or no-show ones", () => {
    session("2026-11-03T09:00:00Z", "completed", 8000);
    const refunded = session("2026-11-04T09:00:00Z", "refunded", 12000);
    session("2026-11-05T09:00:00Z", "cancelled", 5000);
    session("2026-11-06T09:00:00Z", "no_show", 5000);
    const s = earningsSummary(db, { now: NOW });
    expect(s.thisMonth).toMatchObject({ cents: 8000, count: 1 });
    expect(s.year).toMatchObject({ cents: 8000, count: 1 });
    expect(s.transactions.map((t) => [t.id, t.status])).toContainEqual([refunded, "refunded"]);
    expect(s.transactions.map((t) => t.status)).not.toContain("cancelled");
  });

  it("counts as pending only confirmed sessions from now on", () => {
    session("2026-11-15T09:00:00Z", "confirmed", 1000); // an hour ago, never completed: not pending
    session("2026-11-15T10:00:00Z", "confirmed", 2000); // now
    session("2027-01-20T10:00:00Z", "confirmed", 4000);
    session("2026-11-20T10:00:00Z", "cancelled", 8000);
    session("2026-11-21T10:00:00Z", "completed", 16000);
    expect(earningsSummary(db, { now: NOW }).pending).toEqual({ cents: 6000, count: 2 });
  });

  it("marks a confirmed session whose start has passed 'to close', so the ⏳ rows are the pending card's", () => {
    const forgotten = session("2026-11-15T09:00:00Z", "confirmed", 1000); // an hour ago
    const lastWeek = session("2026-11-08T09:00:00Z", "confirmed", 3000);
    const later = session("2026-11-15T17:00:00Z", "confirmed", 2000); // later today
    const done = session("2026-11-14T09:00:00Z", "completed", 4000);
    const s = earningsSummary(db, { now: NOW });
    const byId = new Map(s.transactions.map((t) => [t.id, t]));
    expect([forgotten, lastWeek, later, done].map((id) => byId.get(id)?.toClose)).toEqual([true, true, false, false]);
    // Every listed ⏳ (confirmed, not to close) is in the pending card, none of the others.
    const waiting = s.transactions.filter((t) => t.status === "confirmed" && !t.toClose);
    expect(waiting.map((t) => t.id)).toEqual([later]);
    expect(s.pending).toEqual({ cents: 2000, count: 1 });
  });

  it("gives 6 months oldest first, the empty ones at zero", () => {
    session("2026-07-10T09:00:00Z", "completed", 1500);
    session("2026-05-10T09:00:00Z", "completed", 99_999); // 7 months ago: outside
    const h = monthlyHistory(db, NOW);
    expect(h.map((m) => m.month)).toEqual(["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
    expect(h.map((m) => m.cents)).toEqual([0, 1500, 0, 0, 0, 0]);
    expect(monthlyHistory(db, new Date("2027-02-01T00:00:00Z")).map((m) => m.month)).toEqual(["2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02"]);
  });

  it("lists the last 10 transactions up to the end of today, newest first, numbered per client", () => {
    const other = Number(db.$client.prepare("INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES ('Jean', 'Martin', 0, 0)").run().lastInsertRowid);
    const ids = Array.from({ length: 12 }, (_, i) => session(`2026-10-${String(10 + i).padStart(2, "0")}T09:00:00Z`, "completed", 1000 + i));
    session("2026-10-25T09:00:00Z", "cancelled", 1000); // not listed, not numbered
    const today = session("2026-11-15T17:00:00Z", "confirmed", 7000, other); // later today: ⏳
    session("2026-11-16T09:00:00Z", "confirmed", 7000); // tomorrow: in the pending card only
    const s = earningsSummary(db, { now: NOW });
    expect(s.transactions).toHaveLength(10);
    expect(s.transactions[0]).toMatchObject({ id: today, status: "confirmed", number: 1, firstName: "Jean", clientId: other });
    expect(s.transactions.slice(1).map((t) => t.id)).toEqual(ids.slice(3).reverse());
    expect(s.transactions[1].number).toBe(12);
    expect(s.hasSessions).toBe(true);
  });

  it("is all zeros for a coach without sessions", () => {
    const s = earningsSummary(db, { now: NOW });
    expect(s.hasSessions).toBe(false);
    expect([s.thisMonth.cents, s.pending.count, s.year.cents, s.transactions.length]).toEqual([0, 0, 0, 0]);
    expect(s.history).toHaveLength(6);
  });
});

// Stray dates already stored (before the API bounded them) must not blow up the KPIs.
import { beforeAll, describe, expect, it } from "vitest";
import { leads, messages } from "../../db/tenant.schema";
import { setupTestDb } from "../../tests/helpers";
import { createTenantFile, withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { newTenantId } from "~/lib/tenant-id.server";
import { nightlyWindow } from "./aggregate.server";
import { loadKpiDashboard, loadKpiSeries, MAX_RANGE_DAYS } from "./dashboard.server";
import { dayKey, EARLIEST_DAY } from "./paris-days.server";
import { aggregateTenants } from "./run-aggregation.server";

// Early enough that the floor, not the ten-year cap, bounds "all".
const NOW = new Date("2020-06-01T12:00:00+02:00");
const LATER = new Date("2026-11-21T12:00:00+01:00");

function tenantWith(rows: { leadAt: Date; messageAt?: Date }[]) {
  const id = newTenantId();
  createTenantFile(id);
  return withTenantDb(id, (db) => {
    rows.forEach(({ leadAt, messageAt }, i) => {
      const { id: leadId } = db.insert(leads).values({ instagramId: `ig_${i}`, createdAt: leadAt, createdDay: dayKey(leadAt) }).returning().get();
      if (messageAt) db.insert(messages).values({ externalId: `m_${i}`, leadId, direction: "out", sentAt: messageAt, sentDay: dayKey(messageAt) }).run();
    });
    return id;
  });
}

let epoch: string; // a lead and a message dated 1970-01-01
let yearOne: string; // a lead dated 0001-01-01
let early: string; // data since 2015-03-01: more than ten years before NOW
const recent = new Date("2020-05-31T10:00:00+02:00");
const run = <T>(id: string, fn: (db: TenantDb) => T) => withTenantDb(id, fn);

beforeAll(async () => {
  setupTestDb();
  epoch = await tenantWith([{ leadAt: new Date(0), messageAt: new Date(0) }, { leadAt: recent }]);
  yearOne = await tenantWith([{ leadAt: new Date("0001-01-01T00:00:00Z") }, { leadAt: recent }]);
  early = await tenantWith([{ leadAt: new Date("2015-03-01T10:00:00+01:00") }, { leadAt: new Date("2026-11-20T10:00:00+01:00") }]);
});

describe("all-time KPIs with stray stored dates", () => {
  it("start no earlier than 2015-01-01, however old the first row", async () => {
    const page = await run(epoch, (db) => loadKpiDashboard(db, { range: "all", now: NOW }));
    expect(page.from).toBe(EARLIEST_DAY);
    expect(page.rangeDays).toBeLessThanOrEqual(MAX_RANGE_DAYS);
    expect(page.series.length).toBeLessThanOrEqual(MAX_RANGE_DAYS);
    expect(page.kpis.leadsTotal).toBe(1); // the 1970 lead is outside every range
  });

  it("answer for a lead dated year 1 instead of failing", async () => {
    const page = await run(yearOne, (db) => loadKpiDashboard(db, { range: "all", now: NOW }));
    expect(page.from).toBe(EARLIEST_DAY);
    expect(page.kpis.leadsTotal).toBe(1);
    expect((await run(yearOne, (db) => loadKpiSeries(db, { range: "all", now: NOW }))).length).toBeLessThanOrEqual(MAX_RANGE_DAYS);
  });

  it("span at most ten years", async () => {
    await aggregateTenants([early], { days: "all", now: LATER });
    const page = await run(early, (db) => loadKpiDashboard(db, { range: "all", now: LATER }));
    expect(page.rangeDays).toBe(MAX_RANGE_DAYS);
    expect(page.from).toBe("2016-11-21"); // today and the 3,652 days before
    expect(page.series).toHaveLength(MAX_RANGE_DAYS);
    expect(page.kpis.leadsTotal).toBe(1); // the 2015 lead is more than ten years old
  });
});

describe("aggregation windows with stray stored dates", () => {
  it("never reach before 2015-01-01, nightly or all-time", async () => {
    for (const id of [epoch, yearOne]) {
      const window = await run(id, (db) => nightlyWindow(db, 90, NOW));
      expect(window[0]).toBe(EARLIEST_DAY);
      const report = await aggregateTenants([id], { days: "all", now: NOW });
      expect(report.failed).toEqual([]);
      const stored = await run(id, (db) => db.$client.prepare("SELECT min(day) AS first, count(*) AS n FROM kpi_daily").get());
      expect(stored).toMatchObject({ first: EARLIEST_DAY });
      // The page's day labels (new Date(`${day}T12:00:00Z`)) threw on "1-01-01": a 500 on every visit.
      const page = await run(id, (db) => loadKpiDashboard(db, { range: "all", now: NOW }));
      expect(page.series[0].day).toBe(EARLIEST_DAY);
      expect(page.series.every((p) => /^\d{4}-\d{2}-\d{2}$/.test(p.day) && !Number.isNaN(Date.parse(`${p.day}T12:00:00Z`)))).toBe(true);
    }
  });
});

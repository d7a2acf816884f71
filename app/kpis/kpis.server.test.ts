// Every KPI against the hand-built fixture: expected values were worked out by hand
// (the comments show the arithmetic), not by running the code.
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDb } from "../../tests/helpers";
import { createTenantFile, withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { newTenantId } from "~/lib/tenant-id.server";
import { aggregateTenant } from "./aggregate.server";
import { computeDaily } from "./compute-daily.server";
import { followUpList, loadKpiDashboard } from "./dashboard.server";
import { at, buildFixture, NOW } from "./fixture.test-helpers";
import { leads } from "../../db/tenant.schema";
import { daysBetween } from "./paris-days.server";

let tenantId: string;
const run = <T>(fn: (db: TenantDb) => T) => withTenantDb(tenantId, fn);

beforeAll(async () => {
  setupTestDb();
  tenantId = newTenantId();
  createTenantFile(tenantId);
  await run((db) => {
    buildFixture(db);
    aggregateTenant(db, daysBetween("2026-09-01", "2026-11-21"), NOW); // every past day, today excluded
  });
});

describe("daily rows (Europe/Paris days)", () => {
  it("puts a lead created at 00:30 in Paris (23:30 UTC the day before) on the Paris day", async () => {
    const rows = await run((db) => computeDaily(db.$client, ["2026-11-19", "2026-11-20"]));
    expect(rows.map((r) => [r.day, r.leadsCreated])).toEqual([
      ["2026-11-19", 2], // L1, L6
      ["2026-11-20", 3], // L2 (00:30 Paris), L3, L4
    ]);
  });

  it("computes 19 Nov by hand", async () => {
    const rows = await run((db) => computeDaily(db.$client, ["2026-11-19"]));
    expect(rows[0]).toMatchObject({
      leadsQualified: 2, callsProposed: 2, callsBooked: 2, leadsWon: 1, leadsLost: 0, leadsFollowUp: 0, leadsNew: 0,
      messagesOut: 3, messagesIn: 3, // L1: 2 out 2 in, L6: 1 out 1 in
      msg1Sent: 2, msg1Replied: 2, msg2Sent: 1, msg2Replied: 1, msg3Sent: 0,
      genderFemale: 2, genderMale: 0, ageSum: 65, ageCount: 2,
      revenueCents: 150_000, timeToActionSum: 180, timeToActionCount: 2,
      discussionMinutesSum: 65, discussionCount: 2, // L1 10:05→11:00 = 55, L6 11:05→11:15 = 10
    });
    expect(rows[0].sources).toEqual({ story: 1, post: 1 });
    expect(rows[0].jobTitles).toEqual({ Infirmière: 2 });
    expect(rows[0].lostReasons).toEqual({});
    expect(rows[0].bookingSlots).toEqual({ "4-18": 1 }); // Thursday 18:30 in Paris
  });

  it("counts leads without age or gender in the totals but not in the averages", async () => {
    const rows = await run((db) => computeDaily(db.$client, ["2026-11-20"]));
    expect(rows[0]).toMatchObject({
      leadsCreated: 3, genderMale: 1, genderOther: 1, genderFemale: 0, ageSum: 65, ageCount: 2, // L3 has neither
      messagesOut: 4, messagesIn: 2, msg1Sent: 2, msg1Replied: 1, msg2Sent: 2, msg2Replied: 1,
      discussionMinutesSum: 560, discussionCount: 2, // L2 01:00→09:30 = 510, L3 15:10→16:00 = 50
      leadsLost: 1, leadsFollowUp: 1, leadsQualified: 1,
      sources: { post: 1, story: 2 },
      jobTitles: { Infirmière: 1, "Coach sportif": 1 }, // L4 has none
      lostReasons: { "Prix trop élevé": 1 },
    });
  });

  it("writes one row per day, zeros included, and rewriting gives identical rows", async () => {
    const dump = (db: TenantDb) => db.$client.prepare("SELECT * FROM kpi_daily ORDER BY day").all();
    const before = await run(dump);
    expect(before).toHaveLength(daysBetween("2026-09-01", "2026-11-21").length);
    await run((db) => aggregateTenant(db, daysBetween("2026-09-01", "2026-11-21"), new Date()));
    expect(await run(dump)).toEqual(before);
  });
});

describe("the 35 KPIs over 7 days (stored days + today live)", () => {
  it("matches the hand-worked values", async () => {
    const { kpis: k, rangeDays } = await run((db) => loadKpiDashboard(db, { range: "7", now: NOW }));
    expect(rangeDays).toBe(7);
    // 1. Activity: 6 leads in range (2 + 3 + today's 1; L7 is older), 8 out, 5 in
    expect(k.messagesSent).toBe(8);
    expect(k.leadsTotal).toBe(6);
    expect(k.leadsToday).toBe(1);
    expect(k.avgMessagesPerLead).toBe(2.2); // 13 / 6 = 2.17
    expect(k.topSources).toEqual([
      { key: "story", count: 3, pct: 50 },
      { key: "post", count: 2, pct: 33.3 },
      { key: "keyword", count: 1, pct: 16.7 },
    ]);
    expect(k.avgDiscussionMinutes).toBe(156); // (65 + 560) / 4 = 156.25
    // 2. Response rates: msg1 3/5, msg2 2/3, msg3-4 never sent
    expect(k.responseRate1).toEqual({ value: 60, sent: 5, replied: 3, badge: "excellent" });
    expect(k.responseRate2).toEqual({ value: 66.7, sent: 3, replied: 2, badge: "excellent" });
    expect(k.responseRate3).toEqual({ value: null, sent: 0, replied: 0, badge: null });
    expect(k.responseRate4.value).toBeNull();
    // 3. Conversion: qualified L1, L6, L4 = 3; proposed and booked L1, L6 = 2; won 1
    expect(k.qualified).toEqual({ count: 3, rate: 50 });
    expect(k.leadMagnetsEstimate).toBe(2); // 3 × 75 % = 2.25
    expect(k.emailsCapturedEstimate).toBe(2); // 3 × 60 % = 1.8
    expect(k.callsProposed).toEqual({ count: 2, rate: 33.3 });
    expect(k.callsBooked).toEqual({ count: 2, rate: 33.3 });
    expect(k.callConversionRate).toBe(50); // 1 won / 2 booked
    expect(k.noShowEstimate).toEqual({ count: 0, rate: 17 }); // 2 × 17 % = 0.34
    // 4. Demography: known genders 2 M (L2, L5), 2 F (L1, L6), 1 other (L4)
    expect([k.malePct, k.femalePct, k.otherPct]).toEqual([40, 40, 20]);
    expect(k.avgAge).toBe(32.5); // (30 + 35 + 40 + 25) / 4
    expect(k.topProfessions).toEqual([
      { key: "Infirmière", count: 3, pct: 50 },
      { key: "Coach sportif", count: 1, pct: 16.7 },
    ]);
    // 5. Pipeline
    expect(k.leadsNew).toBe(1);
    expect(k.leadsWon).toBe(1);
    expect(k.leadsLost).toEqual({ count: 1, rate: 16.7 });
    expect(k.leadsFollowUp).toEqual({ count: 1, rate: 16.7 });
    expect(k.followUps).toEqual([
      { id: 7, name: "@lead7", status: "follow_up", daysWithoutContact: 11, priority: "high" }, // since 10 Nov 10:00
      { id: 3, name: "@lead3", status: "follow_up", daysWithoutContact: 0, priority: "low" }, // since yesterday 16:00
    ]);
    expect(k.topLostReasons).toEqual([{ key: "Prix trop élevé", count: 1, pct: 100 }]);
    // 6. Performance: cost = 300 € × 7/30 = 70 €
    expect(k.costCents).toBe(7_000);
    expect(k.revenueCents).toBe(150_000);
    expect(k.roiPct).toBe(2043); // (1500 − 70) / 70 = 20.43
    expect(k.acquisitionCostCents).toBe(7_000); // 70 € / 1 won
    expect(k.aiEfficiencyEstimate).toBe(94);
    expect(k.timeSavedHoursEstimate).toBe(11); // 47 × 7/30 = 10.97
    expect(k.bestMoment).toMatchObject({ weekday: 4, hour: 18 }); // Thursday, 18 h
    expect(k.dealsClosed).toEqual({ count: 1, avgDealCents: 150_000 });
  });

  it("counts yesterday live after midnight, before the nightly job has stored it", async () => {
    const justAfterMidnight = at("2026-11-22T01:00:00"); // the job last stored 20 Nov
    const data = await run((db) => loadKpiDashboard(db, { range: "7", now: justAfterMidnight }));
    expect(data.kpis.leadsTotal).toBe(6); // 16–22 Nov: L1, L6, L2, L3, L4 stored + L5 (21 Nov) live
    expect(data.series.map((p) => p.day).slice(-2)).toEqual(["2026-11-21", "2026-11-22"]);
    expect(data.kpis.leadsToday).toBe(0);
  });

  it("all time starts at the first lead, not at the first stored (empty) day", async () => {
    const { kpis: k, rangeDays } = await run((db) => loadKpiDashboard(db, { range: "all", now: NOW }));
    expect(rangeDays).toBe(52); // 1 Oct → 21 Nov; stored rows go back to 1 Sep
    expect(k.costCents).toBe(52_000); // 300 € × 52/30
    expect(k.leadsTotal).toBe(7);
    expect(k.leadsFollowUp.count).toBe(2);
    expect(k.avgAge).toBe(36); // (130 + 50) / 5
  });
});

describe("the follow-up list", () => {
  it("puts the stalest first, whether or not the lead was ever contacted", async () => {
    const id = newTenantId();
    createTenantFile(id);
    const list = await withTenantDb(id, (db) => {
      const lead = (n: number, createdAt: string, lastContactAt: string | null) =>
        db.insert(leads).values({ id: n, instagramId: `ig_${n}`, username: `f${n}`, status: "follow_up", createdAt: at(createdAt), createdDay: createdAt.slice(0, 10), lastContactAt: lastContactAt ? at(lastContactAt) : null }).run();
      lead(1, "2026-11-20T10:00:00", null); // pushed yesterday, never contacted: 1 day
      lead(2, "2026-10-01T10:00:00", "2026-11-05T10:00:00"); // 16 days without contact
      lead(3, "2026-11-01T10:00:00", "2026-11-17T10:00:00"); // 4 days
      return followUpList(db, NOW);
    });
    expect(list.map((f) => [f.id, f.daysWithoutContact, f.priority])).toEqual([
      [2, 16, "high"],
      [3, 4, "medium"],
      [1, 1, "low"],
    ]);
  });
});

describe("an empty tenant", () => {
  it("divides by nothing without crashing: no rate, no average, no badge", async () => {
    const empty = newTenantId();
    createTenantFile(empty);
    const data = await withTenantDb(empty, (db) => loadKpiDashboard(db, { range: "30", now: NOW }));
    const k = data.kpis;
    expect(data.empty).toBe(true);
    expect([k.leadsTotal, k.messagesSent, k.leadsToday, k.revenueCents]).toEqual([0, 0, 0, 0]);
    expect([k.avgMessagesPerLead, k.avgDiscussionMinutes, k.avgAge, k.malePct, k.callConversionRate, k.acquisitionCostCents]).toEqual([
      null, null, null, null, null, null,
    ]);
    expect(k.responseRate1).toEqual({ value: null, sent: 0, replied: 0, badge: null });
    expect(k.qualified.rate).toBeNull();
    expect(k.bestMoment).toBeNull();
    expect(k.roiPct).toBe(-100); // a cost and no revenue yet
    expect(data.series).toHaveLength(1); // today only
  });
});

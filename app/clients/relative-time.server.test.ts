import { describe, expect, it } from "vitest";
import { calendarDaysAgo, relativePast } from "./relative-time.server";

const paris = (iso: string) => Date.parse(iso); // ISO strings with an explicit offset

describe("relativePast", () => {
  const now = paris("2026-03-20T10:00:00+01:00");
  it.each([
    ["2026-03-20T00:30:00+01:00", "aujourd'hui"],
    ["2026-03-19T23:30:00+01:00", "hier"],
    ["2026-03-18T11:00:00+01:00", "il y a 2 jours"],
    ["2026-03-17T09:00:00+01:00", "il y a 3 jours"],
    ["2026-03-07T10:00:00+01:00", "il y a 13 jours"],
    ["2026-03-06T10:00:00+01:00", "il y a 2 semaines"],
    ["2026-02-27T10:00:00+01:00", "il y a 3 semaines"],
    ["2026-01-20T10:00:00+01:00", "il y a 8 semaines"],
    ["2026-01-19T10:00:00+01:00", "il y a 2 mois"],
    ["2025-03-20T10:00:00+01:00", "il y a 1 an"],
    ["2023-03-01T10:00:00+01:00", "il y a 3 ans"],
  ])("%s → %s", (at, label) => {
    expect(relativePast(paris(at), now)).toBe(label);
  });

  it("counts Paris calendar days, not 24 h blocks, across the DST change", () => {
    // 29 March 2026: clocks go forward; Saturday 23:30 to Monday 00:30 is 2 calendar days.
    expect(calendarDaysAgo(paris("2026-03-28T23:30:00+01:00"), paris("2026-03-30T00:30:00+02:00"))).toBe(2);
    // 1 h elapsed but across Paris midnight (UTC 23:00): yesterday.
    expect(relativePast(paris("2026-03-19T23:30:00+01:00"), paris("2026-03-20T00:30:00+01:00"))).toBe("hier");
  });
});

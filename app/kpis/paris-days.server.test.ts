import { describe, expect, it } from "vitest";
import { addDays, dayKey, daysBetween } from "./paris-days.server";

describe("Paris day keys", () => {
  it("are YYYY-MM-DD with a zero-padded year, whatever the stored timestamp", () => {
    // A year-1 timestamp once gave "1-01-01", a key that sorts after every real day.
    expect(dayKey(new Date("0001-01-01T12:00:00Z"))).toBe("0001-01-01");
    expect(dayKey(new Date("0999-06-30T12:00:00Z"))).toBe("0999-06-30");
    expect(dayKey(new Date("2024-05-01T22:30:00Z"))).toBe("2024-05-02"); // 00:30 in Paris
  });

  it("adds days without mapping years below 100 to the 1900s", () => {
    expect(addDays("0001-01-01", 1)).toBe("0001-01-02");
    expect(addDays("0099-12-31", 1)).toBe("0100-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(daysBetween("0050-01-30", "0050-02-02")).toEqual(["0050-01-30", "0050-01-31", "0050-02-01"]);
  });
});

describe("Paris months", () => {
  it("starts a month at Paris midnight, in winter and in summer time", async () => {
    const { monthStart, monthKey, addMonths } = await import("./paris-days.server");
    expect(new Date(monthStart("2026-11")).toISOString()).toBe("2026-10-31T23:00:00.000Z");
    expect(new Date(monthStart("2026-07")).toISOString()).toBe("2026-06-30T22:00:00.000Z");
    expect(monthKey(Date.parse("2026-10-31T23:30:00Z"))).toBe("2026-11");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-11", 2)).toBe("2027-01");
  });
});

import { describe, expect, it } from "vitest";
import { isCalendarDay } from "./calendar-day";

describe("isCalendarDay", () => {
  it("accepts real days, leap days included", () => {
    expect(isCalendarDay("2026-12-31")).toBe(true);
    expect(isCalendarDay("2028-02-29")).toBe(true);
  });
  it("refuses days that do not exist and other shapes", () => {
    for (const v of ["2026-02-30", "2026-13-45", "2027-02-29", "2026-1-5", "31/12/2026", ""]) expect(isCalendarDay(v), v).toBe(false);
  });
});

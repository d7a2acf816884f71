import { describe, expect, it } from "vitest";
import { parisToUtc, shortParis, utcToParis } from "./paris-time";

const iso = (day: string, time: string) => {
  const r = parisToUtc(day, time);
  return r.ok ? r.date.toISOString() : r.reason;
};

describe("parisToUtc", () => {
  it("reads winter and summer times with their own offset", () => {
    expect(iso("2026-01-15", "14:00")).toBe("2026-01-15T13:00:00.000Z");
    expect(iso("2026-07-01", "14:00")).toBe("2026-07-01T12:00:00.000Z");
  });

  it("refuses the hour skipped on the last Sunday of March", () => {
    expect(iso("2026-03-29", "02:00")).toBe("gap");
    expect(iso("2026-03-29", "02:30")).toBe("gap");
    expect(iso("2026-03-29", "02:59")).toBe("gap");
    expect(iso("2026-03-29", "01:59")).toBe("2026-03-29T00:59:00.000Z");
    expect(iso("2026-03-29", "03:00")).toBe("2026-03-29T01:00:00.000Z");
  });

  it("takes the first of the two 02:30 on the last Sunday of October", () => {
    expect(iso("2026-10-25", "02:30")).toBe("2026-10-25T00:30:00.000Z");
    expect(iso("2026-10-25", "01:30")).toBe("2026-10-24T23:30:00.000Z");
    expect(iso("2026-10-25", "03:00")).toBe("2026-10-25T02:00:00.000Z");
  });

  it("refuses malformed and impossible dates", () => {
    for (const [d, t] of [["2026-02-30", "10:00"], ["2026-13-01", "10:00"], ["2026-1-1", "10:00"], ["2026-01-01", "24:00"], ["2026-01-01", "9h"], ["", ""]]) {
      expect(iso(d, t)).toBe("invalid");
    }
  });
});

describe("utcToParis", () => {
  it("gives the form's date and time back, across both changes", () => {
    expect(utcToParis(new Date("2026-03-29T01:00:00Z"))).toEqual({ date: "2026-03-29", time: "03:00" });
    expect(utcToParis(new Date("2026-10-25T00:30:00Z"))).toEqual({ date: "2026-10-25", time: "02:30" });
    expect(utcToParis(new Date("2026-10-25T01:30:00Z"))).toEqual({ date: "2026-10-25", time: "02:30" });
    expect(utcToParis(new Date("2026-12-31T23:30:00Z"))).toEqual({ date: "2027-01-01", time: "00:30" });
  });

  it("round-trips every hour of a year", () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000) {
      const { date, time } = utcToParis(t);
      const back = parisToUtc(date, time);
      expect(back.ok).toBe(true);
      // In October's repeated hour both instants read the same; the first one comes back.
      if (back.ok && back.date.getTime() !== t) expect(t - back.date.getTime()).toBe(3_600_000);
    }
  });

  it("names a session the way errors do", () => {
    expect(shortParis(new Date("2026-11-12T13:00:00Z"))).toBe("12 nov. à 14:00");
  });
});

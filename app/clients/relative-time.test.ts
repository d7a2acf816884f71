import { describe, expect, it } from "vitest";
import { timeAgo } from "~/crm/lead-status";
import { healthReason } from "./health";
import { relativePast } from "./relative-time";

const at = (iso: string) => Date.parse(iso); // ISO strings with an explicit offset

describe("relativePast", () => {
  const now = at("2026-03-20T10:00:00+01:00");
  it.each([
    ["2026-03-20T09:00:00+01:00", "aujourd'hui"],
    ["2026-03-19T10:30:00+01:00", "aujourd'hui"], // 23 h 30 ago
    ["2026-03-19T10:00:00+01:00", "hier"],
    ["2026-03-18T11:00:00+01:00", "hier"],
    ["2026-03-18T10:00:00+01:00", "il y a 2 jours"],
    ["2026-03-17T09:00:00+01:00", "il y a 3 jours"],
    ["2026-03-07T10:00:00+01:00", "il y a 13 jours"],
    ["2026-03-06T10:00:00+01:00", "il y a 2 semaines"],
    ["2026-02-27T10:00:00+01:00", "il y a 3 semaines"],
    ["2026-01-20T10:00:00+01:00", "il y a 8 semaines"],
    ["2026-01-19T10:00:00+01:00", "il y a 2 mois"],
    ["2025-03-20T10:00:00+01:00", "il y a 1 an"],
    ["2023-03-01T10:00:00+01:00", "il y a 3 ans"],
  ])("%s → %s", (when, label) => {
    expect(relativePast(at(when), now)).toBe(label);
  });

  it("agrees with the badge's reason on the number of days", () => {
    const last = at("2026-03-15T16:00:00+01:00"); // 4 days 18 h ago
    expect(relativePast(last, now)).toBe("il y a 4 jours");
    expect(healthReason({ doneCount: 1, lastDoneAt: last, nextPlannedAt: null }, now)).toBe("dernière séance il y a 4 jours, aucune séance prévue");
  });

  it("differs from the CRM's timeAgo on purpose: whole elapsed days, not the nearest unit", () => {
    const last = at("2026-03-15T16:00:00+01:00"); // 4 days 18 h ago
    expect(relativePast(last, now)).toBe("il y a 4 jours");
    expect(timeAgo(last, now)).toBe("il y a 5 jours"); // rounded: right for a lead, wrong next to the badge
    expect(relativePast(at("2026-03-20T07:00:00+01:00"), now)).toBe("aujourd'hui");
    expect(timeAgo(at("2026-03-20T07:00:00+01:00"), now)).toBe("il y a 3 heures");
  });
});

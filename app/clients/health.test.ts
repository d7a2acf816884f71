import { describe, expect, it } from "vitest";
import { clientHealth, healthReason } from "./health";

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 22, 12);

describe("clientHealth (seeds/002 rules)", () => {
  it("is new with zero sessions done, even with one planned", () => {
    expect(clientHealth({ doneCount: 0, lastDoneAt: null, nextPlannedAt: now + DAY }, now)).toBe("new");
    expect(clientHealth({ doneCount: 0, lastDoneAt: null, nextPlannedAt: null }, now)).toBe("new");
  });

  it("is active at exactly 14 days without a planned session, to review just after", () => {
    expect(clientHealth({ doneCount: 3, lastDoneAt: now - 14 * DAY, nextPlannedAt: null }, now)).toBe("active");
    expect(clientHealth({ doneCount: 3, lastDoneAt: now - 14 * DAY - 1, nextPlannedAt: null }, now)).toBe("review");
  });

  it("stays active after 14 days when a session is planned", () => {
    expect(clientHealth({ doneCount: 3, lastDoneAt: now - 30 * DAY, nextPlannedAt: now + DAY }, now)).toBe("active");
  });

  it("is inactive after more than 60 days, planned session or not; not at exactly 60", () => {
    expect(clientHealth({ doneCount: 3, lastDoneAt: now - 60 * DAY, nextPlannedAt: null }, now)).toBe("review");
    expect(clientHealth({ doneCount: 3, lastDoneAt: now - 60 * DAY - 1, nextPlannedAt: null }, now)).toBe("inactive");
    expect(clientHealth({ doneCount: 3, lastDoneAt: now - 61 * DAY, nextPlannedAt: now + DAY }, now)).toBe("inactive");
  });

  it("says why in words", () => {
    expect(healthReason({ doneCount: 2, lastDoneAt: now - 23 * DAY, nextPlannedAt: null }, now)).toBe(
      "dernière séance il y a 23 jours, aucune séance prévue",
    );
    expect(healthReason({ doneCount: 0, lastDoneAt: null, nextPlannedAt: now + DAY }, now)).toBe("aucune séance réalisée, une séance prévue");
  });
});

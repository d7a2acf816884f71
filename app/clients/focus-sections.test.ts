import { describe, expect, it } from "vitest";
import { formatMonthEuros, sessionsSentence } from "./focus-sections";

const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, " ");

describe("Focus wording", () => {
  it("says séance or séances", () => {
    expect(sessionsSentence(1)).toBe("Vous avez 1 séance prévue dans les prochaines 48 h");
    expect(sessionsSentence(3)).toBe("Vous avez 3 séances prévues dans les prochaines 48 h");
    expect(sessionsSentence(3, 1)).toBe("Vous avez 3 séances prévues dans les prochaines 48 h (dont 1 en cours)");
  });

  it("shows whole euros as in the seed, cents when there are some", () => {
    expect(plain(formatMonthEuros(124_000))).toBe("1 240 €");
    expect(plain(formatMonthEuros(124_050))).toBe("1 240,50 €");
    expect(plain(formatMonthEuros(0))).toBe("0 €");
  });
});

import { describe, expect, it } from "vitest";
import { BillingError } from "./billing-error";
import { computeTotals, lineCapError, lineTotalHt, MAX_QUANTITY, MAX_UNIT_PRICE_CENTS, parseEuros, parseQuantity, roundHalfAway } from "./money";

describe("invoice arithmetic", () => {
  it("rounds each line half away from zero", () => {
    expect(lineTotalHt({ quantity: 150, unitPriceCents: 3333 })).toBe(5000); // 4999.5 → 5000
    expect(lineTotalHt({ quantity: 33, unitPriceCents: 1 })).toBe(0); // 0.33
    expect(lineTotalHt({ quantity: 50, unitPriceCents: 1 })).toBe(1); // 0.5 → 1
    expect(roundHalfAway(-0.5)).toBe(-1);
  });

  it("computes VAT once per rate on the sum of the rounded lines", () => {
    // Three lines of 0,05 € at 20 %: per-line VAT would round to 0,01 × 3 = 0,03; per rate it is 0,03 too,
    // but 3 × 0,07 € at 5,5 % is 0,0115 → 0,01 per rate, while per line it would be 3 × 0,00 = 0.
    const t = computeTotals(
      [
        { quantity: 100, unitPriceCents: 7, vatRateBps: 550 },
        { quantity: 100, unitPriceCents: 7, vatRateBps: 550 },
        { quantity: 100, unitPriceCents: 7, vatRateBps: 550 },
        { quantity: 250, unitPriceCents: 8000, vatRateBps: 2000 },
      ],
      "standard",
    );
    expect(t.vat).toEqual([
      { rateBps: 2000, baseCents: 20000, vatCents: 4000 },
      { rateBps: 550, baseCents: 21, vatCents: 1 },
    ]);
    expect([t.totalHtCents, t.totalVatCents, t.totalTtcCents]).toEqual([20021, 4001, 24022]);
  });

  it("puts every line at 0 % under the franchise", () => {
    const t = computeTotals([{ quantity: 100, unitPriceCents: 12000, vatRateBps: 2000 }], "franchise");
    expect(t.vat).toEqual([{ rateBps: 0, baseCents: 12000, vatCents: 0 }]);
    expect(t.totalTtcCents).toBe(12000);
  });

  it("parses French amounts and quantities", () => {
    expect(parseEuros("1 234,56 €")).toBe(123456);
    expect(parseEuros("80")).toBe(8000);
    expect(parseEuros("12,345")).toBeNull();
    expect(parseQuantity("1,5")).toBe(150);
    expect(parseQuantity("0")).toBeNull();
    expect(parseQuantity("abc")).toBeNull();
  });

  it("refuses totals beyond safe integers rather than losing cents", () => {
    const huge = { quantity: 99_999_999, unitPriceCents: 99_999_999_999, vatRateBps: 2000 };
    expect(() => computeTotals([huge], "standard")).toThrow(BillingError);
    expect(() => computeTotals([huge], "standard")).toThrow("Montants trop élevés");
    expect(computeTotals([{ quantity: MAX_QUANTITY, unitPriceCents: MAX_UNIT_PRICE_CENTS, vatRateBps: 2000 }], "standard").totalTtcCents).toBe(1_200_000_000_000);
  });

  it("names the line caps: 1 000 000 € a unit, 10 000 units", () => {
    expect(lineCapError({ quantity: 100, unitPriceCents: 100_000_000 })).toBeNull();
    expect(lineCapError({ quantity: 100, unitPriceCents: 100_000_001 })).toBe("Le prix unitaire est limité à 1 000 000 €.");
    expect(lineCapError({ quantity: 100, unitPriceCents: -100_000_001 })).toBe("Le prix unitaire est limité à 1 000 000 €.");
    expect(lineCapError({ quantity: 1_000_001, unitPriceCents: 100 })).toBe("La quantité est limitée à 10 000.");
  });
});

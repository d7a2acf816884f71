// Invoice arithmetic, shared by server and client (no server-only imports).
//
// Rounding rule (docs/decisions/0009-billing.md), the one EN 16931 validators check:
//   1. each line: total HT = quantity × unit price HT, rounded half away from zero to the cent;
//   2. per VAT rate: base = sum of the line totals at that rate (no rounding: cents add up);
//      VAT = base × rate, rounded half away from zero to the cent, once per rate;
//   3. totals: HT = sum of bases, TVA = sum of the per-rate VAT, TTC = HT + TVA.
// Quantities are hundredths (150 = 1,5) and rates basis points (2000 = 20 %), so every step but
// the two roundings is integer arithmetic.

import { BillingError } from "./billing-error";

export type VatRegime = "franchise" | "standard";

/** Caps of a line: 1 000 000 € HT a unit, 10 000 units (hundredths): a typo, not a coaching fee. */
export const MAX_UNIT_PRICE_CENTS = 100_000_000;
export const MAX_QUANTITY = 1_000_000;
export const UNIT_PRICE_TOO_HIGH = "Le prix unitaire est limité à 1 000 000 €.";
export const QUANTITY_TOO_HIGH = "La quantité est limitée à 10 000.";

/** The French refusal of a line's quantity or unit price beyond the caps (null when within). */
export function lineCapError(line: { quantity: number; unitPriceCents: number }): string | null {
  if (Math.abs(line.unitPriceCents) > MAX_UNIT_PRICE_CENTS) return UNIT_PRICE_TOO_HIGH;
  if (line.quantity > MAX_QUANTITY) return QUANTITY_TOO_HIGH;
  return null;
}

export type LineInput = { quantity: number; unitPriceCents: number; vatRateBps: number };
export type VatBreakdown = { rateBps: number; baseCents: number; vatCents: number };
export type Totals = {
  lineTotalsHt: number[];
  vat: VatBreakdown[];
  totalHtCents: number;
  totalVatCents: number;
  totalTtcCents: number;
};

/** Half away from zero: a.5 cent goes up for a charge and down for a negative line alike. */
export function roundHalfAway(value: number) {
  return Math.sign(value) * Math.round(Math.abs(value));
}

export function lineTotalHt({ quantity, unitPriceCents }: Pick<LineInput, "quantity" | "unitPriceCents">) {
  return roundHalfAway((quantity * unitPriceCents) / 100);
}

/** Under the franchise (art. 293 B du CGI) every line is at 0 % whatever it says. */
export function effectiveRate(regime: VatRegime, rateBps: number) {
  return regime === "franchise" ? 0 : rateBps;
}

export function computeTotals(lines: LineInput[], regime: VatRegime): Totals {
  const lineTotalsHt = lines.map(lineTotalHt);
  const bases = new Map<number, number>();
  lines.forEach((line, i) => {
    const rate = effectiveRate(regime, line.vatRateBps);
    bases.set(rate, (bases.get(rate) ?? 0) + lineTotalsHt[i]);
  });
  const vat = [...bases.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rateBps, baseCents]) => ({ rateBps, baseCents, vatCents: roundHalfAway((baseCents * rateBps) / 10000) }));
  const totalHtCents = vat.reduce((s, v) => s + v.baseCents, 0);
  const totalVatCents = vat.reduce((s, v) => s + v.vatCents, 0);
  // Beyond 2^53 cents the sums above silently lose cents: refuse rather than store a wrong total.
  if (![...lineTotalsHt, totalHtCents, totalVatCents, totalHtCents + totalVatCents].every(Number.isSafeInteger)) {
    throw new BillingError("Montants trop élevés : vérifiez les quantités et les prix.");
  }
  return { lineTotalsHt, vat, totalHtCents, totalVatCents, totalTtcCents: totalHtCents + totalVatCents };
}

/** "20 %", "5,5 %" */
export function formatRate(rateBps: number) {
  return `${(rateBps / 100).toLocaleString("fr-FR", { maximumFractionDigits: 2 })} %`;
}

/** 150 → "1,5" */
export function formatQuantity(quantity: number) {
  return (quantity / 100).toLocaleString("fr-FR", { maximumFractionDigits: 2 });
}

/** "1,5" / "1.5" / "2" → 150 / 150 / 200; null when not a positive number with at most 2 decimals. */
export function parseQuantity(text: string): number | null {
  const m = /^\s*(\d{1,6})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const value = Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
  return value > 0 ? value : null;
}

/** "1 234,56 €" / "1234.5" / "80" → cents; null when not an amount with at most 2 decimals. */
export function parseEuros(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, "");
  const m = /^(-?)(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(cleaned);
  if (!m) return null;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? "0").padEnd(2, "0"));
  return m[1] ? -cents : cents;
}

/** The VAT mention under the totals when the coach is VAT-exempt. */
export const FRANCHISE_MENTION = "TVA non applicable, art. 293 B du CGI";
/** Mandatory on B2B invoices only (art. L441-10 and D441-5 du code de commerce). */
export const RECOVERY_INDEMNITY_MENTION = "Indemnité forfaitaire pour frais de recouvrement : 40 €";

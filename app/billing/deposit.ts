// A quote's payment schedule, one computation for the quote page, the quote PDF and the invoices,
// so the amounts the client agrees to are the amounts invoiced. The deposit invoice has one line
// per VAT rate of the quote, HT = the rate's base × d % rounded half away from zero; the balance
// invoice has the quote's lines minus those. Each totals as computeTotals does (VAT rounded once
// per rate), so the deposit may differ by a cent from d % of the quote's TTC, and deposit + balance
// from the quote's TTC.
import { computeTotals, roundHalfAway, type LineInput, type VatRegime } from "./money";

/** The deposit invoice's lines (amounts and rates; the caller words them). */
export function depositLines(lines: LineInput[], regime: VatRegime, percent: number): LineInput[] {
  return computeTotals(lines, regime).vat.map((v) => ({ quantity: 100, unitPriceCents: roundHalfAway((v.baseCents * percent) / 100), vatRateBps: v.rateBps }));
}

/** The TTC of the deposit invoice and of the balance invoice (no deposit: 0 and the quote's TTC). */
export function paymentSchedule(lines: LineInput[], regime: VatRegime, percent: number): { depositCents: number; balanceCents: number } {
  if (percent === 0) return { depositCents: 0, balanceCents: computeTotals(lines, regime).totalTtcCents };
  const deposit = depositLines(lines, regime, percent);
  const deducted = deposit.map((l) => ({ ...l, unitPriceCents: -l.unitPriceCents }));
  return { depositCents: computeTotals(deposit, regime).totalTtcCents, balanceCents: computeTotals([...lines, ...deducted], regime).totalTtcCents };
}

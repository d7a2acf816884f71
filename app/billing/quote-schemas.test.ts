import { describe, expect, it } from "vitest";
import { QuoteFormSchema } from "./quote-schemas";

const form = (over: Record<string, string> = {}) => ({
  title: "",
  validUntil: "2026-12-31",
  depositPercent: "0",
  depositDueDate: "",
  balanceDueDate: "",
  notes: "",
  lines: [{ kind: "free", description: "Séance", quantity: "1", price: "90", sessionCount: "", vatRate: "0" }],
  ...over,
});

describe("QuoteFormSchema dates", () => {
  it("accepts a real day", () => {
    expect(QuoteFormSchema.safeParse(form()).success).toBe(true);
  });
  it("refuses days that do not exist (they would reach invoices and Factur-X as they are)", () => {
    for (const field of ["validUntil", "depositDueDate", "balanceDueDate"]) {
      const result = QuoteFormSchema.safeParse(form({ [field]: "2026-02-30" }));
      expect(result.success, field).toBe(false);
      if (!result.success) expect(result.error.issues.map((i) => i.path.join("."))).toContain(field);
    }
  });
});

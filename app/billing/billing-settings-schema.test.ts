import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { VAT_RATES_BPS, VAT_REGIMES } from "../../db/tenant.schema";
import { billingSettingsColumns, billingSettingsDefaults, BillingSettingsSchema, formatBpsAsPercent, parsePercentToBps, VAT_RATE_OPTIONS_BPS, VAT_REGIME_OPTIONS } from "./billing-settings-schema";

const VALID = {
  tradeName: "Marie Coaching",
  legalName: "Marie Dupont EI",
  address: "12 rue de la Paix",
  postalCode: "75002",
  city: "Paris",
  country: "fr",
  siren: "552 032 534",
  siret: "552 032 534 00646",
  vatNumber: "fr 27 552032534",
  vatRegime: "standard",
  defaultVatRateBps: "550",
  paymentTermsDays: "30",
  penaltyRate: "12,5",
  iban: "fr14 2004 1010 0505 0001 3m02 606",
  bic: "psstfrpppar",
  legalMentions: "Membre d'une association agréée.",
  termsOfSale: "Paiement à 30 jours.",
  reminder1Days: "1",
  reminder2Days: "15",
  reminder3Days: "30",
};

function parse(overrides: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...VALID, ...overrides })) form.set(k, v);
  return parseWithZod(form, { schema: BillingSettingsSchema });
}
const errorsOf = (overrides: Record<string, string>) => {
  const s = parse(overrides);
  return s.status === "error" ? s.error : null;
};

describe("BillingSettingsSchema", () => {
  it("stays in step with the database's regimes and rates", () => {
    expect([...VAT_REGIME_OPTIONS]).toEqual([...VAT_REGIMES]);
    expect([...VAT_RATE_OPTIONS_BPS]).toEqual([...VAT_RATES_BPS]);
  });

  it("normalises what the coach typed into the stored columns", () => {
    const s = parse();
    expect(s.status).toBe("success");
    if (s.status !== "success") return;
    expect(billingSettingsColumns(s.value)).toEqual({
      tradeName: "Marie Coaching",
      legalName: "Marie Dupont EI",
      address: "12 rue de la Paix",
      postalCode: "75002",
      city: "Paris",
      country: "FR",
      siren: "552032534",
      siret: "55203253400646",
      vatNumber: "FR27552032534",
      vatRegime: "standard",
      defaultVatRateBps: 550,
      paymentTermsDays: 30,
      penaltyRateBps: 1250,
      iban: "FR1420041010050500013M02606",
      bic: "PSSTFRPPPAR",
      legalMentions: "Membre d'une association agréée.",
      termsOfSale: "Paiement à 30 jours.",
      reminder1Days: 1,
      reminder2Days: 15,
      reminder3Days: 30,
    });
  });

  it("round-trips the stored row to the form's values", () => {
    const s = parse();
    if (s.status !== "success") throw new Error("should parse");
    const values = billingSettingsDefaults(billingSettingsColumns(s.value));
    expect(values).toMatchObject({ penaltyRate: "12,5", iban: "FR14 2004 1010 0505 0001 3M02 606", defaultVatRateBps: "550", reminder2Days: "15" });
    const again = parse(values as Record<string, string>);
    expect(again.status).toBe("success");
  });

  it("accepts a VAT-exempt coach without VAT number, with reminders off", () => {
    const s = parse({ vatRegime: "franchise", vatNumber: "", reminder1Days: "", reminder2Days: "", reminder3Days: "7", siren: "", siret: "", iban: "", bic: "" });
    expect(s.status).toBe("success");
    if (s.status === "success") expect(billingSettingsColumns(s.value)).toMatchObject({ vatNumber: null, reminder1Days: null, reminder2Days: null, reminder3Days: 7, iban: null });
  });

  it.each([
    ["siren", { siren: "552032535" }, /SIREN invalide/],
    ["siret", { siret: "55203253400647" }, /SIRET invalide/],
    ["vatNumber", { vatNumber: "FR28552032534" }, /TVA invalide/],
    ["iban", { iban: "FR15 2004 1010 0505 0001 3M02 606" }, /IBAN invalide/],
    ["bic", { bic: "BNPA1RPP" }, /BIC invalide/],
    ["paymentTermsDays", { paymentTermsDays: "61" }, /60 jours au maximum/],
    ["paymentTermsDays", { paymentTermsDays: "-1" }, /0 jour au minimum/],
    ["penaltyRate", { penaltyRate: "0" }, /supérieur à 0/],
    ["penaltyRate", { penaltyRate: "100,01" }, /au plus 100/],
    ["penaltyRate", { penaltyRate: "dix" }, /pourcentage/],
    ["defaultVatRateBps", { defaultVatRateBps: "1900" }, /20 %, 10 %, 5,5 % ou 0 %/],
    ["reminder1Days", { reminder1Days: "0" }, /1 jour au minimum/],
    ["reminder3Days", { reminder3Days: "366" }, /365 jours au maximum/],
    ["legalMentions", { legalMentions: "x".repeat(1001) }, /1000 caractères/],
    ["country", { country: "France" }, /code à 2 lettres/],
  ])("puts the error next to %s", (field, overrides, message) => {
    const errors = errorsOf(overrides);
    expect(errors?.[field]?.join(" ")).toMatch(message);
  });

  it.each([
    ["postalCode", { postalCode: "7500" }, /5 chiffres/],
    ["siret", { siret: "44306184100047" }, /commencer par le SIREN/],
    ["vatNumber", { vatNumber: "FR64443061841" }, /pas celui de votre SIREN \(FR27552032534\)/],
    ["vatNumber", { vatNumber: "" }, /Obligatoire quand vous facturez la TVA/],
    ["reminder3Days", { reminder3Days: "15" }, /après la précédente/],
    ["reminder3Days", { reminder2Days: "", reminder3Days: "1" }, /après la précédente/],
  ])("checks fields together: %s", (field, overrides, message) => {
    expect(errorsOf(overrides)?.[field]?.join(" ")).toMatch(message);
  });

  it("accepts a foreign postal code outside France", () => {
    expect(parse({ country: "BE", postalCode: "1000" }).status).toBe("success");
    expect(parse({ country: "CH", postalCode: "CH-1204" }).status).toBe("success");
  });

  it("parses and shows rates with a French decimal comma", () => {
    expect(parsePercentToBps("10")).toBe(1000);
    expect(parsePercentToBps("10,5 %")).toBe(1050);
    expect(parsePercentToBps("10.25")).toBe(1025);
    expect(parsePercentToBps("10,123")).toBeNull();
    expect(formatBpsAsPercent(1050)).toBe("10,5");
    expect(formatBpsAsPercent(1000)).toBe("10");
  });
});

import { describe, expect, it } from "vitest";
import {
  formatIban,
  frenchVatKey,
  frenchVatNumber,
  isValidBic,
  isValidFrenchVat,
  isValidIban,
  isValidSiren,
  isValidSiret,
  normalizeBic,
  normalizeIban,
  siretMatchesSiren,
  vatMatchesSiren,
} from "./identifiers";

// Published numbers: Danone SA (SIREN 552 032 534, VAT FR27552032534), Google France
// (SIREN 443 061 841, SIRET 443 061 841 00047, VAT FR64443061841), the INSEE example
// 732 829 320 00074, La Poste (SIREN 356 000 000, head office 356 000 000 00048).
describe("SIREN", () => {
  it.each(["552032534", "443 061 841", "732829320", "356000000"])("accepts %s", (s) => expect(isValidSiren(s)).toBe(true));
  it.each([
    ["wrong checksum", "552032535"],
    ["swapped digits", "443061814"],
    ["8 digits", "55203253"],
    ["10 digits", "5520325340"],
    ["letters", "55203253A"],
    ["empty", ""],
  ])("refuses %s", (_, s) => expect(isValidSiren(s)).toBe(false));
});

describe("SIRET", () => {
  it.each(["44306184100047", "732 829 320 00074", "35600000000048"])("accepts %s", (s) => expect(isValidSiret(s)).toBe(true));
  it("accepts La Poste establishments whose digits sum to a multiple of 5 though Luhn fails", () => {
    expect(isValidSiret("35600000049837")).toBe(true); // sum 45
    expect(isValidSiret("35600000049838")).toBe(false); // sum 46, Luhn fails too
  });
  it("does not extend La Poste's rule to other companies", () => {
    // 44306184100009: digits sum to 40 (multiple of 5) but Luhn fails.
    expect(isValidSiret("44306184100009")).toBe(false);
  });
  it.each([
    ["wrong checksum", "44306184100048"],
    ["13 digits", "4430618410004"],
    ["letters", "4430618410004X"],
  ])("refuses %s", (_, s) => expect(isValidSiret(s)).toBe(false));
  it("checks that the SIRET starts with the SIREN", () => {
    expect(siretMatchesSiren("443 061 841 00047", "443061841")).toBe(true);
    expect(siretMatchesSiren("73282932000074", "443061841")).toBe(false);
  });
});

describe("French VAT number", () => {
  it("computes the key from the SIREN", () => {
    expect(frenchVatKey("552032534")).toBe("27");
    expect(frenchVatKey("443061841")).toBe("64");
    expect(frenchVatNumber("552 032 534")).toBe("FR27552032534");
  });
  it.each(["FR27552032534", "fr 64 443 061 841", "FR64443061841"])("accepts %s", (v) => expect(isValidFrenchVat(v)).toBe(true));
  it.each([
    ["wrong key", "FR28552032534"],
    ["SIREN with a wrong checksum (key computed for it)", `FR${frenchVatKey("552032535")}552032535`],
    ["another country", "DE27552032534"],
    ["too short", "FR2755203253"],
  ])("refuses %s", (_, v) => expect(isValidFrenchVat(v)).toBe(false));
  it("checks the VAT number belongs to the SIREN", () => {
    expect(vatMatchesSiren("FR27552032534", "552 032 534")).toBe(true);
    expect(vatMatchesSiren("FR64443061841", "552032534")).toBe(false);
  });
});

describe("IBAN and BIC", () => {
  it("normalises spaces and case to the electronic format, and groups by 4 for display", () => {
    expect(normalizeIban(" fr14 2004 1010 0505 0001 3m02 606 ")).toBe("FR1420041010050500013M02606");
    expect(formatIban("FR1420041010050500013M02606")).toBe("FR14 2004 1010 0505 0001 3M02 606");
    expect(normalizeIban("   ")).toBeNull();
  });
  it.each(["FR14 2004 1010 0505 0001 3M02 606", "FR7630006000011234567890189", "DE89 3704 0044 0532 0130 00", "nl91abna0417164300"])("accepts IBAN %s", (i) =>
    expect(isValidIban(i)).toBe(true),
  );
  it.each([
    ["wrong check digits", "FR15 2004 1010 0505 0001 3M02 606"],
    ["a typo in the account", "FR7630006000011234567890188"],
    ["truncated", "FR763000600001123456789018"],
    ["garbage", "hello"],
  ])("refuses IBAN with %s", (_, i) => expect(isValidIban(i)).toBe(false));
  it("accepts 8 and 11 character BICs, refuses malformed ones", () => {
    expect(isValidBic("BNPAFRPP")).toBe(true);
    expect(isValidBic("psst fr pp par")).toBe(true);
    expect(normalizeBic("psst fr pp par")).toBe("PSSTFRPPPAR");
    expect(isValidBic("BNPAFRP")).toBe(false);
    expect(isValidBic("BNPA1RPPXXX")).toBe(false);
  });
});

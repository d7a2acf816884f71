// French company and bank identifiers for demo data, drawn from the seed's random stream and
// valid by construction: SIREN/SIRET pass the Luhn check, the VAT number carries its key, the
// IBAN its RIB key and ISO 13616 check digits (composed by ibantools), the BIC matches the bank.
import { composeIBAN } from "ibantools";
import { int, pick } from "./random.server";

/** The digit that makes `digits + d` pass the Luhn check. */
export function luhnCheckDigit(digits: string) {
  let sum = 0;
  // From the right, the check digit will take position 0: the payload's last digit is doubled.
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join("");

/** A SIREN (9 digits, Luhn). Never starts with 0 (real ones rarely do) nor 356000000 (La Poste's rule). */
export function fakeSiren() {
  const body = String(int(1, 9)) + digits(7);
  return body + luhnCheckDigit(body);
}

/** A SIRET of that SIREN: the establishment number (NIC) completes a Luhn-valid 14 digits. */
export function fakeSiret(siren: string) {
  const body = siren + "0" + digits(3);
  return body + luhnCheckDigit(body);
}

/** The French intra-EU VAT number of a SIREN: FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatNumber(siren: string) {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, "0")}${siren}`;
}

/** French banks' codes with their BIC (published codes; the accounts are made up). */
const BANKS = [
  { code: "30004", bic: "BNPAFRPPXXX" },
  { code: "30006", bic: "AGRIFRPPXXX" },
  { code: "30003", bic: "SOGEFRPPXXX" },
  { code: "20041", bic: "PSSTFRPPPAR" },
  { code: "10278", bic: "CMCIFR2AXXX" },
] as const;

/** RIB key: 97 − ((89 × bank + 15 × branch + 3 × account) mod 97), account all digits here. */
function ribKey(bank: string, branch: string, account: string) {
  const mod = (89 * Number(bank) + 15 * Number(branch) + 3 * Number(BigInt(account) % 97n)) % 97;
  return String(97 - mod).padStart(2, "0");
}

/** A French IBAN (FR76…, 27 characters) and the BIC of its bank. */
export function fakeFrenchBankAccount() {
  const bank = pick(BANKS);
  const branch = digits(5);
  const account = digits(11);
  const iban = composeIBAN({ countryCode: "FR", bban: `${bank.code}${branch}${account}${ribKey(bank.code, branch, account)}` });
  if (!iban) throw new Error("composeIBAN refused a French BBAN");
  return { iban, bic: bank.bic };
}

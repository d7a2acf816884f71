// French company identifiers and bank details, shared by server and browser (no server imports).
//   SIREN: 9 digits, Luhn. SIRET: SIREN + 5-digit NIC, Luhn — except La Poste (SIREN 356000000),
//   whose establishments only satisfy "sum of the 14 digits is a multiple of 5" (the head office,
//   35600000000048, also passes Luhn). French VAT number: FR + 2-digit key + SIREN, with
//   key = (12 + 3 × (SIREN mod 97)) mod 97. IBAN and BIC are checked by ibantools.
import { electronicFormatIBAN, friendlyFormatIBAN, isValidBIC, isValidIBAN } from "ibantools";

const LA_POSTE_SIREN = "356000000";

/** Drops spaces (also non-breaking ones), dots and dashes people type between digit groups. */
export function compactIdentifier(value: string) {
  return value.replace(/[\s\u00a0\u202f.\-]/g, "").toUpperCase();
}

function luhn(digits: string) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const digitSum = (digits: string) => [...digits].reduce((s, c) => s + Number(c), 0);

export function isValidSiren(value: string) {
  const siren = compactIdentifier(value);
  return /^\d{9}$/.test(siren) && luhn(siren);
}

export function isValidSiret(value: string) {
  const siret = compactIdentifier(value);
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE_SIREN)) return luhn(siret) || digitSum(siret) % 5 === 0;
  return luhn(siret);
}

/** The SIRET of an establishment of this company: its first 9 digits are the SIREN. */
export function siretMatchesSiren(siret: string, siren: string) {
  return compactIdentifier(siret).startsWith(compactIdentifier(siren));
}

/** The 2-digit key of the French VAT number of a SIREN: "443061841" → "64". */
export function frenchVatKey(siren: string) {
  const key = (12 + 3 * (Number(compactIdentifier(siren)) % 97)) % 97;
  return String(key).padStart(2, "0");
}

/** "FR" + key + SIREN, for a valid SIREN. */
export function frenchVatNumber(siren: string) {
  const s = compactIdentifier(siren);
  return `FR${frenchVatKey(s)}${s}`;
}

/** A French VAT number whose SIREN passes Luhn and whose key matches it. */
export function isValidFrenchVat(value: string) {
  const vat = compactIdentifier(value);
  const m = /^FR(\d{2})(\d{9})$/.exec(vat);
  return m !== null && isValidSiren(m[2]) && m[1] === frenchVatKey(m[2]);
}

/** The VAT number is the one of this SIREN (its last 9 digits). */
export function vatMatchesSiren(vat: string, siren: string) {
  return compactIdentifier(vat).slice(4) === compactIdentifier(siren);
}

/** Electronic format (no spaces, upper case): "fr76 3000 …" → "FR763000…"; null when empty. */
export function normalizeIban(value: string) {
  return electronicFormatIBAN(value.replace(/[\u00a0\u202f]/g, " ")) || null;
}

export function isValidIban(value: string) {
  const iban = normalizeIban(value);
  return iban !== null && isValidIBAN(iban);
}

/** Grouped by 4 for reading: "FR76 3000 6000 …". */
export function formatIban(iban: string) {
  return friendlyFormatIBAN(normalizeIban(iban) ?? iban) ?? iban;
}

export function normalizeBic(value: string) {
  return compactIdentifier(value);
}

export function isValidBic(value: string) {
  return isValidBIC(normalizeBic(value));
}

// The "Facturation" form of /dashboard/settings: one Zod schema, used by the action and (with
// JavaScript) by the browser. No server-only imports. Values are typed as the coach writes them
// (spaces in a SIREN, "10,5" for a rate); the output is what billing_profile stores.
import { z } from "zod";
import {
  compactIdentifier,
  formatIban,
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

// Repeated from db/tenant.schema.ts so that the browser bundle does not pull drizzle in
// (billing-settings-schema.test.ts checks they stay equal).
export const VAT_REGIME_OPTIONS = ["franchise", "standard"] as const;
export const VAT_RATE_OPTIONS_BPS = [2000, 1000, 550, 0] as const;

export const LIMITS = { name: 200, address: 300, city: 100, legalMentions: 1000, termsOfSale: 5000 } as const;
export const MAX_PAYMENT_TERMS_DAYS = 60;

const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`).optional();

/** "10,5" / "10.5" / "10 %" → 1050 basis points; null when not a number with at most 2 decimals. */
export function parsePercentToBps(value: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(value.replace(/[\s\u00a0\u202f%]/g, ""));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
}

/** 1050 → "10,5" (the form's way of showing a stored rate). */
export function formatBpsAsPercent(bps: number) {
  return (bps / 100).toLocaleString("fr-FR", { maximumFractionDigits: 2, useGrouping: false });
}

const days = (label: string) =>
  z
    .number({ invalid_type_error: `${label} : un nombre de jours entier.` })
    .int(`${label} : un nombre de jours entier.`)
    .min(1, `${label} : 1 jour au minimum.`)
    .max(365, `${label} : 365 jours au maximum.`)
    .optional();

export const BillingSettingsSchema = z
  .object({
    tradeName: text(LIMITS.name),
    legalName: text(LIMITS.name),
    address: text(LIMITS.address),
    postalCode: text(10),
    city: text(LIMITS.city),
    country: z
      .string({ required_error: "Indiquez le pays (code à 2 lettres, FR pour la France)." })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, "Le pays s'écrit en code à 2 lettres : FR, BE, CH…"),
    siren: z
      .string()
      .transform(compactIdentifier)
      .refine(isValidSiren, "SIREN invalide : 9 chiffres dont le dernier est une clé de contrôle (vérifiez une faute de frappe).")
      .optional(),
    siret: z
      .string()
      .transform(compactIdentifier)
      .refine(isValidSiret, "SIRET invalide : 14 chiffres (SIREN + NIC) dont le dernier est une clé de contrôle.")
      .optional(),
    vatNumber: z
      .string()
      .transform(compactIdentifier)
      .refine(isValidFrenchVat, "Numéro de TVA invalide : FR, une clé de 2 chiffres puis le SIREN (ex. FR27552032534).")
      .optional(),
    vatRegime: z.enum(VAT_REGIME_OPTIONS, { errorMap: () => ({ message: "Choisissez un régime de TVA." }) }),
    defaultVatRateBps: z
      .number({ required_error: "Choisissez un taux de TVA.", invalid_type_error: "Choisissez un taux de TVA." })
      .refine((v) => (VAT_RATE_OPTIONS_BPS as readonly number[]).includes(v), "Choisissez 20 %, 10 %, 5,5 % ou 0 %."),
    paymentTermsDays: z
      .number({ required_error: "Indiquez un délai de paiement (0 = à réception).", invalid_type_error: "Un nombre de jours entier." })
      .int("Un nombre de jours entier.")
      .min(0, "0 jour au minimum (paiement à réception).")
      .max(MAX_PAYMENT_TERMS_DAYS, `${MAX_PAYMENT_TERMS_DAYS} jours au maximum : la loi plafonne le délai entre professionnels.`),
    penaltyRate: z
      .string({ required_error: "Indiquez le taux des pénalités de retard." })
      .transform((v, ctx) => {
        const bps = parsePercentToBps(v);
        if (bps === null || bps <= 0 || bps > 10000) {
          ctx.addIssue({ code: "custom", message: "Un pourcentage supérieur à 0 et au plus 100, deux décimales au plus (ex. 10 ou 12,5)." });
          return z.NEVER;
        }
        return bps;
      }),
    iban: z
      .string()
      .refine(isValidIban, "IBAN invalide : vérifiez le pays, la clé et le nombre de caractères.")
      .transform((v) => normalizeIban(v)!)
      .optional(),
    bic: z.string().refine(isValidBic, "BIC invalide : 8 ou 11 caractères (ex. BNPAFRPP).").transform(normalizeBic).optional(),
    legalMentions: text(LIMITS.legalMentions),
    termsOfSale: text(LIMITS.termsOfSale),
    reminder1Days: days("1re relance"),
    reminder2Days: days("2e relance"),
    reminder3Days: days("3e relance"),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.country === "FR" && v.postalCode !== undefined && !/^\d{5}$/.test(v.postalCode)) issue("postalCode", "Code postal français : 5 chiffres.");
    if (v.siren && v.siret && !siretMatchesSiren(v.siret, v.siren)) issue("siret", "Le SIRET doit commencer par le SIREN (ses 9 premiers chiffres).");
    if (v.siren && v.vatNumber && !vatMatchesSiren(v.vatNumber, v.siren))
      issue("vatNumber", `Ce numéro de TVA n'est pas celui de votre SIREN (${frenchVatNumber(v.siren)}).`);
    if (v.vatRegime === "standard" && !v.vatNumber) issue("vatNumber", "Obligatoire quand vous facturez la TVA.");
    const reminders = (["reminder1Days", "reminder2Days", "reminder3Days"] as const).filter((k) => v[k] !== undefined);
    reminders.forEach((k, i) => {
      if (i > 0 && v[k]! <= v[reminders[i - 1]]!) issue(k, "Chaque relance vient après la précédente (délais croissants).");
    });
  });

export type BillingSettingsInput = z.input<typeof BillingSettingsSchema>;
export type BillingSettings = z.output<typeof BillingSettingsSchema>;

/** The billing_profile columns of a valid form: an empty optional field clears its column. */
export function billingSettingsColumns(v: BillingSettings) {
  const orNull = <T>(x: T | undefined) => x ?? null;
  return {
    tradeName: orNull(v.tradeName),
    legalName: orNull(v.legalName),
    address: orNull(v.address),
    postalCode: orNull(v.postalCode),
    city: orNull(v.city),
    country: v.country,
    siren: orNull(v.siren),
    siret: orNull(v.siret),
    vatNumber: orNull(v.vatNumber),
    vatRegime: v.vatRegime,
    defaultVatRateBps: v.defaultVatRateBps,
    paymentTermsDays: v.paymentTermsDays,
    penaltyRateBps: v.penaltyRate,
    iban: orNull(v.iban),
    bic: orNull(v.bic),
    legalMentions: orNull(v.legalMentions),
    termsOfSale: orNull(v.termsOfSale),
    reminder1Days: orNull(v.reminder1Days),
    reminder2Days: orNull(v.reminder2Days),
    reminder3Days: orNull(v.reminder3Days),
  };
}

type StoredProfile = ReturnType<typeof billingSettingsColumns>;
export type BillingSettingsFormValues = ReturnType<typeof billingSettingsDefaults>;

/** The form's starting values from the stored row (strings as a coach would type them; "" = empty). */
export function billingSettingsDefaults(p: StoredProfile) {
  const s = (x: string | null) => x ?? "";
  const n = (x: number | null) => (x === null ? "" : String(x));
  return {
    tradeName: s(p.tradeName),
    legalName: s(p.legalName),
    address: s(p.address),
    postalCode: s(p.postalCode),
    city: s(p.city),
    country: p.country,
    siren: s(p.siren),
    siret: s(p.siret),
    vatNumber: s(p.vatNumber),
    vatRegime: p.vatRegime,
    defaultVatRateBps: String(p.defaultVatRateBps),
    paymentTermsDays: String(p.paymentTermsDays),
    penaltyRate: formatBpsAsPercent(p.penaltyRateBps),
    iban: p.iban ? formatIban(p.iban) : "",
    bic: s(p.bic),
    legalMentions: s(p.legalMentions),
    termsOfSale: s(p.termsOfSale),
    reminder1Days: n(p.reminder1Days),
    reminder2Days: n(p.reminder2Days),
    reminder3Days: n(p.reminder3Days),
  };
}

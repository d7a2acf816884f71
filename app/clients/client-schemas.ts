// The client pages' forms, one Zod schema each: the route parses with them, the browser (with
// JS) validates with the same ones. No server-only imports here.
import { z } from "zod";
import { compactIdentifier, frenchVatNumber, isValidFrenchVat, isValidSiren, vatMatchesSiren } from "~/billing/identifiers";
import { toE164 } from "~/crm/lead-schemas";

// The schema's goal statuses, repeated so that the browser bundle does not pull drizzle in
// (client-schemas.test.ts checks they stay equal to db/tenant.schema.ts).
export const GOAL_STATUSES = ["in_progress", "done", "abandoned"] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = { in_progress: "En cours", done: "Atteint", abandoned: "Abandonné" };

const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`).optional();
const required = (message: string, max: number) => z.string({ required_error: message }).trim().min(1, message).max(max, `${max} caractères au plus.`);

export const CLIENT_KINDS = ["person", "business"] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];
export const CLIENT_KIND_LABELS: Record<ClientKind, string> = { person: "Particulier", business: "Professionnel" };

/** An EU VAT number outside France: 2-letter country prefix and 2 to 12 letters or digits (VIES format). */
const EU_VAT = /^[A-Z]{2}[0-9A-Z+*]{2,12}$/;

/**
 * Create and edit: the same fields. Email lower-cased and phone in E.164 when saved. For billing,
 * a client is a private person (B2C) or a business (B2B: company name required; SIREN and VAT
 * number checked, and only kept for a business).
 */
export const ClientFieldsSchema = z
  .object({
    firstName: required("Le prénom est obligatoire.", 100),
    lastName: required("Le nom est obligatoire.", 100),
    email: z.string().trim().email("Adresse email invalide.").max(254, "254 caractères au plus.").optional(),
    phone: z
      .string()
      .trim()
      .max(40, "40 caractères au plus.")
      .optional()
      .refine((v) => v === undefined || toE164(v) !== null, "Numéro de téléphone invalide (ex. 06 12 34 56 78 ou +33 6 12 34 56 78)."),
    kind: z.enum(CLIENT_KINDS, { errorMap: () => ({ message: "Particulier ou professionnel ?" }) }).default("person"),
    company: text(200),
    address: text(300),
    postalCode: text(10),
    city: text(100),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, "Le pays s'écrit en code à 2 lettres : FR, BE, CH…")
      .default("FR"),
    siren: z.string().transform(compactIdentifier).optional(),
    vatNumber: z.string().transform(compactIdentifier).optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.country === "FR" && v.postalCode !== undefined && !/^\d{5}$/.test(v.postalCode)) issue("postalCode", "Code postal français : 5 chiffres.");
    if (v.kind !== "business") return; // SIREN and VAT number are dropped for a private person
    if (!v.company) issue("company", "Le nom de l'entreprise est obligatoire pour un professionnel.");
    const sirenOk = v.siren === undefined || isValidSiren(v.siren);
    if (!sirenOk) issue("siren", "SIREN invalide : 9 chiffres dont le dernier est une clé de contrôle.");
    if (v.vatNumber === undefined) return;
    if (v.vatNumber.startsWith("FR") || v.country === "FR") {
      if (!isValidFrenchVat(v.vatNumber)) issue("vatNumber", "Numéro de TVA invalide : FR, une clé de 2 chiffres puis le SIREN (ex. FR27552032534).");
      else if (v.siren && sirenOk && !vatMatchesSiren(v.vatNumber, v.siren)) issue("vatNumber", `Ce numéro de TVA n'est pas celui du SIREN (${frenchVatNumber(v.siren)}).`);
    } else if (!EU_VAT.test(v.vatNumber)) {
      issue("vatNumber", "Numéro de TVA invalide : le code du pays puis 2 à 12 lettres ou chiffres.");
    }
  });
export type ClientFieldsInput = z.output<typeof ClientFieldsSchema>;

export const progressSchema = z
  .number({ required_error: "Indiquez un pourcentage.", invalid_type_error: "Un pourcentage entre 0 et 100." })
  .int("Un pourcentage entier, sans virgule.")
  .min(0, "Entre 0 et 100 %.")
  .max(100, "Entre 0 et 100 %.");

export const GoalCreateSchema = z.object({
  title: required("Décrivez l'objectif.", 200),
  progress: progressSchema.default(0),
});

/** Changing a goal: which one (checked to belong to the page's client) and what to do. */
export const GoalIdSchema = z.object({ goalId: z.coerce.number().int().positive() });
export const GoalProgressSchema = GoalIdSchema.extend({ progress: progressSchema });

export const ClientNoteSchema = z.object({
  body: required("Écrivez la note.", 5000),
});
export const NoteIdSchema = z.object({ noteId: z.coerce.number().int().positive() });

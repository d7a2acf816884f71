// The client pages' forms, one Zod schema each: the route parses with them, the browser (with
// JS) validates with the same ones. No server-only imports here.
import { z } from "zod";
import { toE164 } from "~/crm/lead-schemas";

// The schema's goal statuses, repeated so that the browser bundle does not pull drizzle in
// (client-schemas.test.ts checks they stay equal to db/tenant.schema.ts).
export const GOAL_STATUSES = ["in_progress", "done", "abandoned"] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = { in_progress: "En cours", done: "Atteint", abandoned: "Abandonné" };

const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`).optional();
const required = (message: string, max: number) => z.string({ required_error: message }).trim().min(1, message).max(max, `${max} caractères au plus.`);

/** Create and edit: the same fields. Email lower-cased and phone in E.164 when saved. */
export const ClientFieldsSchema = z.object({
  firstName: required("Le prénom est obligatoire.", 100),
  lastName: required("Le nom est obligatoire.", 100),
  email: z.string().trim().email("Adresse email invalide.").max(254, "254 caractères au plus.").optional(),
  phone: z
    .string()
    .trim()
    .max(40, "40 caractères au plus.")
    .optional()
    .refine((v) => v === undefined || toE164(v) !== null, "Numéro de téléphone invalide (ex. 06 12 34 56 78 ou +33 6 12 34 56 78)."),
  company: text(200),
  city: text(100),
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

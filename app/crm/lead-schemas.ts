// The lead page's forms, one Zod schema each: the route parses with them, the browser (with JS)
// validates with the same ones. No server-only imports here.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import { parisFieldError } from "~/clients/paris-time";

// The schema's enums, repeated here so that the browser bundle does not pull drizzle in
// (lead-schemas.test.ts checks they stay equal to db/tenant.schema.ts).
export const LEAD_STATUSES = ["new", "engaged", "qualified", "call_proposed", "call_booked", "won", "lost", "follow_up"] as const;
export const GENDERS = ["male", "female", "other"] as const;
export const ACTIVITY_TYPES = ["call", "email", "meeting", "video_call"] as const;
export const ACTIVITY_PRIORITIES = ["high", "medium", "low"] as const;
export const ACTIVITY_STATES = ["planned", "done", "cancelled"] as const;

// One set of French status labels for the whole CRM (list, pipeline, lead page, import).
export { STATUS_LABELS } from "./lead-status";

/** The seed's loss reasons (000-setter-kpi-dashboard.md, "Raisons de perte"): the KPI page groups by them. */
export const LOST_REASONS = ["Prix trop élevé", "Manque de temps", "Déjà essayé", "Hésitation", "Autre"] as const;

export const GENDER_LABELS: Record<(typeof GENDERS)[number], string> = { female: "Femme", male: "Homme", other: "Autre" };
export const ACTIVITY_TYPE_LABELS: Record<(typeof ACTIVITY_TYPES)[number], string> = {
  call: "Appel",
  email: "Email",
  meeting: "Rendez-vous",
  video_call: "Visio",
};
export const PRIORITY_LABELS: Record<(typeof ACTIVITY_PRIORITIES)[number], string> = { high: "Haute", medium: "Moyenne", low: "Basse" };
export const ACTIVITY_STATE_LABELS: Record<(typeof ACTIVITY_STATES)[number], string> = { planned: "Prévue", done: "Faite", cancelled: "Annulée" };

const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`).optional();

/** "1 250,50", "1250.5", "1 250 €" → cents; normal, no-break and narrow no-break spaces allowed. */
export function parseEuros(input: string): number | null {
  const s = input.replace(/[\s\u00a0\u202f€]/g, "");
  if (!/^\d+([.,]\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s.replace(",", ".")) * 100);
}

/** E.164, French numbers by default; null when the number is not a valid one. */
export function toE164(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input, "FR");
  return parsed?.isValid() ? parsed.number : null;
}

export const LeadFieldsSchema = z.object({
  firstName: text(100),
  lastName: text(100),
  username: text(100),
  email: z.string().trim().email("Adresse email invalide.").max(254).optional(),
  phone: z
    .string()
    .trim()
    .max(40)
    .optional()
    .refine((v) => v === undefined || toE164(v) !== null, "Numéro de téléphone invalide (ex. 06 12 34 56 78 ou +33 6 12 34 56 78)."),
  company: text(200),
  jobTitle: text(200),
  city: text(100),
  source: text(100),
  age: z.number({ invalid_type_error: "Un âge en années, par exemple 34." }).int("Un âge en années entières.").min(10, "Entre 10 et 120 ans.").max(120, "Entre 10 et 120 ans.").optional(),
  gender: z.enum(GENDERS, { errorMap: () => ({ message: "Choisissez dans la liste." }) }).optional(),
  dealValue: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || (parseEuros(v) !== null && parseEuros(v)! <= 100_000_000_00), "Un montant en euros, par exemple 1 250,50."),
});
export type LeadFieldsInput = z.output<typeof LeadFieldsSchema>;

export const StatusSchema = z
  .object({
    status: z.enum(LEAD_STATUSES, { errorMap: () => ({ message: "Choisissez un statut." }) }),
    lostReason: z.enum(LOST_REASONS).optional(),
    lostDetails: text(500),
  })
  .superRefine((v, ctx) => {
    if (v.status === "lost" && !v.lostReason) ctx.addIssue({ code: "custom", path: ["lostReason"], message: "Choisissez la raison de la perte." });
    if (v.status === "lost" && v.lostReason === "Autre" && !v.lostDetails)
      ctx.addIssue({ code: "custom", path: ["lostDetails"], message: "Précisez la raison (« Autre »)." });
  });

export const TagSchema = z.object({
  tag: z.string({ required_error: "Écrivez un tag." }).trim().min(1, "Écrivez un tag.").max(40, "40 caractères au plus."),
});

export const ScoreOverrideSchema = z.object({
  scoreOverride: z.number({ invalid_type_error: "Un score entre 0 et 100." }).int("Un score entier.").min(0, "Entre 0 et 100.").max(100, "Entre 0 et 100.").optional(),
});

export const NoteSchema = z.object({
  body: z.string({ required_error: "Écrivez la note." }).trim().min(1, "Écrivez la note.").max(5000, "5 000 caractères au plus."),
});

export const ActivitySchema = z
  .object({
    type: z.enum(ACTIVITY_TYPES, { errorMap: () => ({ message: "Choisissez un type." }) }),
    priority: z.enum(ACTIVITY_PRIORITIES, { errorMap: () => ({ message: "Choisissez une priorité." }) }),
    state: z.enum(ACTIVITY_STATES).default("planned"),
    dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Une date jj/mm/aaaa.").optional(),
    dueTime: z.string().regex(/^\d{2}:\d{2}$/, "Une heure hh:mm.").optional(),
    durationMinutes: z.number({ invalid_type_error: "Une durée en minutes." }).int("Une durée en minutes entières.").min(1, "Au moins 1 minute.").max(1440, "24 h au plus.").optional(),
    details: text(5000),
  })
  .superRefine((v, ctx) => {
    if (v.dueTime && !v.dueDate) ctx.addIssue({ code: "custom", path: ["dueDate"], message: "Donnez la date de l'heure choisie." });
    // The same check as a session's: 02:30 on the last Sunday of March does not exist in Paris.
    const e = v.dueDate ? parisFieldError(v.dueDate, v.dueTime ?? "09:00") : null; // 09:00: createActivity's default
    if (e) ctx.addIssue({ code: "custom", path: [e.field === "time" ? "dueTime" : "dueDate"], message: e.message });
  });
export type ActivityInput = z.output<typeof ActivitySchema>;

export const ActivityStateSchema = z.object({
  activityId: z.coerce.number().int().positive(),
  state: z.enum(ACTIVITY_STATES),
});

export const EraseConfirmSchema = z.object({
  confirm: z.string({ required_error: "Tapez SUPPRIMER pour confirmer." }).refine((v) => v.trim() === "SUPPRIMER", "Tapez SUPPRIMER (en majuscules) pour confirmer."),
});

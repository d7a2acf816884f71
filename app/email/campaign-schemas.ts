// The campaign forms' schemas (shared by the routes' actions and, through Conform, the browser)
// and the Europe/Paris reading of the "Programmer" field.
import { z } from "zod";
import { GAP_MESSAGE, NO_SUCH_DATE, parisToUtc } from "~/clients/paris-time";
import { unknownVariablesMessage } from "./templates/design";
import { unknownVariables } from "./variables";

const id = (message: string) => z.coerce.number({ invalid_type_error: message, required_error: message }).int(message).positive(message);

export const DraftSchema = z.object({
  name: z.string({ required_error: "Donnez un nom à la campagne." }).trim().min(1, "Donnez un nom à la campagne.").max(200, "200 caractères au plus."),
  templateId: id("Choisissez un modèle."),
  segmentId: id("Choisissez un segment."),
  subject: z
    .string()
    .trim()
    .max(200, "200 caractères au plus.")
    .superRefine((value, ctx) => {
      const problem = subjectProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
});

/** Why a subject cannot be sent (a header on one line, with known variables only), or null. */
export function subjectProblem(subject: string) {
  if (/[\r\n]/.test(subject)) return "L'objet doit tenir sur une seule ligne.";
  const unknown = unknownVariables(subject);
  return unknown.length ? unknownVariablesMessage(unknown) : null;
}

/** `datetime-local` ("2026-03-29T09:30"), read as a Europe/Paris wall time. */
export const ScheduleSchema = z.object({
  scheduledAt: z.string({ required_error: "Choisissez une date et une heure." }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Choisissez une date et une heure."),
});

export type ParisInstant = { ok: true; date: Date } | { ok: false; message: string };

/** The instant of a Paris `datetime-local` value; it must be in the future. */
export function parisDateTime(value: string, now = new Date()): ParisInstant {
  const [day, time] = value.split("T");
  const r = parisToUtc(day ?? "", (time ?? "").slice(0, 5));
  if (!r.ok) return { ok: false, message: r.reason === "gap" ? GAP_MESSAGE : NO_SUCH_DATE };
  if (r.date.getTime() <= now.getTime()) return { ok: false, message: "Choisissez une date et une heure à venir (heure de Paris)." };
  return { ok: true, date: r.date };
}

// The session forms, one Zod schema each: the routes parse with them, the browser (with JS)
// validates with the same ones. No server-only imports here. The rules that need the database
// (overlap, the client belongs to the coach) live in sessions.server.ts.
import { z } from "zod";
import { GAP_MESSAGE, parisFieldError } from "./paris-time";

export const MIN_DURATION = 15;
export const MAX_DURATION = 480;
export const DURATION_MESSAGE = `Une durée entre ${MIN_DURATION} et ${MAX_DURATION} minutes.`;
export const NEGATIVE_PRICE = "Le prix ne peut pas être négatif.";
/** A typo guard (8000 for 80,00): no single session costs more. */
export const MAX_PRICE_CENTS = 1_000_000;
export const PRICE_TOO_HIGH = "Le prix dépasse 10 000 € : vérifiez le montant.";
export { GAP_MESSAGE };

/** "80", "80,50", "1 250 €" → cents; "-10" → "negative"; anything else → null. */
export function parsePrice(input: string): number | "negative" | null {
  const s = input.replace(/[\s\u00a0\u202f€]/g, "");
  if (/^-\d/.test(s)) return "negative";
  if (!/^\d+([.,]\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s.replace(",", ".")) * 100);
}

const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`).optional();

const when = {
  date: z.string({ required_error: "Choisissez la date." }).regex(/^\d{4}-\d{2}-\d{2}$/, "Une date, par exemple 2026-11-12."),
  time: z.string({ required_error: "Choisissez l'heure." }).regex(/^\d{2}:\d{2}$/, "Une heure, par exemple 14:00."),
  duration: z
    .number({ required_error: "Indiquez la durée.", invalid_type_error: "Une durée en minutes, par exemple 60." })
    .int("Une durée en minutes entières.")
    .min(MIN_DURATION, DURATION_MESSAGE)
    .max(MAX_DURATION, DURATION_MESSAGE),
};

function checkParisTime(v: { date: string; time: string }, ctx: z.RefinementCtx) {
  const e = parisFieldError(v.date, v.time);
  if (e) ctx.addIssue({ code: "custom", path: [e.field], message: e.message });
}

export const NewSessionSchema = z
  .object({
    clientId: z.number({ required_error: "Choisissez le client.", invalid_type_error: "Choisissez le client." }).int().positive("Choisissez le client."),
    ...when,
    price: z
      .string({ required_error: "Indiquez le prix (0 pour une séance offerte)." })
      .trim()
      .superRefine((v, ctx) => {
        const p = parsePrice(v);
        if (p === "negative") ctx.addIssue({ code: "custom", message: NEGATIVE_PRICE });
        else if (typeof p === "number" && p > MAX_PRICE_CENTS) ctx.addIssue({ code: "custom", message: PRICE_TOO_HIGH });
        else if (p === null) ctx.addIssue({ code: "custom", message: "Un prix en euros, par exemple 80 ou 80,50." });
      }),
    theme: text(200),
  })
  .superRefine(checkParisTime);
export type NewSessionInput = z.output<typeof NewSessionSchema>;

export const RescheduleSchema = z.object(when).superRefine(checkParisTime);

export const CompleteSchema = z.object({
  summary: z.string({ required_error: "Écrivez le résumé de la séance." }).trim().min(1, "Écrivez le résumé de la séance.").max(5000, "5 000 caractères au plus."),
  agreed: text(5000),
});

/** What the recording form carries with each of its buttons (see saveDrafts). */
export const DraftsSchema = z.object({ notes: text(20_000), summary: text(5000), agreed: text(5000) });

export const MomentSchema = z.object({
  body: z.string({ required_error: "Décrivez le moment." }).trim().min(1, "Décrivez le moment.").max(500, "500 caractères au plus."),
});

export const SESSION_INTENTS = ["start", "notes", "add-moment", "remove-moment", "goals", "complete", "reschedule", "cancel", "no-show", "refund", "paid", "unpaid"] as const;
export type SessionIntent = (typeof SESSION_INTENTS)[number];

// Form schemas shared by server actions and the browser (Conform validates with them on both sides).
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export const LoginSchema = z.object({
  email: z.string({ required_error: "Saisissez votre email." }).trim().email("Adresse email invalide.").max(254),
  password: z.string({ required_error: "Saisissez votre mot de passe." }).min(1, "Saisissez votre mot de passe.").max(256),
  redirectTo: z.string().optional(),
});

export const SetPasswordSchema = z
  .object({
    password: z
      .string({ required_error: "Choisissez un mot de passe." })
      .min(PASSWORD_MIN_LENGTH, `Au moins ${PASSWORD_MIN_LENGTH} caractères.`)
      .max(PASSWORD_MAX_LENGTH, `Au plus ${PASSWORD_MAX_LENGTH} caractères.`),
    confirm: z.string({ required_error: "Confirmez le mot de passe." }),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "Les deux mots de passe ne sont pas identiques." });

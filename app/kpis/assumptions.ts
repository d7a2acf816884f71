// The figures the setter spec calls estimates: editable per coach in settings, always labelled.
import { z } from "zod";

const pct = (label: string) =>
  z.coerce.number({ invalid_type_error: `${label} : un nombre est attendu.` }).min(0, `${label} : 0 % au minimum.`).max(100, `${label} : 100 % au maximum.`);

export const AssumptionsSchema = z.object({
  leadMagnetRate: pct("Lead magnets"),
  emailCaptureRate: pct("Emails capturés"),
  noShowRate: pct("No-show"),
  aiEfficiency: pct("Efficacité IA"),
  hoursSavedPerMonth: z.coerce.number({ invalid_type_error: "Un nombre d'heures est attendu." }).min(0, "0 h au minimum.").max(744, "744 h au maximum (un mois entier)."),
  monthlyCostEuros: z.coerce.number({ invalid_type_error: "Un montant en euros est attendu." }).min(0, "0 € au minimum.").max(1_000_000, "Montant trop élevé."),
});

export type Assumptions = z.infer<typeof AssumptionsSchema>;

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  leadMagnetRate: 75,
  emailCaptureRate: 60,
  noShowRate: 17,
  aiEfficiency: 94,
  hoursSavedPerMonth: 47,
  monthlyCostEuros: 300,
};

export const ASSUMPTION_LABELS: Record<keyof Assumptions, { label: string; help: string; unit: string }> = {
  leadMagnetRate: { label: "Lead magnets envoyés", help: "Part des prospects qualifiés qui reçoivent un lead magnet.", unit: "%" },
  emailCaptureRate: { label: "Emails capturés", help: "Part des prospects qualifiés dont l'email est capturé.", unit: "%" },
  noShowRate: { label: "No-show", help: "Part des calls réservés où le prospect ne vient pas (moyenne du marché : 17 %).", unit: "%" },
  aiEfficiency: { label: "Efficacité IA", help: "Part des conversations que le setter IA mène sans intervention.", unit: "%" },
  hoursSavedPerMonth: { label: "Temps gagné par mois", help: "Heures de prospection manuelle évitées chaque mois.", unit: "h" },
  monthlyCostEuros: { label: "Coût du setter par mois", help: "Abonnements et outils de prospection (sert au ROI et au coût d'acquisition).", unit: "€" },
};

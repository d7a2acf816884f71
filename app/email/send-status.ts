// One recipient's email as the coach reads it (lead timeline): where it stands, and when each
// step happened. Opens are never shown per person (CNIL: only in aggregate, with consent).
export type SendEvents = {
  status: "queued" | "sending" | "sent" | "failed" | "cancelled";
  error: string | null;
  sentAt: number | null;
  deliveredAt: number | null;
  bouncedAt: number | null;
  bounceType: string | null;
  complainedAt: number | null;
  clickedAt: number | null;
};

/** The error of rows Resend may or may not have sent (409 invalid_idempotent_request, see worker.server.ts). */
export const UNCERTAIN_PREFIX = "Statut incertain";

/** The furthest step reached, in French. */
export function sendStatusLabel(s: SendEvents) {
  if (s.complainedAt !== null) return "Signalé comme spam";
  if (s.bouncedAt !== null) return s.bounceType === "soft" ? "Non remis (échec temporaire)" : "Non remis (bounce)";
  if (s.clickedAt !== null) return "Cliqué";
  if (s.deliveredAt !== null) return "Délivré";
  if (s.status === "sent") return "Envoyé";
  if (s.status === "failed") return s.error?.startsWith(UNCERTAIN_PREFIX) ? "Statut incertain (peut-être envoyé)" : "Échec de l'envoi";
  if (s.status === "cancelled") return "Annulé";
  return "Dans la file d'envoi";
}

/** The dated steps: [["envoyé", at], ["délivré", at], …]. */
export function sendSteps(s: SendEvents): [string, number][] {
  const steps: [string, number | null][] = [
    ["envoyé", s.sentAt],
    ["délivré", s.deliveredAt],
    ["cliqué", s.clickedAt],
    ["bounce", s.bouncedAt],
    ["plainte", s.complainedAt],
  ];
  return steps.filter((x): x is [string, number] => x[1] !== null);
}

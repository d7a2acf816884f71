// "Santé du coaching" of a client, with the seed's exact rules (seeds/002, "Indicateur"):
//   Nouveau  — 0 sessions done
//   Inactif  — last session done more than 60 days ago
//   À revoir — last session done more than 14 days ago and no session planned
//   Actif    — otherwise
// Checked in that order, as the seed's calculateHealthStatus does: a client whose last session
// is 70 days old is "Inactif" even with a session planned. Days are elapsed time (24 h), so
// exactly 14 (or 60) days is not "more than". Shared by server and browser (no server imports).

export const HEALTH_STATUSES = ["active", "review", "new", "inactive"] as const;
export type Health = (typeof HEALTH_STATUSES)[number];

const DAY = 86_400_000;
export const REVIEW_AFTER_DAYS = 14;
export const INACTIVE_AFTER_DAYS = 60;

export type HealthInput = {
  /** Completed sessions of the client. */
  doneCount: number;
  /** Start of the last completed session (ms), null when none. */
  lastDoneAt: number | null;
  /** Start of the next confirmed session in the future (ms), null when none. */
  nextPlannedAt: number | null;
};

export function clientHealth(input: HealthInput, now: number): Health {
  if (input.doneCount === 0 || input.lastDoneAt === null) return "new";
  const since = now - input.lastDoneAt;
  if (since > INACTIVE_AFTER_DAYS * DAY) return "inactive";
  if (since > REVIEW_AFTER_DAYS * DAY && input.nextPlannedAt === null) return "review";
  return "active";
}

/** Whole days elapsed since `at` (for "il y a 3 jours"). */
export function daysSince(at: number, now: number) {
  return Math.floor((now - at) / DAY);
}

/** Why the badge says what it says, in words (title and screen-reader text). */
export function healthReason(input: HealthInput, now: number): string {
  const planned = input.nextPlannedAt === null ? "aucune séance prévue" : "une séance prévue";
  if (input.doneCount === 0 || input.lastDoneAt === null) return `aucune séance réalisée, ${planned}`;
  const days = daysSince(input.lastDoneAt, now);
  const last = days === 0 ? "dernière séance aujourd'hui" : `dernière séance il y a ${days} jour${days > 1 ? "s" : ""}`;
  return `${last}, ${planned}`;
}

/** Labels and the seed's colours (green, orange, blue, red). */
export const HEALTH_STYLES: Record<Health, { label: string; colour: string; className: string }> = {
  active: { label: "Actif", colour: "#22C55E", className: "bg-green-100 text-green-800 ring-green-500" },
  review: { label: "À revoir", colour: "#F59E0B", className: "bg-amber-100 text-amber-900 ring-amber-500" },
  new: { label: "Nouveau", colour: "#3B82F6", className: "bg-blue-100 text-blue-800 ring-blue-500" },
  inactive: { label: "Inactif", colour: "#EF4444", className: "bg-red-100 text-red-800 ring-red-500" },
};

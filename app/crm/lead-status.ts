// Lead statuses in funnel order with their French labels (shared by server and browser).
import type { LeadStatus } from "../../db/tenant.schema";

export const FUNNEL: readonly LeadStatus[] = ["new", "engaged", "qualified", "call_proposed", "call_booked", "follow_up", "won", "lost"];

export const STATUS_LABELS: Record<LeadStatus, string> = {
  new: "Nouveau",
  engaged: "Engagé",
  qualified: "Qualifié",
  call_proposed: "Appel proposé",
  call_booked: "Appel réservé",
  follow_up: "À relancer",
  won: "Gagné",
  lost: "Perdu",
};

const BADGE: Record<LeadStatus, string> = {
  new: "bg-slate-100 text-slate-700",
  engaged: "bg-sky-100 text-sky-800",
  qualified: "bg-indigo-100 text-indigo-800",
  call_proposed: "bg-violet-100 text-violet-800",
  call_booked: "bg-amber-100 text-amber-800",
  follow_up: "bg-orange-100 text-orange-800",
  won: "bg-emerald-100 text-emerald-800",
  lost: "bg-red-100 text-red-800",
};

export const statusBadgeClass = (s: string) => BADGE[s as LeadStatus] ?? BADGE.new;
export const statusLabel = (s: string) => STATUS_LABELS[s as LeadStatus] ?? s;

const relative = new Intl.RelativeTimeFormat("fr-FR", { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/**
 * "il y a 3 jours", relative to the loader's `now` (so server and browser render the same text).
 * Rounded to the nearest unit, down to minutes, past or future: right for a lead's last contact.
 * The clients list uses relativePast (app/clients/relative-time.ts) instead, which counts whole
 * elapsed days like the health badge's reason ("dernière séance il y a 4 jours"): rounding here
 * would make the card say "il y a 5 jours" next to that badge.
 */
export function timeAgo(at: number | null, now: number) {
  if (at == null) return "—";
  const diff = at - now;
  for (const [unit, ms] of UNITS) if (Math.abs(diff) >= ms) return relative.format(Math.round(diff / ms), unit);
  return "à l'instant";
}

export function leadName(l: { firstName: string | null; lastName: string | null; username: string | null; instagramId?: string | null }) {
  const full = [l.firstName, l.lastName].filter(Boolean).join(" ");
  return full || (l.username ? `@${l.username}` : (l.instagramId ?? "Sans nom"));
}

// "il y a 3 jours": how long ago a past session was, in Paris calendar days (a session this
// morning is "aujourd'hui", last night's is "hier", whatever the hour now).
import { dayKey } from "~/kpis/paris-days.server";

const DAY = 86_400_000;

/** Whole Paris calendar days between the day of `at` and the day of `now` (DST-safe). */
export function calendarDaysAgo(at: number, now: number) {
  // Day keys are dates: their UTC midnights are exactly 24 h apart, whatever Paris's offset.
  return Math.round((Date.parse(dayKey(now)) - Date.parse(dayKey(at))) / DAY);
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** French relative past: aujourd'hui, hier, il y a N jours / semaines / mois / ans. */
export function relativePast(at: number, now: number): string {
  const days = calendarDaysAgo(at, now);
  if (days <= 0) return "aujourd'hui";
  if (days === 1) return "hier";
  if (days < 14) return `il y a ${plural(days, "jour", "jours")}`;
  if (days < 60) return `il y a ${plural(Math.floor(days / 7), "semaine", "semaines")}`;
  if (days < 365) return `il y a ${Math.floor(days / 30)} mois`;
  return `il y a ${plural(Math.floor(days / 365), "an", "ans")}`;
}

// "il y a 3 jours": how long ago a past session was. Counted in elapsed days, like the health
// rule and its reason (health.ts daysSince), so a card never says "il y a 5 jours" next to a
// badge explaining "dernière séance il y a 4 jours". Shared by server and browser.
// Not the CRM's timeAgo (app/crm/lead-status.ts), on purpose: that one rounds to the nearest
// unit (4 days 18 h is "il y a 5 jours"), goes down to minutes and into the future, which suits
// a lead's last contact but would contradict the badge here; this one counts whole elapsed days,
// past only, and keeps days up to 13 so the wording turns to weeks where the health rule does
// (2 weeks). relative-time.test.ts pins the difference.
import { daysSince } from "./health";

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** French relative past: aujourd'hui (< 24 h), hier, il y a N jours / semaines / mois / ans. */
export function relativePast(at: number, now: number): string {
  const days = daysSince(at, now);
  if (days <= 0) return "aujourd'hui";
  if (days === 1) return "hier";
  if (days < 14) return `il y a ${plural(days, "jour", "jours")}`;
  if (days < 60) return `il y a ${plural(Math.floor(days / 7), "semaine", "semaines")}`;
  if (days < 365) return `il y a ${Math.floor(days / 30)} mois`;
  return `il y a ${plural(Math.floor(days / 365), "an", "ans")}`;
}

// The 35 setter KPIs of seeds/000 (six sections), computed from summed daily rows.
// Pure functions: the same code serves the dashboard and the hand-worked unit tests.
import type { Assumptions } from "./assumptions";

export type Totals = {
  leadsCreated: number; leadsNew: number; leadsEngaged: number; leadsQualified: number; callsProposed: number;
  callsBooked: number; leadsWon: number; leadsLost: number; leadsFollowUp: number; messagesOut: number; messagesIn: number;
  msg1Sent: number; msg1Replied: number; msg2Sent: number; msg2Replied: number; msg3Sent: number; msg3Replied: number;
  msg4Sent: number; msg4Replied: number; genderMale: number; genderFemale: number; genderOther: number; ageSum: number;
  ageCount: number; revenueCents: number; timeToActionSum: number; timeToActionCount: number; discussionMinutesSum: number;
  discussionCount: number;
};

export type Ranked = { key: string; count: number; pct: number | null };
export type FollowUp = { id: number; name: string; status: string; daysWithoutContact: number; priority: "high" | "medium" | "low" };

export type KpiInput = {
  totals: Totals;
  rangeDays: number;
  leadsToday: number;
  sources: { key: string; count: number }[];
  professions: { key: string; count: number }[];
  lostReasons: { key: string; count: number }[];
  bookingSlots: { key: string; count: number }[]; // key "weekday-hour", e.g. "2-18"
  followUps: FollowUp[];
  assumptions: Assumptions;
};

/** A ratio as a percentage with one decimal; null when there is nothing to divide by. */
export function pct(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

function ratio(part: number, whole: number, decimals = 1): number | null {
  const f = 10 ** decimals;
  return whole > 0 ? Math.round((part / whole) * f) / f : null;
}

export type ResponseBadge = "excellent" | "good" | "improve";

/** Seed thresholds: 60 %+ Excellent, 40–59 % Bon, under 40 % À améliorer. */
export function responseBadge(rate: number | null): ResponseBadge | null {
  if (rate === null) return null;
  return rate >= 60 ? "excellent" : rate >= 40 ? "good" : "improve";
}

function top(items: { key: string; count: number }[], n: number, whole: number): Ranked[] {
  return [...items]
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key, "fr"))
    .slice(0, n)
    .map((i) => ({ key: i.key, count: i.count, pct: pct(i.count, whole) }));
}

/** The busiest weekday and hour of booked calls (each summed over the other). */
function bestMoment(slots: { key: string; count: number }[]) {
  if (slots.length === 0) return null;
  const byDay = new Map<number, number>();
  const byHour = new Map<number, number>();
  for (const { key, count } of slots) {
    const [d, h] = key.split("-").map(Number);
    byDay.set(d, (byDay.get(d) ?? 0) + count);
    byHour.set(h, (byHour.get(h) ?? 0) + count);
  }
  const best = (m: Map<number, number>) => [...m.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  const [weekday, dayCount] = best(byDay);
  const [hour, hourCount] = best(byHour);
  return { weekday, hour, dayCount, hourCount };
}

export function computeKpis(input: KpiInput) {
  const t = input.totals;
  const a = input.assumptions;
  const leads = t.leadsCreated;
  const genderKnown = t.genderMale + t.genderFemale + t.genderOther;
  const costCents = Math.round(a.monthlyCostEuros * 100 * (input.rangeDays / 30));
  const rate = (n: 1 | 2 | 3 | 4) => {
    const value = pct(t[`msg${n}Replied`], t[`msg${n}Sent`]);
    return { value, sent: t[`msg${n}Sent`], replied: t[`msg${n}Replied`], badge: responseBadge(value) };
  };

  return {
    // 1. Activité & volume
    messagesSent: t.messagesOut,
    leadsTotal: leads,
    leadsToday: input.leadsToday,
    avgMessagesPerLead: ratio(t.messagesOut + t.messagesIn, leads),
    topSources: top(input.sources, 3, leads),
    avgDiscussionMinutes: ratio(t.discussionMinutesSum, t.discussionCount, 0),
    // 2. Taux de réponse
    responseRate1: rate(1),
    responseRate2: rate(2),
    responseRate3: rate(3),
    responseRate4: rate(4),
    // 3. Qualification & conversion
    qualified: { count: t.leadsQualified, rate: pct(t.leadsQualified, leads) },
    leadMagnetsEstimate: Math.round((t.leadsQualified * a.leadMagnetRate) / 100),
    emailsCapturedEstimate: Math.round((t.leadsQualified * a.emailCaptureRate) / 100),
    callsProposed: { count: t.callsProposed, rate: pct(t.callsProposed, leads) },
    callsBooked: { count: t.callsBooked, rate: pct(t.callsBooked, leads) },
    callConversionRate: pct(t.leadsWon, t.callsBooked),
    noShowEstimate: { count: Math.round((t.callsBooked * a.noShowRate) / 100), rate: a.noShowRate },
    // 4. Démographie
    malePct: pct(t.genderMale, genderKnown),
    femalePct: pct(t.genderFemale, genderKnown),
    otherPct: pct(t.genderOther, genderKnown),
    avgAge: ratio(t.ageSum, t.ageCount),
    topProfessions: top(input.professions, 5, leads),
    // 5. Pipeline & relances
    leadsNew: t.leadsNew,
    leadsWon: t.leadsWon,
    leadsLost: { count: t.leadsLost, rate: pct(t.leadsLost, leads) },
    leadsFollowUp: { count: t.leadsFollowUp, rate: pct(t.leadsFollowUp, leads) },
    followUps: input.followUps,
    topLostReasons: top(input.lostReasons, 5, t.leadsLost),
    // 6. Performance & ROI
    roiPct: costCents > 0 ? Math.round(((t.revenueCents - costCents) / costCents) * 100) : null,
    revenueCents: t.revenueCents,
    acquisitionCostCents: t.leadsWon > 0 ? Math.round(costCents / t.leadsWon) : null,
    aiEfficiencyEstimate: a.aiEfficiency,
    timeSavedHoursEstimate: Math.round(a.hoursSavedPerMonth * (input.rangeDays / 30) * 10) / 10,
    bestMoment: bestMoment(input.bookingSlots),
    dealsClosed: { count: t.leadsWon, avgDealCents: t.leadsWon > 0 ? Math.round(t.revenueCents / t.leadsWon) : null },
    // Context for the labels
    costCents,
    avgTimeToActionMinutes: ratio(t.timeToActionSum, t.timeToActionCount, 0),
  };
}

export type Kpis = ReturnType<typeof computeKpis>;

/** The 35 KPIs as they appear on the dashboard, section by section (ids of `Kpis`). */
export const KPI_SECTIONS = [
  { id: "activity", title: "Activité & volume", kpis: ["messagesSent", "leadsTotal", "leadsToday", "avgMessagesPerLead", "topSources", "avgDiscussionMinutes"] },
  { id: "response", title: "Taux de réponse", kpis: ["responseRate1", "responseRate2", "responseRate3", "responseRate4"] },
  {
    id: "conversion",
    title: "Qualification & conversion",
    kpis: ["qualified", "leadMagnetsEstimate", "emailsCapturedEstimate", "callsProposed", "callsBooked", "callConversionRate", "noShowEstimate"],
  },
  { id: "demography", title: "Démographie", kpis: ["malePct", "femalePct", "otherPct", "avgAge", "topProfessions"] },
  { id: "pipeline", title: "Pipeline & relances", kpis: ["leadsNew", "leadsWon", "leadsLost", "leadsFollowUp", "followUps", "topLostReasons"] },
  {
    id: "performance",
    title: "Performance & ROI",
    kpis: ["roiPct", "revenueCents", "acquisitionCostCents", "aiEfficiencyEstimate", "timeSavedHoursEstimate", "bestMoment", "dealsClosed"],
  },
] as const satisfies readonly { id: string; title: string; kpis: readonly (keyof Kpis)[] }[];

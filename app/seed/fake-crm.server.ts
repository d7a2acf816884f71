// The CRM side of one coach's demo data: notes and activities on the leads being worked
// (qualified to call booked, and follow-ups), and two saved segments — so the lead page,
// its timeline and the segment links show something on first sign-in.
import type { activities, notes, segments } from "../../db/tenant.schema";
import type { NewLead } from "./fake-leads.server";
import { chance, int, pick } from "./random.server";

export type FakeCrm = {
  notes: (typeof notes.$inferInsert)[];
  activities: (typeof activities.$inferInsert)[];
  segments: (typeof segments.$inferInsert)[];
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WORKED = new Set(["qualified", "call_proposed", "call_booked", "follow_up"]);

const NOTES = [
  "Très motivé·e, veut un accompagnement sur 3 mois.",
  "A déjà essayé seul·e, cherche un cadre et un suivi.",
  "Budget à confirmer, rappeler après la paie.",
  "Préfère les créneaux en soirée.",
  "Recommandé·e par une cliente actuelle.",
];

export function fakeCrm(input: { leads: NewLead[]; now: Date }): FakeCrm {
  const now = input.now.getTime();
  const out: FakeCrm = { notes: [], activities: [], segments: [] };
  for (const lead of input.leads) {
    if (!WORKED.has(lead.status ?? "new")) continue;
    const created = new Date(lead.createdAt ?? now).getTime();
    if (chance(0.7)) out.notes.push({ leadId: lead.id, body: pick(NOTES), createdAt: new Date(Math.min(now, created + int(1, 48) * HOUR)) });
    const planned = lead.status === "call_booked" || lead.status === "follow_up";
    const due = planned ? now + int(2, 96) * HOUR : Math.min(now, created + int(1, 72) * HOUR);
    out.activities.push({
      leadId: lead.id,
      type: lead.status === "call_booked" ? "video_call" : pick(["call", "email"] as const),
      details: planned ? "Appel découverte : objectifs, disponibilités, budget." : "Premier échange après la conversation Instagram.",
      priority: lead.status === "call_booked" ? "high" : pick(["medium", "low"] as const),
      state: planned ? "planned" : "done",
      dueAt: new Date(due),
      durationMinutes: pick([15, 30, 45]),
      doneAt: planned ? null : new Date(due),
      createdAt: new Date(Math.min(now, created + HOUR)),
    });
  }
  out.segments.push(
    { name: "Prospects chauds", query: "status=call_proposed&status=call_booked&sort=score_desc", createdAt: new Date(now - 7 * DAY) },
    { name: "À relancer", query: "status=follow_up&sort=last_contact_asc", createdAt: new Date(now - 3 * DAY) },
  );
  return out;
}

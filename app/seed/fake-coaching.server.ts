// The coaching side of one coach: clients (won leads first, plus direct clients so that every
// health state exists: new, to review, inactive), their goals, their sessions (with notes,
// marked moments and paid marks; their invoices are drawn later, in fake-billing). Sessions sit
// on whole Paris hours, never overlap, and a few always fall in the next 48 hours so that Focus is full.
import type {
  clients,
  coachingSessions,
  goals,
  sessionGoals,
  sessionMoments,
} from "../../db/tenant.schema";
import { addDays, dayKey, dayStart } from "~/kpis/paris-days.server";
import { DAY, HOUR, MINUTE } from "./clock.server";
import type { WonLead } from "./fake-leads.server";
import { chance, faker, int, pick, weighted } from "./random.server";
import {
  CLIENT_GOALS,
  MARKED_MOMENTS,
  SESSION_AGREEMENTS,
  SESSION_NOTES,
  SESSION_SUMMARIES,
  SESSION_THEMES,
  type Specialty,
} from "./vocabulary.server";

export type NewClient = typeof clients.$inferInsert & { id: number };
export type NewSession = typeof coachingSessions.$inferInsert & { id: number; scheduledAt: Date };
export type NewGoal = typeof goals.$inferInsert & { id: number };
export type NewMoment = typeof sessionMoments.$inferInsert;
export type NewSessionGoal = typeof sessionGoals.$inferInsert;

export type FakeCoaching = {
  clients: NewClient[];
  goals: NewGoal[];
  sessions: NewSession[];
  moments: NewMoment[];
  sessionGoals: NewSessionGoal[];
};

const MIN_CLIENTS = 10;
const HISTORY_DAYS = 180;
const UPCOMING_DAYS = 14;

/** How a client's story goes: drives their sessions and so their health badge. */
type Profile = "regular" | "stopped" | "new" | "review" | "inactive";

export function fakeCoaching(input: { now: Date; specialty: Specialty; won: WonLead[] }): FakeCoaching {
  const now = input.now.getTime();
  const direct = directClients(now, Math.max(0, MIN_CLIENTS - input.won.length - 3));
  const people = [...input.won.map(fromLead), ...direct, ...showcaseClients(now)];
  // Ids in signup order, like a real table filled over time.
  people.sort((a, b) => a.createdAt - b.createdAt || (a.leadId ?? 0) - (b.leadId ?? 0));

  const out: FakeCoaching = { clients: [], goals: [], sessions: [], moments: [], sessionGoals: [] };
  const drafts: Draft[] = [];
  let soonSlots = 0;
  people.forEach((p, index) => {
    const id = index + 1;
    out.clients.push({
      id,
      leadId: p.leadId,
      firstName: p.firstName,
      lastName: p.lastName,
      email: p.email,
      phone: p.phone,
      company: null,
      city: null,
      createdAt: new Date(p.createdAt),
      updatedAt: new Date(p.createdAt),
    });
    // The first two regular clients have a session in the next 48 hours: Focus is never empty.
    const soon = p.profile === "regular" && soonSlots < 2 ? soonSlots++ : null;
    drafts.push(...clientSessions(id, p, now, input.specialty, soon));
  });
  const kept = withoutOverlaps(drafts);
  kept.sort((a, b) => a.clientId - b.clientId || a.at - b.at);
  kept.forEach((d, index) => out.sessions.push(toSession(d, index + 1, now, input.specialty)));
  addGoals(out, people, now, input.specialty);
  addMomentsAndGoalLinks(out);
  return out;
}

type Person = {
  leadId: number | null;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  createdAt: number;
  profile: Profile;
};

function fromLead(w: WonLead): Person {
  const profile = chance(0.2) ? "stopped" : "regular";
  return { leadId: w.leadId, firstName: w.firstName, lastName: w.lastName, email: w.email, phone: w.phone, createdAt: w.wonAt, profile };
}

function person(createdAt: number, profile: Profile): Person {
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  return {
    leadId: null,
    firstName,
    lastName,
    email: faker.internet.email({ firstName, lastName }).toLowerCase(),
    phone: faker.phone.number({ style: "national" }),
    createdAt,
    profile,
  };
}

/** Clients who came by word of mouth before the Instagram setter existed (30 to 180 days ago). */
function directClients(now: number, count: number): Person[] {
  return Array.from({ length: count }, () => person(now - int(30 * 24, HISTORY_DAYS * 24) * HOUR, "regular"));
}

/** One client in each state a coach must notice: brand new, to review, gone quiet. */
function showcaseClients(now: number): Person[] {
  return [
    person(now - int(1, 3) * DAY, "new"),
    person(now - int(90, 150) * DAY, "review"),
    person(now - int(150, HISTORY_DAYS) * DAY, "inactive"),
  ];
}

type Draft = {
  clientId: number;
  at: number;
  durationMinutes: number;
  priceCents: number;
  past: boolean;
  /** Focus's sessions and the showcase clients' last one: kept over any overlapping session. */
  priority: boolean;
  /** The last session of a client shown "to review" or "inactive" did take place. */
  completed?: boolean;
};

/** A Paris wall-clock slot: `hour` o'clock on the Paris day `days` after the day of `ms`. */
function parisSlot(ms: number, days: number, hour: number) {
  return dayStart(addDays(dayKey(ms), days)) + hour * HOUR;
}

function clientSessions(clientId: number, p: Person, now: number, specialty: Specialty, soon: number | null): Draft[] {
  const cadence = p.profile === "new" ? 7 : chance(0.6) ? 7 : 14;
  const priceCents = int(12, 30) * 500; // 60 € to 150 € in 5 € steps
  const durationMinutes = weighted([[60, 70], [45, 15], [90, 15]] as const);
  const hour = int(8, 19);
  // The session every other one is counted from: the next one for active clients, the last
  // one for those who stopped. Stepping in Paris days keeps the same wall-clock hour across DST.
  let anchor: number;
  let lastDay = UPCOMING_DAYS;
  if (soon === 0) anchor = nextSlotToday(now);
  else if (soon === 1) anchor = parisSlot(now, 1, 10);
  else if (p.profile === "new") anchor = parisSlot(now, 2, 11);
  else if (p.profile === "review") anchor = parisSlot(now, -int(18, 40), hour);
  else if (p.profile === "inactive") anchor = parisSlot(now, -int(65, 120), hour);
  else anchor = parisSlot(now, int(0, cadence - 1), hour);
  if (p.profile === "review" || p.profile === "inactive") lastDay = 0;

  const sessions: Draft[] = [];
  const anchorDay = dayKey(anchor);
  const anchorHour = (anchor - dayStart(anchorDay)) / HOUR;
  for (let n = -60; n <= 60; n++) {
    const at = dayStart(addDays(anchorDay, n * cadence)) + anchorHour * HOUR;
    if (p.profile === "new" ? at < now : at < p.createdAt + DAY) continue;
    if (at > now + UPCOMING_DAYS * DAY || (lastDay === 0 && at > anchor)) break;
    if (at < now - HISTORY_DAYS * DAY) continue;
    sessions.push({ clientId, at, durationMinutes, priceCents, past: at + durationMinutes * MINUTE <= now, priority: soon !== null || p.profile === "new" });
  }
  if (lastDay === 0 && sessions.length > 0) Object.assign(sessions[sessions.length - 1], { completed: true, priority: true });
  // One client in five stopped after a few sessions (to review or inactive by now).
  if (p.profile === "stopped") return sessions.filter((s) => s.past).slice(0, int(3, 10));
  return sessions;
}

/** Today at the next whole Paris hour at least two hours away (or tomorrow 9 h late at night). */
function nextSlotToday(now: number) {
  const at = Math.ceil((now + 2 * HOUR) / HOUR) * HOUR;
  return dayKey(at) === dayKey(now) ? at : parisSlot(now, 1, 9);
}

/**
 * A coach is in one session at a time. Sessions start on whole hours, so two overlap exactly
 * when they share an hour slot; the sessions Focus must show win, then the earlier ones.
 */
function withoutOverlaps(drafts: Draft[]) {
  const taken = new Set<number>();
  const order = [...drafts].sort((a, b) => Number(b.priority) - Number(a.priority) || a.at - b.at);
  return order.filter((d) => {
    const slots: number[] = [];
    for (let t = d.at; t < d.at + d.durationMinutes * MINUTE; t += HOUR) slots.push(Math.floor(t / HOUR));
    if (slots.some((s) => taken.has(s))) return false;
    for (const s of slots) taken.add(s);
    return true;
  });
}

function toSession(d: Draft, id: number, now: number, specialty: Specialty): NewSession {
  const status = d.completed ? "completed" : d.past ? weighted([["completed", 82], ["cancelled", 8], ["no_show", 5], ["refunded", 5]] as const) : "confirmed";
  const end = d.at + d.durationMinutes * MINUTE;
  const happened = status === "completed" || status === "refunded";
  // Most sessions are paid within three days; some clients are late. A refunded one was paid.
  const paid = status === "refunded" || (status === "completed" && chance(0.9)) ? Math.min(end + int(0, 3 * 24) * HOUR, now) : null;
  return {
    id,
    clientId: d.clientId,
    scheduledAt: new Date(d.at),
    durationMinutes: d.durationMinutes,
    priceCents: d.priceCents,
    status,
    theme: pick(SESSION_THEMES[specialty]),
    summary: happened ? pick(SESSION_SUMMARIES) : null,
    notes: happened && chance(0.5) ? pick(SESSION_NOTES) : null,
    agreed: happened && chance(0.6) ? pick(SESSION_AGREEMENTS) : null,
    startedAt: happened ? new Date(d.at) : null,
    completedAt: happened ? new Date(end) : null,
    cancelledAt: status === "cancelled" ? new Date(d.at - int(1, 48) * HOUR) : null,
    refundedAt: status === "refunded" ? new Date(Math.min(end + int(1, 5) * DAY, now)) : null,
    paidAt: paid === null ? null : new Date(paid),
    createdAt: new Date(d.at - int(2, 10) * DAY),
    updatedAt: new Date(Math.min(end, now)),
  };
}

/** One goal in progress per client, sometimes an earlier one reached or abandoned. */
function addGoals(out: FakeCoaching, people: Person[], now: number, specialty: Specialty) {
  people.forEach((p, index) => {
    const clientId = index + 1;
    const [current, earlier] = faker.helpers.arrayElements(CLIENT_GOALS[specialty], 2);
    const since = Math.min(p.createdAt + DAY, now);
    if (p.profile !== "new" && chance(0.5)) {
      const done = chance(0.8);
      const closedAt = new Date(Math.min(since + int(20, 60) * DAY, now));
      out.goals.push({
        id: out.goals.length + 1,
        clientId,
        title: earlier,
        status: done ? "done" : "abandoned",
        progress: done ? 100 : int(10, 50),
        closedAt,
        createdAt: new Date(since),
        updatedAt: closedAt,
      });
    }
    out.goals.push({
      id: out.goals.length + 1,
      clientId,
      title: current,
      status: "in_progress",
      progress: p.profile === "new" ? 0 : int(2, 8) * 10,
      closedAt: null,
      createdAt: new Date(since),
      updatedAt: new Date(since),
    });
  });
}

/** Marked moments on a third of the sessions that took place; half of them worked on the current goal. */
function addMomentsAndGoalLinks(out: FakeCoaching) {
  const currentGoal = new Map(out.goals.filter((g) => g.status === "in_progress").map((g) => [g.clientId, g.id]));
  for (const s of out.sessions) {
    if (s.status !== "completed" && s.status !== "refunded") continue;
    if (chance(0.35)) {
      const count = int(1, 2);
      for (const [i, body] of faker.helpers.arrayElements(MARKED_MOMENTS, count).entries()) {
        out.moments.push({ sessionId: s.id, body, createdAt: new Date(s.scheduledAt.getTime() + (15 + i * 20) * MINUTE) });
      }
    }
    const goalId = currentGoal.get(s.clientId);
    if (goalId !== undefined && chance(0.5)) out.sessionGoals.push({ sessionId: s.id, goalId });
  }
}

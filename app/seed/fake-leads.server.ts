// Leads of one coach, with their messages and message_sequences rows. The lead counters
// (messages_sent/received, last_contact_at, time_to_action) are derived from the generated
// messages, never drawn separately, so the KPIs computed either way agree.
import type { Gender, LeadStatus, leads, messages, messageSequences } from "../../db/tenant.schema";
import { dayKey } from "~/kpis/paris-days.server";
import { DAY, MINUTE } from "./clock.server";
import { buildConversation, type Line } from "./conversation.server";
import { allocate, chance, faker, int, pick, weighted } from "./random.server";
import {
  DEAL_VALUES_EUR,
  GENDER_WEIGHTS,
  LOST_REASON_WEIGHTS,
  PROFESSION_WEIGHTS,
  SOURCE_WEIGHTS,
  STATUS_WEIGHTS,
  TOPIC,
  type Specialty,
} from "./vocabulary.server";

export type NewLead = typeof leads.$inferInsert & { id: number };
export type NewMessage = typeof messages.$inferInsert;
export type NewSequence = typeof messageSequences.$inferInsert;

/** What the coaching generator needs to turn a won lead into a client. */
export type WonLead = {
  leadId: number;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  wonAt: number;
};

export type FakeLeads = { leads: NewLead[]; messages: NewMessage[]; sequences: NewSequence[]; won: WonLead[] };

/** How long ago a lead of this status may have arrived, in days: new leads are recent, won ones had time. */
const AGE_DAYS: Record<LeadStatus, [number, number]> = {
  new: [0.01, 5],
  engaged: [0.1, 30],
  qualified: [1, 90],
  call_proposed: [2, 90],
  call_booked: [3, 90],
  won: [3, 90],
  lost: [3, 90],
  follow_up: [3, 90],
};

const SCORE: Record<LeadStatus, [number, number]> = {
  new: [5, 20],
  engaged: [20, 40],
  qualified: [40, 60],
  call_proposed: [55, 70],
  call_booked: [70, 85],
  won: [90, 100],
  lost: [10, 40],
  follow_up: [25, 50],
};

const BEYOND_QUALIFIED = new Set<LeadStatus>(["qualified", "call_proposed", "call_booked", "won"]);

export function fakeLeads(input: { count: number; now: Date; specialty: Specialty }): FakeLeads {
  const now = input.now.getTime();
  const topic = TOPIC[input.specialty];
  const statuses = allocate(STATUS_WEIGHTS, input.count);
  const usernames = new Set<string>();
  const result: FakeLeads = { leads: [], messages: [], sequences: [], won: [] };

  statuses.forEach((status, index) => {
    const id = index + 1;
    const [minDays, maxDays] = AGE_DAYS[status];
    const createdAt = now - int(Math.ceil(minDays * (DAY / MINUTE)), maxDays * (DAY / MINUTE)) * MINUTE;
    const person = fakePerson(status, usernames);
    const source = weighted(SOURCE_WEIGHTS);
    const lostReason = status === "lost" ? weighted(LOST_REASON_WEIGHTS) : null;

    const lines = buildConversation({ status, source, firstName: person.firstName, topic, lostReason }, createdAt, now);
    const outs = lines.filter((l) => l.direction === "out");
    const at = (mark: Line["mark"]) => lines.find((l) => l.mark === mark)?.at ?? null;
    const bookedAt = at("booking");
    const last = lines[lines.length - 1];

    result.messages.push(...toMessages(id, lines));
    if (outs.length > 0) result.sequences.push(toSequence(id, lines, at("proposal"), bookedAt));

    const dealValueCents = status === "won" ? pick(DEAL_VALUES_EUR) * 100 : null;
    result.leads.push({
      id,
      instagramId: `ig_1784${String(id * 1000 + int(0, 999)).padStart(13, "0")}`,
      username: person.username,
      contactId: chance(0.9) ? `mc_${faker.string.numeric(9)}` : null,
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.email,
      phone: person.phone,
      company: person.jobTitle === "Entrepreneur" ? faker.company.name() : null,
      jobTitle: person.jobTitle,
      age: person.age,
      gender: person.gender,
      source,
      status,
      lostReason,
      score: int(...SCORE[status]),
      tags: tagsFor(status, source),
      consent: person.email !== null,
      blacklisted: status === "lost" && chance(0.05),
      dealValueCents,
      messagesSent: outs.length,
      messagesReceived: lines.length - outs.length,
      timeToActionMinutes: bookedAt !== null ? Math.round((bookedAt - createdAt) / MINUTE) : null,
      lastContactAt: last ? new Date(last.at) : null,
      createdAt: new Date(createdAt),
      createdDay: dayKey(createdAt),
      updatedAt: new Date(last?.at ?? createdAt),
    });

    if (status === "won") {
      result.won.push({
        leadId: id,
        firstName: person.firstName,
        lastName: person.lastName ?? faker.person.lastName(),
        email: person.email,
        phone: person.phone,
        wonAt: at("welcome") ?? last.at,
      });
    }
  });
  return result;
}

/** Demographics: names match the gender; later stages have captured more contact details. */
function fakePerson(status: LeadStatus, usernames: Set<string>) {
  const gender: Gender | null = weighted(GENDER_WEIGHTS);
  const sex = gender === "male" || gender === "female" ? gender : chance(0.5) ? "male" : "female";
  const firstName = faker.person.firstName(sex);
  const committed = status === "call_booked" || status === "won";
  const lastName = committed || chance(0.8) ? faker.person.lastName() : null;
  const emailRate = committed ? 1 : BEYOND_QUALIFIED.has(status) ? 0.6 : status === "lost" ? 0.4 : 0.15;
  return {
    gender,
    firstName,
    lastName,
    username: instagramHandle(firstName, lastName, usernames),
    email: chance(emailRate) ? faker.internet.email({ firstName, lastName: lastName ?? undefined }).toLowerCase() : null,
    phone: committed || chance(0.1) ? faker.phone.number({ style: "national" }) : null,
    jobTitle: chance(0.92) ? weighted(PROFESSION_WEIGHTS) : null,
    age: chance(0.1) ? null : fakeAge(),
  };
}

/** Mostly 25–40 like a coach's Instagram audience, with a thin tail from 18 to 62. */
function fakeAge() {
  if (chance(0.15)) return int(18, 62);
  return Math.round(20 + ((int(0, 100) + int(0, 100) + int(0, 100)) / 300) * 26);
}

function instagramHandle(firstName: string, lastName: string | null, taken: Set<string>) {
  const ascii = (s: string) =>
    s
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "");
  const f = ascii(firstName);
  const l = lastName ? ascii(lastName) : "";
  const base = pick(l ? [`${f}.${l}`, `${f}_${l}`, `${f}${l}${int(1, 99)}`, `${f}.${l[0]}`] : [`${f}${int(80, 99)}`, `_${f}_`, `${f}.officiel`]);
  let handle = base;
  for (let n = 2; taken.has(handle); n++) handle = `${base}${n}`;
  taken.add(handle);
  return handle;
}

function tagsFor(status: LeadStatus, source: string) {
  const tags: string[] = [];
  if (source === "keyword") tags.push("lead-magnet");
  if (status === "call_booked" || status === "call_proposed") tags.push("chaud");
  if (status === "follow_up") tags.push("à relancer");
  return tags;
}

/** An outgoing message counts as replied when the lead wrote before the setter's next message. */
function toMessages(leadId: number, lines: Line[]): NewMessage[] {
  let outNumber = 0;
  return lines.map((line, k) => {
    const next = lines[k + 1];
    const replied = line.direction === "out" && next?.direction === "in";
    const messageNumber = line.direction === "out" && outNumber < 4 ? ++outNumber : null;
    return {
      externalId: `ig_mid_${leadId}_${k + 1}`,
      leadId,
      direction: line.direction,
      messageNumber,
      text: line.text,
      isReplied: replied,
      repliedAt: replied ? new Date(next.at) : null,
      sentAt: new Date(line.at),
      sentDay: dayKey(line.at),
      createdAt: new Date(line.at),
    };
  });
}

/** The sequence row mirrors the first four outgoing messages and the call milestones. */
function toSequence(leadId: number, lines: Line[], proposedAt: number | null, bookedAt: number | null): NewSequence {
  const steps: { sentAt: Date; replied: boolean; repliedAt: Date | null }[] = [];
  lines.forEach((line, k) => {
    if (line.direction !== "out" || steps.length === 4) return;
    const next = lines[k + 1];
    const replied = next?.direction === "in";
    steps.push({ sentAt: new Date(line.at), replied, repliedAt: replied ? new Date(next.at) : null });
  });
  const [s1, s2, s3, s4] = steps;
  return {
    leadId,
    msg1SentAt: s1.sentAt,
    msg1Replied: s1.replied,
    msg1RepliedAt: s1.repliedAt,
    msg2SentAt: s2?.sentAt ?? null,
    msg2Replied: s2?.replied ?? false,
    msg2RepliedAt: s2?.repliedAt ?? null,
    msg3SentAt: s3?.sentAt ?? null,
    msg3Replied: s3?.replied ?? false,
    msg3RepliedAt: s3?.repliedAt ?? null,
    msg4SentAt: s4?.sentAt ?? null,
    msg4Replied: s4?.replied ?? false,
    msg4RepliedAt: s4?.repliedAt ?? null,
    callProposedAt: proposedAt !== null ? new Date(proposedAt) : null,
    callBookedAt: bookedAt !== null ? new Date(bookedAt) : null,
    createdAt: s1.sentAt,
  };
}

// The coaching side of one coach: clients (won leads first, plus a few older direct
// clients so six months of history exist), their sessions, monthly invoices and payments.
import type { clients, coachingSessions, invoiceLines, invoices, payments } from "../../db/tenant.schema";
import { DAY, HOUR, MINUTE, startOfDay } from "./clock.server";
import type { WonLead } from "./fake-leads.server";
import { chance, faker, int, pick, weighted } from "./random.server";
import { CLIENT_GOALS, MARKED_MOMENTS, SESSION_SUMMARIES, SESSION_THEMES, type Specialty } from "./vocabulary.server";

export type NewClient = typeof clients.$inferInsert & { id: number };
export type NewSession = typeof coachingSessions.$inferInsert;
export type NewInvoice = typeof invoices.$inferInsert & { id: number };
export type NewInvoiceLine = typeof invoiceLines.$inferInsert;
export type NewPayment = typeof payments.$inferInsert;

export type FakeCoaching = {
  clients: NewClient[];
  sessions: NewSession[];
  invoices: NewInvoice[];
  invoiceLines: NewInvoiceLine[];
  payments: NewPayment[];
};

const MIN_CLIENTS = 10;
const MIN_DIRECT_CLIENTS = 3;
const HISTORY_DAYS = 180;
const UPCOMING_DAYS = 14;

const dayMonth = new Intl.DateTimeFormat("fr-FR", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Europe/Paris" });

export function fakeCoaching(input: { now: Date; specialty: Specialty; won: WonLead[] }): FakeCoaching {
  const now = input.now.getTime();
  const people = [...input.won.map(fromLead), ...directClients(now, Math.max(MIN_DIRECT_CLIENTS, MIN_CLIENTS - input.won.length))];
  // Ids in signup order, like a real table filled over time.
  people.sort((a, b) => a.createdAt - b.createdAt || (a.leadId ?? 0) - (b.leadId ?? 0));

  const out: FakeCoaching = { clients: [], sessions: [], invoices: [], invoiceLines: [], payments: [] };
  const billable: { clientId: number; scheduledAt: number; priceCents: number; theme: string }[] = [];
  people.forEach((p, index) => {
    const id = index + 1;
    out.clients.push({
      id,
      leadId: p.leadId,
      firstName: p.firstName,
      lastName: p.lastName,
      email: p.email,
      phone: p.phone,
      goals: pick(CLIENT_GOALS[input.specialty]),
      createdAt: new Date(p.createdAt),
      updatedAt: new Date(p.createdAt),
    });
    for (const s of clientSessions(id, p.createdAt, now, input.specialty)) {
      out.sessions.push(s);
      if (s.status === "completed") billable.push({ clientId: id, scheduledAt: s.scheduledAt.getTime(), priceCents: s.priceCents!, theme: s.theme! });
    }
  });
  billMonthly(billable, now, out);
  return out;
}

type Person = { leadId: number | null; firstName: string; lastName: string; email: string | null; phone: string | null; createdAt: number };

function fromLead(w: WonLead): Person {
  return { leadId: w.leadId, firstName: w.firstName, lastName: w.lastName, email: w.email, phone: w.phone, createdAt: w.wonAt };
}

/** Clients who came by word of mouth before the Instagram setter existed (30 to 180 days ago). */
function directClients(now: number, count: number): Person[] {
  return Array.from({ length: count }, () => {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    return {
      leadId: null,
      firstName,
      lastName,
      email: faker.internet.email({ firstName, lastName }).toLowerCase(),
      phone: faker.phone.number({ style: "national" }),
      createdAt: now - int(30 * 24, HISTORY_DAYS * 24) * HOUR,
    };
  });
}

/**
 * Weekly or fortnightly sessions from signup until two weeks ahead; one client in five
 * stopped after a few sessions. Past sessions are mostly completed, future ones confirmed.
 */
function clientSessions(clientId: number, since: number, now: number, specialty: Specialty): (NewSession & { scheduledAt: Date })[] {
  const cadence = chance(0.6) ? 7 : 14;
  const priceCents = int(12, 30) * 500; // 60 € to 150 € in 5 € steps
  const durationMinutes = weighted([[60, 70], [45, 15], [90, 15]] as const);
  const hour = int(7, 18); // UTC, i.e. 8h–20h in Paris
  const limit = chance(0.2) ? int(3, 10) : Infinity;
  const sessions: (NewSession & { scheduledAt: Date })[] = [];
  let at = startOfDay(since) + int(1, 5) * DAY + hour * HOUR;
  for (let n = 0; n < limit && at <= now + UPCOMING_DAYS * DAY; n++, at += cadence * DAY) {
    const past = at < now;
    const status = past ? weighted([["completed", 85], ["cancelled", 10], ["refunded", 5]] as const) : "confirmed";
    const completed = status === "completed";
    sessions.push({
      clientId,
      scheduledAt: new Date(at),
      durationMinutes,
      priceCents,
      status,
      theme: pick(SESSION_THEMES[specialty]),
      summary: completed ? pick(SESSION_SUMMARIES) : null,
      markedMoments: completed && chance(0.2) ? [pick(MARKED_MOMENTS)] : [],
      createdAt: new Date(Math.max(since, at - int(2, 10) * DAY)),
    });
  }
  return sessions;
}

/**
 * One invoice per client and calendar month of completed sessions, issued on the 1st of the
 * next month. Past months are mostly paid (with a payment row), the running month is a draft.
 * Numbers follow issue order per year, as French invoicing requires: F-2026-0001, …
 */
function billMonthly(billable: { clientId: number; scheduledAt: number; priceCents: number; theme: string }[], now: number, out: FakeCoaching) {
  const groups = new Map<string, typeof billable>();
  for (const b of billable) {
    const d = new Date(b.scheduledAt);
    const key = `${b.clientId}:${d.getUTCFullYear()}:${d.getUTCMonth()}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(b);
  }
  const drafts = [...groups.values()].map((items) => {
    const first = new Date(items[0].scheduledAt);
    const issueAt = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1, 8);
    const issued = issueAt <= now;
    const status: "draft" | "sent" | "paid" = !issued ? "draft" : weighted([["paid", 85], ["sent", 15]] as const);
    return { items, issuedAt: issued ? issueAt : null, status, lastSession: items[items.length - 1].scheduledAt };
  });
  // Issued invoices in date order first, drafts last.
  drafts.sort(
    (a, b) => (a.issuedAt ?? Infinity) - (b.issuedAt ?? Infinity) || a.items[0].clientId - b.items[0].clientId,
  );

  const perYear = new Map<number, number>();
  drafts.forEach((inv, index) => {
    const id = index + 1;
    const year = new Date(inv.issuedAt ?? now).getUTCFullYear();
    const seq = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, seq);
    const clientId = inv.items[0].clientId;
    const totalCents = inv.items.reduce((s, i) => s + i.priceCents, 0);
    out.invoices.push({
      id,
      clientId,
      number: `F-${year}-${String(seq).padStart(4, "0")}`,
      status: inv.status,
      issuedAt: inv.issuedAt !== null ? new Date(inv.issuedAt) : null,
      dueAt: inv.issuedAt !== null ? new Date(inv.issuedAt + 30 * DAY) : null,
      totalCents,
      createdAt: new Date(inv.issuedAt ?? inv.lastSession + HOUR),
    });
    for (const item of inv.items) {
      out.invoiceLines.push({
        invoiceId: id,
        description: `Séance de coaching du ${dayMonth.format(item.scheduledAt)} – ${item.theme}`,
        quantity: 1,
        unitPriceCents: item.priceCents,
      });
    }
    if (inv.status === "paid" && inv.issuedAt !== null) {
      const paidAt = Math.min(inv.issuedAt + int(0, 12 * 24 * 60) * MINUTE, now);
      out.payments.push({
        invoiceId: id,
        clientId,
        amountCents: totalCents,
        method: weighted([["card", 70], ["transfer", 25], ["cash", 5]] as const),
        paidAt: new Date(paidAt),
        createdAt: new Date(paidAt),
      });
    }
  });
}

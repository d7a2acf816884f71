// Coaching sessions: booking, rescheduling and the life of a session (start, complete, cancel,
// no-show, refund, paid). Every refusal is a French sentence the page shows, never a throw.
import { and, asc, eq, gt, inArray, lt, ne, sql } from "drizzle-orm";
import { clients, coachingSessions, type SessionStatus } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { parisFieldError, parisToUtc, shortParis } from "./paris-time";
import { DURATION_MESSAGE, MAX_DURATION, MAX_PRICE_CENTS, MIN_DURATION, NEGATIVE_PRICE, PRICE_TOO_HIGH } from "./session-schemas";
import { sessionNumberSql } from "./session-number.server";
import { START_EARLY_MINUTES, startOpensAt } from "./session-start";
import { BUSY_STATUSES, SESSION_STATUS_LABELS } from "./session-status";

const MINUTE = 60_000;

/**
 * Where a session may go. Everything else is refused:
 *
 * | from      | to                              |
 * |-----------|---------------------------------|
 * | confirmed | completed, cancelled, no_show   |
 * | completed | refunded                        |
 * | cancelled | refunded                        |
 * | no_show   | — (final)                       |
 * | refunded  | — (final)                       |
 *
 * Two more rules in time: completed and no_show only once the start time has passed.
 * Starting, rescheduling and the session's notes are not status changes: starting and
 * rescheduling need a confirmed session; notes, moments and goals a confirmed or completed one.
 * Starting opens at most START_EARLY_MINUTES before the scheduled time (a mis-tap a week ahead
 * is refused). Rescheduling a started, not yet completed session is allowed and clears
 * started_at: the session is planned again (its notes and moments stay), so a start by mistake
 * or a client who has to leave never locks the booking.
 * A refund needs a paid session (paid_at set): there is nothing to give back otherwise.
 * Booking and rescheduling check the overlap and write in one immediate transaction.
 */
export const TRANSITIONS: Record<SessionStatus, readonly SessionStatus[]> = {
  confirmed: ["completed", "cancelled", "no_show"],
  completed: ["refunded"],
  cancelled: ["refunded"],
  no_show: [],
  refunded: [],
};

export const canTransition = (from: SessionStatus, to: SessionStatus) => TRANSITIONS[from].includes(to);

export type Session = typeof coachingSessions.$inferSelect;
export type Done = { ok: true } | { ok: false; error: string };
export type SessionField = "clientId" | "date" | "time" | "duration" | "price" | "theme";
export type FieldErrors = Partial<Record<SessionField, string[]>>;

const refused = (error: string): Done => ({ ok: false, error });
const OK: Done = { ok: true };

/** The message for a refused status change, naming where the session is now. */
export function transitionError(from: SessionStatus, to: SessionStatus) {
  const verbs: Record<SessionStatus, string> = {
    confirmed: "redevenir confirmée",
    completed: "être marquée réalisée",
    cancelled: "être annulée",
    no_show: "être marquée absence",
    refunded: "être remboursée",
  };
  const hint = to === "refunded" ? " Seule une séance réalisée ou annulée peut être remboursée." : "";
  return `Cette séance est « ${SESSION_STATUS_LABELS[from]} » : elle ne peut pas ${verbs[to]}.${hint}`;
}

/** One body for a missing id, a malformed id and another tenant's id: nothing tells them apart. */
export const SESSION_NOT_FOUND = "Cette séance n'existe pas (ou plus).";
/** The one 404 of a session (its page, its actions, its brief). */
export const sessionNotFound = () => new Response(SESSION_NOT_FOUND, { status: 404 });

export function findSession(db: TenantDb, id: number): Session | undefined {
  return db.select().from(coachingSessions).where(eq(coachingSessions.id, id)).get();
}

/** The session with its client's name and its "Séance #N" (null for one that does not count). */
export function sessionHeader(db: TenantDb, id: number) {
  return db
    .select({
      id: coachingSessions.id,
      clientId: coachingSessions.clientId,
      firstName: clients.firstName,
      lastName: clients.lastName,
      number: sessionNumberSql("coaching_sessions"),
    })
    .from(coachingSessions)
    .innerJoin(clients, eq(clients.id, coachingSessions.clientId))
    .where(eq(coachingSessions.id, id))
    .get();
}

/** The coach's clients for the booking form's select, by name. */
export function clientChoices(db: TenantDb) {
  return db
    .select({ id: clients.id, firstName: clients.firstName, lastName: clients.lastName })
    .from(clients)
    .orderBy(asc(clients.lastName), asc(clients.firstName), asc(clients.id))
    .all()
    .map((c) => ({ id: c.id, name: `${c.firstName} ${c.lastName}`.trim() }));
}

const clientExists = (db: TenantDb, id: number) => db.select({ id: clients.id }).from(clients).where(eq(clients.id, id)).get() !== undefined;

/**
 * A session that holds the coach's time during [start, start + duration): adjacent sessions
 * (one ends at 15:00, the next starts at 15:00) do not overlap. `exceptId`: the session moved.
 */
export function findOverlap(db: TenantDb, start: Date, durationMinutes: number, exceptId?: number) {
  const end = start.getTime() + durationMinutes * MINUTE;
  return db
    .select({ id: coachingSessions.id, scheduledAt: coachingSessions.scheduledAt, firstName: clients.firstName, lastName: clients.lastName })
    .from(coachingSessions)
    .innerJoin(clients, eq(clients.id, coachingSessions.clientId))
    .where(
      and(
        inArray(coachingSessions.status, [...BUSY_STATUSES]),
        // Bounded below by the longest possible session: the (status, scheduled_at) index serves it.
        gt(coachingSessions.scheduledAt, new Date(start.getTime() - MAX_DURATION * MINUTE)),
        lt(coachingSessions.scheduledAt, new Date(end)),
        sql`${coachingSessions.scheduledAt} + ${coachingSessions.durationMinutes} * ${MINUTE} > ${start.getTime()}`,
        exceptId === undefined ? undefined : ne(coachingSessions.id, exceptId),
      ),
    )
    .orderBy(asc(coachingSessions.scheduledAt))
    .get();
}

export const overlapMessage = (o: { scheduledAt: Date; firstName: string; lastName: string }) =>
  `Chevauche la séance de ${`${o.firstName} ${o.lastName}`.trim()} le ${shortParis(o.scheduledAt)}.`;

type When = { date: string; time: string; durationMinutes: number };

/** Paris date and time → the instant, with the duration and overlap checks; errors by field. */
function checkWhen(db: TenantDb, w: When, errors: FieldErrors, exceptId?: number): Date | null {
  if (!Number.isInteger(w.durationMinutes) || w.durationMinutes < MIN_DURATION || w.durationMinutes > MAX_DURATION) errors.duration = [DURATION_MESSAGE];
  const at = parisToUtc(w.date, w.time);
  if (!at.ok) {
    const e = parisFieldError(w.date, w.time)!;
    errors[e.field] = [e.message];
    return null;
  }
  if (errors.duration) return null;
  const overlap = findOverlap(db, at.date, w.durationMinutes, exceptId);
  if (overlap) errors.time = [overlapMessage(overlap)];
  return errors.time ? null : at.date;
}

export type NewSession = When & { clientId: number; priceCents: number; theme?: string | null };

/** Books a confirmed session; field errors when the client, time, duration or price is wrong. */
export function createSession(db: TenantDb, input: NewSession, now = new Date()): { ok: true; id: number } | { ok: false; errors: FieldErrors } {
  // Immediate: the write lock is taken before the overlap check, so another booking of the same
  // slot (another request, another process) waits and then sees this one.
  return db.$client.transaction(() => bookChecked(db, input, now)).immediate();
}

function bookChecked(db: TenantDb, input: NewSession, now: Date): { ok: true; id: number } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!Number.isSafeInteger(input.clientId) || !clientExists(db, input.clientId)) errors.clientId = ["Choisissez un client de la liste."];
  if (!Number.isSafeInteger(input.priceCents)) errors.price = ["Un prix en euros, par exemple 80 ou 80,50."];
  else if (input.priceCents < 0) errors.price = [NEGATIVE_PRICE];
  else if (input.priceCents > MAX_PRICE_CENTS) errors.price = [PRICE_TOO_HIGH];
  const at = checkWhen(db, input, errors);
  if (Object.keys(errors).length > 0 || !at) return { ok: false, errors };
  const row = db
    .insert(coachingSessions)
    .values({ clientId: input.clientId, scheduledAt: at, durationMinutes: input.durationMinutes, priceCents: input.priceCents, theme: input.theme || null, status: "confirmed", createdAt: now, updatedAt: now })
    .returning({ id: coachingSessions.id })
    .get();
  return { ok: true, id: row.id };
}

/**
 * Moves a confirmed session; it may keep (part of) its own slot. A started one is planned again
 * (started_at cleared; notes and moments stay): see the table above.
 */
export function rescheduleSession(db: TenantDb, session: Session, w: When, now = new Date()): { ok: true } | { ok: false; errors: FieldErrors; error?: string } {
  return db.$client
    .transaction((): { ok: true } | { ok: false; errors: FieldErrors; error?: string } => {
      // Read again under the lock: a cancel posted meanwhile wins.
      const status = findSession(db, session.id)?.status ?? session.status;
      if (status !== "confirmed") return { ok: false, errors: {}, error: `Cette séance est « ${SESSION_STATUS_LABELS[status]} » : elle ne peut plus être déplacée.` };
      const errors: FieldErrors = {};
      const at = checkWhen(db, w, errors, session.id);
      if (!at) return { ok: false, errors };
      db.update(coachingSessions).set({ scheduledAt: at, durationMinutes: w.durationMinutes, startedAt: null, updatedAt: now }).where(eq(coachingSessions.id, session.id)).run();
      return { ok: true };
    })
    .immediate();
}

const set = (db: TenantDb, id: number, values: Partial<typeof coachingSessions.$inferInsert>) =>
  db.update(coachingSessions).set(values).where(eq(coachingSessions.id, id)).run();

/** The session page becomes the "during the session" view. */
export function startSession(db: TenantDb, session: Session, now = new Date()): Done {
  if (session.status !== "confirmed") return refused(`Cette séance est « ${SESSION_STATUS_LABELS[session.status]} » : elle ne peut pas être démarrée.`);
  if (!session.startedAt && now.getTime() < startOpensAt(session).getTime()) {
    return refused(`La séance commence le ${shortParis(session.scheduledAt)} : vous pourrez la démarrer ${START_EARLY_MINUTES} minutes avant.`);
  }
  if (!session.startedAt) set(db, session.id, { startedAt: now, updatedAt: now });
  return OK;
}

export function completeSession(db: TenantDb, session: Session, input: { summary: string; agreed?: string | null }, now = new Date()): Done {
  if (!canTransition(session.status, "completed")) return refused(transitionError(session.status, "completed"));
  if (session.scheduledAt.getTime() > now.getTime()) {
    return refused(`Cette séance n'a pas encore commencé (prévue le ${shortParis(session.scheduledAt)}) : une séance réalisée ne peut pas être dans le futur.`);
  }
  set(db, session.id, { status: "completed", summary: input.summary, agreed: input.agreed || null, completedAt: now, startedAt: session.startedAt ?? session.scheduledAt, updatedAt: now });
  return OK;
}

export function cancelSession(db: TenantDb, session: Session, now = new Date()): Done {
  if (!canTransition(session.status, "cancelled")) return refused(transitionError(session.status, "cancelled"));
  set(db, session.id, { status: "cancelled", cancelledAt: now, updatedAt: now });
  return OK;
}

export function markNoShow(db: TenantDb, session: Session, now = new Date()): Done {
  if (!canTransition(session.status, "no_show")) return refused(transitionError(session.status, "no_show"));
  if (session.scheduledAt.getTime() > now.getTime()) return refused(`L'absence se constate une fois l'heure de la séance passée (prévue le ${shortParis(session.scheduledAt)}).`);
  set(db, session.id, { status: "no_show", updatedAt: now });
  return OK;
}

export const NOTHING_TO_REFUND = "Cette séance n'a pas été payée : rien à rembourser.";

export function refundSession(db: TenantDb, session: Session, now = new Date()): Done {
  if (!canTransition(session.status, "refunded")) return refused(transitionError(session.status, "refunded"));
  if (!session.paidAt) return refused(NOTHING_TO_REFUND);
  set(db, session.id, { status: "refunded", refundedAt: now, updatedAt: now });
  return OK;
}

/** Paid or not: a refunded session keeps the payment it had, as history. */
export function setPaid(db: TenantDb, session: Session, paid: boolean, now = new Date()): Done {
  if (session.status === "refunded") return refused("Cette séance est remboursée : son paiement ne se modifie plus.");
  if (paid && !session.paidAt) set(db, session.id, { paidAt: now, updatedAt: now });
  if (!paid && session.paidAt) set(db, session.id, { paidAt: null, updatedAt: now });
  return OK;
}

/** Notes, marked moments and goals are written while the session is planned or after it took place. */
export function recordingRefusal(session: Session): string | null {
  return session.status === "confirmed" || session.status === "completed"
    ? null
    : `Cette séance est « ${SESSION_STATUS_LABELS[session.status]} » : on n'y note plus rien.`;
}

export type Drafts = { notes?: string | null; summary?: string | null; agreed?: string | null };

/**
 * Saves what the recording form carries (notes, and the summary and agreement being written)
 * with each of its buttons, so that adding a moment without JavaScript loses no typed text.
 * Only the fields present are written; the summary is final once the session is completed.
 */
export function saveDrafts(db: TenantDb, session: Session, drafts: Drafts, now = new Date()): Done {
  const no = recordingRefusal(session);
  if (no) return refused(no);
  const values: Partial<typeof coachingSessions.$inferInsert> = {};
  if (drafts.notes !== undefined) values.notes = drafts.notes || null;
  if (session.status === "confirmed" && drafts.summary !== undefined) values.summary = drafts.summary || null;
  if (session.status === "confirmed" && drafts.agreed !== undefined) values.agreed = drafts.agreed || null;
  const changed = (Object.keys(values) as (keyof typeof values)[]).some((k) => (session as Record<string, unknown>)[k] !== values[k]);
  if (changed) set(db, session.id, { ...values, updatedAt: now });
  return OK;
}

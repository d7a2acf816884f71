import { beforeEach, describe, expect, it } from "vitest";
import { SESSION_STATUSES, type SessionStatus } from "../../db/tenant.schema";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import type { TenantDb } from "~/lib/tenant-db.server";
import {
  TRANSITIONS, cancelSession, canTransition, completeSession, createSession, findSession, markNoShow, refundSession,
  rescheduleSession, sessionHeader, setPaid, startSession, type NewSession,
} from "./sessions.server";
import { addMoment, listMoments, removeMoment } from "./moments.server";
import { goalChoices, setSessionGoals } from "./session-goals.server";

let db: TenantDb;
let marie: number;
let jean: number;
const NOW = new Date("2026-11-20T12:00:00Z");

const addClient = (first: string, last: string) =>
  (db.$client.prepare("INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES (?, ?, 0, 0) RETURNING id").get(first, last) as { id: number }).id;
const book = (over: Partial<NewSession> = {}) => createSession(db, { clientId: marie, date: "2026-11-12", time: "14:00", durationMinutes: 60, priceCents: 8000, theme: "Stress", ...over }, NOW);
const bookId = (over: Partial<NewSession> = {}) => {
  const r = book(over);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.id;
};
const session = (id: number) => findSession(db, id)!;

beforeEach(() => {
  db = memoryTenant();
  marie = addClient("Marie", "Dupont");
  jean = addClient("Jean", "Martin");
});

describe("transition table", () => {
  it("lets a confirmed session end one way, and only completed or cancelled ones be refunded", () => {
    const allowed = SESSION_STATUSES.flatMap((from) => SESSION_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(["cancelled→refunded", "completed→refunded", "confirmed→cancelled", "confirmed→completed", "confirmed→no_show"]);
    expect(TRANSITIONS.refunded).toEqual([]);
  });

  it("refuses every other change with a French sentence and writes nothing", () => {
    const steps: Record<SessionStatus, (id: number) => unknown> = {
      confirmed: () => undefined,
      completed: (id) => completeSession(db, session(id), { summary: "ok" }, NOW),
      cancelled: (id) => cancelSession(db, session(id), NOW),
      no_show: (id) => markNoShow(db, session(id), NOW),
      refunded: (id) => {
        setPaid(db, session(id), true, NOW);
        cancelSession(db, session(id), NOW);
        refundSession(db, session(id), NOW);
      },
    };
    let hour = 6;
    for (const from of SESSION_STATUSES) {
      const id = bookId({ time: `${String(hour++).padStart(2, "0")}:00` });
      steps[from](id);
      expect(session(id).status).toBe(from);
      const attempts: [SessionStatus, () => { ok: boolean; error?: string }][] = [
        ["completed", () => completeSession(db, session(id), { summary: "x" }, NOW)],
        ["cancelled", () => cancelSession(db, session(id), NOW)],
        ["no_show", () => markNoShow(db, session(id), NOW)],
        ["refunded", () => refundSession(db, session(id), NOW)],
      ];
      for (const [to, attempt] of attempts) {
        if (canTransition(from, to)) continue;
        const r = attempt();
        expect(r.ok).toBe(false);
        expect(r.error).toMatch(/^Cette séance est « .+ » : elle ne peut pas/);
        expect(session(id).status).toBe(from);
      }
    }
  });

  it("refuses to complete or mark absent a session that has not started yet", () => {
    const future = bookId({ date: "2026-11-25" });
    expect(completeSession(db, session(future), { summary: "x" }, NOW)).toEqual({ ok: false, error: expect.stringMatching(/une séance réalisée ne peut pas être dans le futur/) });
    expect(markNoShow(db, session(future), NOW)).toEqual({ ok: false, error: expect.stringMatching(/une fois l'heure de la séance passée/) });
    expect(session(future).status).toBe("confirmed");
  });

  it("records the timestamps of each step", () => {
    const id = bookId();
    expect(startSession(db, session(id), NOW)).toEqual({ ok: true });
    expect(session(id).startedAt).toEqual(NOW);
    const later = new Date(NOW.getTime() + 60_000);
    expect(completeSession(db, session(id), { summary: "Bien avancé", agreed: "" }, later)).toEqual({ ok: true });
    expect(session(id)).toMatchObject({ status: "completed", summary: "Bien avancé", agreed: null, completedAt: later, startedAt: NOW });
    expect(setPaid(db, session(id), true, later).ok).toBe(true);
    expect(session(id).paidAt).toEqual(later);
    expect(setPaid(db, session(id), false, later).ok).toBe(true);
    expect(session(id).paidAt).toBeNull();
    expect(refundSession(db, session(id), later)).toEqual({ ok: false, error: "Cette séance n'a pas été payée : rien à rembourser." });
    expect(session(id).status).toBe("completed");
    setPaid(db, session(id), true, later);
    expect(refundSession(db, session(id), later).ok).toBe(true);
    expect(session(id)).toMatchObject({ status: "refunded", refundedAt: later });
    expect(setPaid(db, session(id), true, later).ok).toBe(false);
    expect(startSession(db, session(id), later).ok).toBe(false);
  });
});

describe("overlap", () => {
  it("refuses a session that intersects another, naming it", () => {
    bookId();
    const r = book({ clientId: jean, time: "14:30" });
    expect(r).toEqual({ ok: false, errors: { time: ["Chevauche la séance de Marie Dupont le 12 nov. à 14:00."] } });
    expect(book({ clientId: jean, time: "13:30" }).ok).toBe(false);
    expect(book({ clientId: jean, time: "13:00", durationMinutes: 180 }).ok).toBe(false);
  });

  it("accepts adjacent sessions", () => {
    bookId();
    expect(book({ clientId: jean, time: "15:00" }).ok).toBe(true);
    expect(book({ clientId: jean, time: "13:00" }).ok).toBe(true);
  });

  it("frees the slot of a cancelled session, not the one of a no-show", () => {
    const a = bookId();
    cancelSession(db, session(a), NOW);
    const b = bookId({ clientId: jean });
    markNoShow(db, session(b), NOW);
    expect(book({ time: "14:15" })).toMatchObject({ ok: false, errors: { time: [expect.stringContaining("Jean Martin")] } });
  });

  it("lets a rescheduled session overlap its own old slot, not others", () => {
    const a = bookId();
    bookId({ clientId: jean, time: "16:00" });
    expect(rescheduleSession(db, session(a), { date: "2026-11-12", time: "14:30", durationMinutes: 90 }, NOW)).toEqual({ ok: true });
    expect(session(a).scheduledAt.toISOString()).toBe("2026-11-12T13:30:00.000Z");
    expect(rescheduleSession(db, session(a), { date: "2026-11-12", time: "15:00", durationMinutes: 90 }, NOW)).toMatchObject({ ok: false, errors: { time: [expect.stringContaining("Jean Martin")] } });
  });
});

describe("starting", () => {
  it("opens 30 minutes before the session, not earlier", () => {
    const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
    const id = bookId({ date: "2026-11-20", time: "13:31" }); // NOW + 31 min (Paris = UTC+1)
    expect(session(id).scheduledAt).toEqual(at(31));
    expect(startSession(db, session(id), NOW)).toEqual({ ok: false, error: "La séance commence le 20 nov. à 13:31 : vous pourrez la démarrer 30 minutes avant." });
    expect(session(id).startedAt).toBeNull();
    expect(startSession(db, session(id), at(1))).toEqual({ ok: true });
    expect(session(id).startedAt).toEqual(at(1));
    const weekAhead = bookId({ date: "2026-11-27", time: "10:00" });
    expect(startSession(db, session(weekAhead), NOW).ok).toBe(false);
  });

  it("rescheduling a started session plans it again: started_at cleared, notes kept", () => {
    const id = bookId();
    startSession(db, session(id), NOW);
    db.$client.prepare("UPDATE coaching_sessions SET notes = 'Notes prises' WHERE id = ?").run(id);
    expect(rescheduleSession(db, session(id), { date: "2026-11-27", time: "10:00", durationMinutes: 60 }, NOW)).toEqual({ ok: true });
    expect(session(id)).toMatchObject({ status: "confirmed", startedAt: null, notes: "Notes prises", scheduledAt: new Date("2026-11-27T09:00:00Z") });
    cancelSession(db, session(id), NOW);
    expect(rescheduleSession(db, session(id), { date: "2026-11-28", time: "10:00", durationMinutes: 60 }, NOW)).toMatchObject({ ok: false, error: expect.stringMatching(/« Annulée » : elle ne peut plus être déplacée/) });
  });
});

describe("validation", () => {
  it("refuses a negative price, a duration outside 15–480 minutes and a missing client, by field", () => {
    expect(book({ priceCents: -100 })).toEqual({ ok: false, errors: { price: ["Le prix ne peut pas être négatif."] } });
    expect(book({ priceCents: 1_000_001, date: "2026-11-16" })).toEqual({ ok: false, errors: { price: ["Le prix dépasse 10 000 € : vérifiez le montant."] } });
    expect(book({ priceCents: 0 }).ok).toBe(true);
    expect(book({ priceCents: 1_000_000, date: "2026-11-16" }).ok).toBe(true);
    expect(book({ durationMinutes: 14, date: "2026-11-13" })).toMatchObject({ ok: false, errors: { duration: [expect.any(String)] } });
    expect(book({ durationMinutes: 481, date: "2026-11-13" })).toMatchObject({ ok: false, errors: { duration: [expect.any(String)] } });
    expect(book({ durationMinutes: 15, date: "2026-11-13" }).ok).toBe(true);
    expect(book({ durationMinutes: 480, date: "2026-11-14" }).ok).toBe(true);
    expect(book({ clientId: 9999, date: "2026-11-15" })).toEqual({ ok: false, errors: { clientId: ["Choisissez un client de la liste."] } });
  });

  it("refuses the hour skipped in March and stores the others in UTC", () => {
    expect(book({ date: "2026-03-29", time: "02:30" })).toMatchObject({ ok: false, errors: { time: [expect.stringMatching(/n'existe pas à Paris/)] } });
    expect(session(bookId({ date: "2026-03-29", time: "03:00" })).scheduledAt.toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(session(bookId({ date: "2026-10-25", time: "02:30" })).scheduledAt.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });
});

describe("numbering", () => {
  it("counts a client's taken-place and planned sessions, not cancelled or no-show ones", () => {
    const ids = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-25"].map((date) => bookId({ date }));
    cancelSession(db, session(ids[1]), NOW);
    markNoShow(db, session(ids[2]), NOW);
    completeSession(db, session(ids[0]), { summary: "s" }, NOW);
    bookId({ clientId: jean, date: "2026-10-01" });
    expect(ids.map((id) => sessionHeader(db, id)?.number ?? null)).toEqual([1, null, null, 2, 3]);
  });
});

describe("moments and goals", () => {
  it("adds moments in order and removes only this session's", () => {
    const a = bookId();
    const b = bookId({ date: "2026-11-13" });
    const m1 = addMoment(db, a, "Déclic culpabilité", NOW);
    addMoment(db, a, "Premier objectif", new Date(NOW.getTime() + 1000));
    const other = addMoment(db, b, "Autre séance", NOW);
    expect(listMoments(db, a).map((m) => m.body)).toEqual(["Déclic culpabilité", "Premier objectif"]);
    expect(removeMoment(db, a, other)).toBe(false);
    expect(removeMoment(db, a, m1)).toBe(true);
    expect(listMoments(db, a).map((m) => m.body)).toEqual(["Premier objectif"]);
    expect(listMoments(db, b)).toHaveLength(1);
  });

  it("ticks goals of the session's client in progress, and refuses another client's", () => {
    const goal = (clientId: number, title: string, status = "in_progress") =>
      (db.$client.prepare("INSERT INTO goals (client_id, title, status, progress, created_at, updated_at) VALUES (?, ?, ?, 0, 0, 0) RETURNING id").get(clientId, title, status) as { id: number }).id;
    const g1 = goal(marie, "Oser dire non");
    const done = goal(marie, "Fini", "done");
    const jeans = goal(jean, "Objectif de Jean");
    const s = session(bookId());
    expect(goalChoices(db, s).map((g) => g.title)).toEqual(["Oser dire non"]);
    expect(setSessionGoals(db, s, [g1, jeans])).toBe(false);
    expect(setSessionGoals(db, s, [done])).toBe(false);
    expect(goalChoices(db, s).some((g) => g.touched)).toBe(false);
    expect(setSessionGoals(db, s, [g1])).toBe(true);
    expect(goalChoices(db, s)).toEqual([expect.objectContaining({ id: g1, touched: true })]);
    expect(setSessionGoals(db, s, [])).toBe(true);
    expect(goalChoices(db, s)[0].touched).toBe(false);
  });
});

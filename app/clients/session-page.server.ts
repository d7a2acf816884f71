// /dashboard/sessions/:sessionId: what the page reads, and what each of its forms does. The
// route stays thin: guard, find the session (404 otherwise), call these.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json } from "@remix-run/node";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseId } from "~/lib/parse-id";
import type { TenantDb } from "~/lib/tenant-db.server";
import { addMoment, listMoments, removeMoment } from "./moments.server";
import { utcToParis } from "./paris-time";
import { goalChoices, setSessionGoals } from "./session-goals.server";
import { CompleteSchema, DraftsSchema, MomentSchema, RescheduleSchema, type SessionIntent } from "./session-schemas";
import {
  cancelSession, completeSession, findSession, markNoShow, recordingRefusal, refundSession, rescheduleSession,
  saveDrafts, sessionHeader, sessionNotFound, setPaid, startSession, type Done, type Session,
} from "./sessions.server";

const notFound = (body: string) => new Response(body, { status: 404 });

/** The session of the URL in the session's tenant, or a thrown 404. */
export function requireSession(db: TenantDb, param: string | undefined): Session {
  const id = parseId(param);
  const session = id === null ? undefined : findSession(db, id);
  if (!session) throw sessionNotFound();
  return session;
}

export function loadSessionPage(db: TenantDb, session: Session) {
  const header = sessionHeader(db, session.id)!;
  const ms = (d: Date | null) => d?.getTime() ?? null;
  return {
    session: {
      id: session.id,
      clientId: session.clientId,
      clientName: `${header.firstName} ${header.lastName}`.trim(),
      number: header.number,
      status: session.status,
      scheduledAt: session.scheduledAt.getTime(),
      paris: utcToParis(session.scheduledAt),
      durationMinutes: session.durationMinutes,
      priceCents: session.priceCents,
      theme: session.theme,
      summary: session.summary,
      notes: session.notes,
      agreed: session.agreed,
      startedAt: ms(session.startedAt),
      completedAt: ms(session.completedAt),
      cancelledAt: ms(session.cancelledAt),
      refundedAt: ms(session.refundedAt),
      paidAt: ms(session.paidAt),
      updatedAt: session.updatedAt.getTime(),
    },
    moments: listMoments(db, session.id).map((m) => ({ id: m.id, body: m.body, createdAt: m.createdAt.getTime() })),
    goals: goalChoices(db, session),
  };
}

const invalid = (intent: SessionIntent, result: SubmissionResult<string[]>) => json({ intent, result, refused: null, added: false }, { status: 400 });
/** A refused change: the page shows the sentence, nothing was written. */
const refusal = (intent: SessionIntent, message: string) => json({ intent, result: null, refused: message, added: false }, { status: 400 });

const DONE_MESSAGES: Partial<Record<SessionIntent, string>> = {
  start: "Séance démarrée : notez les moments clés au fil de l'eau.",
  complete: "Séance terminée et enregistrée.",
  cancel: "Séance annulée.",
  "no-show": "Absence enregistrée.",
  refund: "Séance remboursée.",
  paid: "Séance marquée payée.",
  unpaid: "Séance marquée non payée.",
};

/**
 * The recording form's buttons (notes, add a moment, complete) all save the text it carries
 * first; a response only when that is refused (a closed session) or too long.
 */
function keepDrafts(intent: SessionIntent, db: TenantDb, session: Session, form: FormData, now: Date) {
  // Completing a closed session: the transition's own refusal says it best.
  if (intent === "complete" && recordingRefusal(session)) return null;
  const s = parseWithZod(form, { schema: DraftsSchema });
  if (s.status !== "success") return invalid(intent, s.reply());
  // An emptied field is absent from the parsed value: whether the form carried it says "clear it".
  const field = (name: "notes" | "summary" | "agreed") => (form.has(name) ? (s.value[name] ?? null) : undefined);
  const r = saveDrafts(db, session, { notes: field("notes"), summary: field("summary"), agreed: field("agreed") }, now);
  return r.ok ? null : refusal(intent, r.error);
}

/** Every form of the page posts here with an `intent`; success redirects (PRG) with a message. */
export async function sessionAction(request: Request, db: TenantDb, session: Session, form: FormData, now = new Date()) {
  const intent = String(form.get("intent") ?? "") as SessionIntent;
  const page = `/dashboard/sessions/${session.id}`;
  const done = (message: string, hash = "") => redirectWithFlash(request, `${page}${hash}`, message);
  const outcome = (r: Done) => (r.ok ? done(DONE_MESSAGES[intent]!) : refusal(intent, r.error));
  switch (intent) {
    case "start":
      return outcome(startSession(db, session, now));
    case "cancel":
      return outcome(cancelSession(db, session, now));
    case "no-show":
      return outcome(markNoShow(db, session, now));
    case "refund":
      return outcome(refundSession(db, session, now));
    case "paid":
    case "unpaid":
      return outcome(setPaid(db, session, intent === "paid", now));
    case "complete": {
      const draft = keepDrafts(intent, db, session, form, now);
      if (draft) return draft;
      const s = parseWithZod(form, { schema: CompleteSchema });
      if (s.status !== "success") return invalid(intent, s.reply());
      return outcome(completeSession(db, session, s.value, now));
    }
    case "reschedule": {
      const s = parseWithZod(form, { schema: RescheduleSchema });
      if (s.status !== "success") return invalid(intent, s.reply());
      const r = rescheduleSession(db, session, { date: s.value.date, time: s.value.time, durationMinutes: s.value.duration }, now);
      if (r.ok) return done("Séance déplacée.");
      if (r.error) return refusal(intent, r.error);
      return invalid(intent, s.reply({ fieldErrors: r.errors }));
    }
    case "notes":
      return keepDrafts(intent, db, session, form, now) ?? done("Notes enregistrées.", "#notes");
    case "add-moment": {
      const draft = keepDrafts(intent, db, session, form, now);
      if (draft) return draft;
      const s = parseWithZod(form, { schema: MomentSchema });
      if (s.status !== "success") return invalid(intent, s.reply());
      addMoment(db, session.id, s.value.body, now);
      // With JavaScript the moment posts through a fetcher: no reload, the input keeps focus.
      if (form.get("via") === "fetcher") return json({ intent, result: null, refused: null, added: true });
      return done("Moment ajouté.", "#moments");
    }
    case "remove-moment": {
      const momentId = Number(form.get("momentId"));
      const no = recordingRefusal(session);
      if (no) return refusal(intent, no);
      // A moment of another session or tenant is not this session's: the same 404 as a missing one.
      if (!Number.isSafeInteger(momentId) || !removeMoment(db, session.id, momentId)) throw notFound("Ce moment n'existe pas.");
      return done("Moment retiré.", "#moments");
    }
    case "goals": {
      const ids = form.getAll("goalId").map((v) => Number(v));
      const no = recordingRefusal(session);
      if (no) return refusal(intent, no);
      if (!ids.every(Number.isSafeInteger) || !setSessionGoals(db, session, ids)) throw notFound("Cet objectif n'existe pas.");
      return done("Objectifs travaillés enregistrés.", "#objectifs");
    }
    default:
      throw new Response("Action inconnue.", { status: 400 });
  }
}

// The pre-brief of a session (seeds/002 "Pré-brief"): what the coach re-reads before it —
// the previous completed session (summary, its notes, marked moments, goals worked on, what was agreed), the goals in
// progress, recent notes and, for a client who came from a lead, the setter's last messages.
import { parseId } from "~/lib/parse-id";
import { prepared } from "~/lib/prepared.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { sessionNumberSqlText } from "./session-number.server";
import { sessionNotFound } from "./sessions.server";

export const BRIEF_NOTES = 5;
export const BRIEF_MESSAGES = 5;

export type Brief = {
  session: { id: number; status: string; scheduledAt: number; durationMinutes: number; theme: string | null; number: number | null };
  client: { id: number; name: string; leadId: number | null };
  previous: {
    id: number;
    scheduledAt: number;
    number: number | null;
    summary: string | null;
    /** The coach's own notes taken during that session. */
    notes: string | null;
    agreed: string | null;
    moments: string[];
    /** The goals worked on in that session (session_goals), with their state today. */
    goals: { id: number; title: string; status: string; progress: number }[];
  } | null;
  goals: { id: number; title: string; progress: number }[];
  notes: { id: number; body: string; createdAt: number }[];
  messages: { id: number; direction: "in" | "out"; text: string; sentAt: number }[];
};

function statements(db: TenantDb) {
  return prepared(db, "brief:v2", () => {
    const sqlite = db.$client;
    return {
      session: sqlite.prepare(`
        SELECT s.id, s.status, s.scheduled_at AS scheduledAt, s.duration_minutes AS durationMinutes, s.theme,
          ${sessionNumberSqlText("s")} AS number, c.id AS clientId, c.first_name AS firstName, c.last_name AS lastName, c.lead_id AS leadId
        FROM coaching_sessions s JOIN clients c ON c.id = s.client_id WHERE s.id = ?`),
      // The client's last completed session that started before this one (sessions_client_idx).
      previous: sqlite.prepare(`
        SELECT s.id, s.scheduled_at AS scheduledAt, s.summary, s.notes, s.agreed, ${sessionNumberSqlText("s")} AS number
        FROM coaching_sessions s WHERE s.client_id = @clientId AND s.status = 'completed' AND s.scheduled_at < @before
        ORDER BY s.scheduled_at DESC, s.id DESC LIMIT 1`),
      moments: sqlite.prepare("SELECT body FROM session_moments WHERE session_id = ? ORDER BY id"),
      goals: sqlite.prepare("SELECT id, title, progress FROM goals WHERE client_id = ? AND status = 'in_progress' ORDER BY id"),
      sessionGoals: sqlite.prepare("SELECT g.id, g.title, g.status, g.progress FROM session_goals sg JOIN goals g ON g.id = sg.goal_id WHERE sg.session_id = ? ORDER BY g.id"),
      notes: sqlite.prepare(`SELECT id, body, created_at AS createdAt FROM client_notes WHERE client_id = ? ORDER BY created_at DESC, id DESC LIMIT ${BRIEF_NOTES}`),
      messages: sqlite.prepare(
        `SELECT id, direction, text, sent_at AS sentAt FROM messages WHERE lead_id = ? AND text <> '' ORDER BY sent_at DESC, id DESC LIMIT ${BRIEF_MESSAGES}`,
      ),
    };
  });
}

/** The pre-brief of one session of this tenant, or null when there is no such session. */
export function loadBrief(db: TenantDb, sessionId: number): Brief | null {
  const q = statements(db);
  type SessionRow = Brief["session"] & { clientId: number; firstName: string; lastName: string; leadId: number | null };
  const row = q.session.get(sessionId) as SessionRow | undefined;
  if (!row) return null;
  const { clientId, firstName, lastName, leadId, ...session } = row;
  const prev = q.previous.get({ clientId, before: session.scheduledAt }) as Omit<NonNullable<Brief["previous"]>, "moments" | "goals"> | undefined;
  return {
    session,
    client: { id: clientId, name: `${firstName} ${lastName}`.trim(), leadId },
    previous: prev
      ? {
          ...prev,
          moments: (q.moments.all(prev.id) as { body: string }[]).map((m) => m.body),
          goals: q.sessionGoals.all(prev.id) as NonNullable<Brief["previous"]>["goals"],
        }
      : null,
    goals: q.goals.all(clientId) as Brief["goals"],
    notes: q.notes.all(clientId) as Brief["notes"],
    // Oldest first, as a conversation reads.
    messages: leadId == null ? [] : (q.messages.all(leadId) as Brief["messages"]).reverse(),
  };
}

/** The brief of `:sessionId`; a malformed, missing or other tenant's id is the session page's 404. */
export function requireBrief(db: TenantDb, param: string | undefined): Brief {
  const id = parseId(param);
  const brief = id === null ? null : loadBrief(db, id);
  if (!brief) throw sessionNotFound();
  return brief;
}

// /dashboard/clients/:clientId: what the page reads, and what each of its forms does. The route
// stays thin: guard, find the client (404 otherwise), call these.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json } from "@remix-run/node";
import type { TenantDb } from "~/lib/tenant-db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { addClientNote, deleteClientNote, listClientNotes } from "./client-notes.server";
import { ClientFieldsSchema, ClientNoteSchema, GoalCreateSchema, GoalIdSchema, GoalProgressSchema, NoteIdSchema } from "./client-schemas";
import { clientFigures, clientMoney, clientSessions } from "./client-sessions.server";
import { leadOfClient, updateClient, type Client } from "./client.server";
import { clientName } from "./clients-list.server";
import { createGoal, listGoals, setGoalProgress, setGoalStatus } from "./goals.server";
import { clientHealth, healthReason } from "./health";

export function loadClientPage(db: TenantDb, client: Client, now = Date.now()) {
  const sqlite = db.$client;
  const figures = clientFigures(sqlite, client.id, now);
  return {
    client: {
      id: client.id,
      name: clientName(client),
      firstName: client.firstName,
      lastName: client.lastName,
      email: client.email,
      phone: client.phone,
      company: client.company,
      city: client.city,
      kind: client.kind,
      address: client.address,
      postalCode: client.postalCode,
      country: client.country,
      siren: client.siren,
      vatNumber: client.vatNumber,
      createdAt: client.createdAt.getTime(),
      updatedAt: client.updatedAt.getTime(),
    },
    lead: leadOfClient(db, client),
    health: clientHealth(figures, now),
    healthReason: healthReason(figures, now),
    doneCount: figures.doneCount,
    sessions: clientSessions(sqlite, client.id, now),
    money: clientMoney(sqlite, client.id, now),
    goals: listGoals(db, client.id).map((g) => ({ id: g.id, title: g.title, status: g.status, progress: g.progress, createdAt: g.createdAt.getTime(), closedAt: g.closedAt?.getTime() ?? null })),
    notes: listClientNotes(db, client.id).map((n) => ({ id: n.id, body: n.body, createdAt: n.createdAt.getTime() })),
  };
}

export const CLIENT_INTENTS = ["fields", "add-goal", "goal-progress", "goal-done", "goal-abandon", "goal-reopen", "add-note", "delete-note"] as const;
export type ClientIntent = (typeof CLIENT_INTENTS)[number];

const invalid = (intent: ClientIntent, result: SubmissionResult<string[]>) => json({ intent, result }, { status: 400 });
const goalNotFound = () => new Response("Cet objectif n'existe pas.", { status: 404 });
const noteNotFound = () => new Response("Cette note n'existe pas.", { status: 404 });

/** Every form of the page posts here with an `intent`; success redirects (PRG) with a message. */
export async function clientAction(request: Request, db: TenantDb, client: Client, form: FormData, now = new Date()) {
  const intent = String(form.get("intent") ?? "") as ClientIntent;
  const page = `/dashboard/clients/${client.id}`;
  const done = (message: string, hash = "") => redirectWithFlash(request, `${page}${hash}`, message);
  switch (intent) {
    case "fields": {
      const s = parseWithZod(form, { schema: ClientFieldsSchema });
      if (s.status !== "success") return invalid(intent, s.reply());
      updateClient(db, client.id, s.value, now);
      return done("Coordonnées enregistrées.");
    }
    case "add-goal": {
      const s = parseWithZod(form, { schema: GoalCreateSchema });
      if (s.status !== "success") return invalid(intent, s.reply());
      createGoal(db, client.id, s.value, now);
      return done(`Objectif « ${s.value.title} » ajouté.`, "#goals");
    }
    case "goal-progress": {
      const s = parseWithZod(form, { schema: GoalProgressSchema });
      if (s.status !== "success") {
        // A goal id that is not a number is a missing goal; a bad percentage is a field error.
        if (!GoalIdSchema.safeParse({ goalId: form.get("goalId") }).success) throw goalNotFound();
        return invalid(intent, s.reply());
      }
      if (!setGoalProgress(db, client.id, s.value.goalId, s.value.progress, now)) throw goalNotFound();
      return done(`Progression : ${s.value.progress} %.`, "#goals");
    }
    case "goal-done":
    case "goal-abandon":
    case "goal-reopen": {
      const s = GoalIdSchema.safeParse({ goalId: form.get("goalId") });
      const status = intent === "goal-done" ? "done" : intent === "goal-abandon" ? "abandoned" : "in_progress";
      // Another client's or tenant's goal is not this client's: the same 404 as a missing one.
      if (!s.success || !setGoalStatus(db, client.id, s.data.goalId, status, now)) throw goalNotFound();
      return done(status === "done" ? "Objectif atteint, bravo !" : status === "abandoned" ? "Objectif abandonné." : "Objectif rouvert.", "#goals");
    }
    case "add-note": {
      const s = parseWithZod(form, { schema: ClientNoteSchema });
      if (s.status !== "success") return invalid(intent, s.reply());
      addClientNote(db, client.id, s.value.body, now);
      return done("Note ajoutée.", "#notes");
    }
    case "delete-note": {
      const s = NoteIdSchema.safeParse({ noteId: form.get("noteId") });
      if (!s.success || !deleteClientNote(db, client.id, s.data.noteId)) throw noteNotFound();
      return done("Note supprimée.", "#notes");
    }
    default:
      throw new Response("Action inconnue.", { status: 400 });
  }
}

// /dashboard/leads/:leadId: what the page reads, and what each of its forms does. The route
// stays thin: guard, find the lead (404 otherwise), call these.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json } from "@remix-run/node";
import type { TenantDb } from "~/lib/tenant-db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { createActivity, setActivityState } from "./activities.server";
import { ActivitySchema, ActivityStateSchema, LeadFieldsSchema, NoteSchema, ScoreOverrideSchema, StatusSchema, TagSchema } from "./lead-schemas";
import { addTag, explainScore, findLead, parseLeadId, removeTag, setBlacklisted, setConsent, setScoreOverride, setStatus, updateLeadFields, type Lead } from "./lead.server";
import { addNote, deleteNote } from "./notes.server";
import { conversation, timeline } from "./timeline.server";
import { clientOfLead, markLost, markWon } from "./won-lost.server";
import { EXCLUSION_LABELS, emailSuppressionsOf, exclusionFor } from "~/email/recipients.server";

/** One body for a missing id, a malformed id and another tenant's id: nothing tells them apart. */
export const LEAD_NOT_FOUND = "Ce contact n'existe pas (ou plus).";
export const notFound = () => new Response(LEAD_NOT_FOUND, { status: 404 });

/** The lead of the URL in the session's tenant, or a thrown 404. */
export function requireLead(db: TenantDb, param: string | undefined): Lead {
  const id = parseLeadId(param);
  const lead = id === null ? undefined : findLead(db, id);
  if (!lead) throw notFound();
  return lead;
}

export function displayName(lead: Pick<Lead, "firstName" | "lastName" | "username" | "instagramId" | "id">) {
  const name = [lead.firstName, lead.lastName].filter(Boolean).join(" ");
  return name || (lead.username ? `@${lead.username}` : lead.instagramId ?? `Contact n° ${lead.id}`);
}

export function loadLeadPage(db: TenantDb, lead: Lead, now = new Date()) {
  return {
    lead: {
      ...lead,
      name: displayName(lead),
      createdAt: lead.createdAt.getTime(),
      lastContactAt: lead.lastContactAt?.getTime() ?? null,
      dealValue: lead.dealValueCents === null ? "" : (lead.dealValueCents / 100).toLocaleString("fr-FR", { minimumFractionDigits: 0, maximumFractionDigits: 2 }),
    },
    scoreExplanation: explainScore(lead, now),
    clientId: clientOfLead(db, lead.id),
    consent: { given: lead.consent, source: lead.consentSource, at: lead.consentAt?.getTime() ?? null },
    emailState: leadEmailState(db, lead),
    conversation: conversation(db, lead.id),
    timeline: timeline(db, lead.id),
  };
}

const SUPPRESSION_LABELS = { unsubscribed: "désinscrit", bounced: "adresse en échec (bounce)", complained: "a signalé un spam (plainte)" } as const;

/** What the page says about email: the address's suppressions, and why marketing would be refused. */
function leadEmailState(db: TenantDb, lead: Lead) {
  const reason = exclusionFor(db, { email: lead.email, blacklisted: lead.blacklisted }, "marketing");
  return {
    suppressions: lead.email ? emailSuppressionsOf(db, lead.email).map((r) => SUPPRESSION_LABELS[r]) : [],
    marketingExcluded: reason ? EXCLUSION_LABELS[reason] : null,
  };
}

export type LeadIntent = "fields" | "status" | "add-tag" | "remove-tag" | "score" | "clear-score" | "consent" | "blacklist" | "unblacklist" | "add-note" | "delete-note" | "add-activity" | "activity-state";

const invalid = (intent: LeadIntent, result: SubmissionResult<string[]>) => json({ intent, result }, { status: 400 });

/** Every form of the page posts here with an `intent`; success redirects (PRG) with a message. */
export async function leadAction(request: Request, db: TenantDb, lead: Lead, form: FormData, now = new Date()) {
  const intent = String(form.get("intent") ?? "") as LeadIntent;
  const page = `/dashboard/leads/${lead.id}`;
  const done = (message: string, hash = "") => redirectWithFlash(request, `${page}${hash}`, message);
  switch (intent) {
    case "fields": {
      const s = parseWithZod(form, { schema: LeadFieldsSchema });
      if (s.status !== "success") return invalid(intent, s.reply());
      updateLeadFields(db, lead.id, s.value, now);
      return done("Fiche enregistrée.");
    }
    case "status": {
      const s = parseWithZod(form, { schema: StatusSchema });
      if (s.status !== "success") return invalid(intent, s.reply());
      const { status, lostReason, lostDetails } = s.value;
      if (status === "won") {
        const { created } = markWon(db, lead.id, now);
        return done(created ? "Gagné ! La fiche client est créée." : "Gagné : la fiche client existait déjà, rien n'a été dupliqué.");
      }
      if (status === "lost") {
        markLost(db, lead.id, lostReason!, lostDetails, now);
        return done("Lead marqué perdu.");
      }
      setStatus(db, lead.id, status, now);
      return done("Statut mis à jour.");
    }
    case "add-tag":
    case "remove-tag": {
      const s = parseWithZod(form, { schema: TagSchema });
      if (s.status !== "success") return invalid(intent, s.reply());
      if (intent === "add-tag") addTag(db, lead, s.value.tag, now);
      else removeTag(db, lead, s.value.tag, now);
      return done(intent === "add-tag" ? `Tag « ${s.value.tag} » ajouté.` : `Tag « ${s.value.tag} » retiré.`, "#tags");
    }
    case "score":
    case "clear-score": {
      const s = parseWithZod(form, { schema: ScoreOverrideSchema });
      if (s.status !== "success") return invalid("score", s.reply());
      const value = intent === "clear-score" ? null : (s.value.scoreOverride ?? null);
      setScoreOverride(db, lead.id, value, now);
      return done(value === null ? "Score calculé par la règle." : `Score fixé à ${value}.`, "#score");
    }
    case "consent":
      setConsent(db, lead, form.get("consent") === "on", now);
      return done(form.get("consent") === "on" ? "Consentement enregistré." : "Consentement retiré.", "#contact");
    case "blacklist":
    case "unblacklist":
      setBlacklisted(db, lead, intent === "blacklist", now);
      return done(intent === "blacklist" ? "Contact en liste noire : plus aucun envoi ni export de campagne." : "Liste noire levée.", "#contact");
    case "add-note": {
      const s = parseWithZod(form, { schema: NoteSchema });
      if (s.status !== "success") return invalid(intent, s.reply());
      addNote(db, lead.id, s.value.body, now);
      return done("Note ajoutée.", "#timeline");
    }
    case "delete-note": {
      const noteId = Number(form.get("noteId"));
      // A note of another lead or tenant is not this lead's: the same 404 as a missing one.
      if (!Number.isSafeInteger(noteId) || !deleteNote(db, lead.id, noteId)) throw new Response("Cette note n'existe pas.", { status: 404 });
      return done("Note supprimée.", "#timeline");
    }
    case "add-activity": {
      const s = parseWithZod(form, { schema: ActivitySchema });
      if (s.status !== "success") return invalid(intent, s.reply());
      createActivity(db, lead.id, s.value, now);
      return done("Activité ajoutée.", "#timeline");
    }
    case "activity-state": {
      const s = parseWithZod(form, { schema: ActivityStateSchema });
      if (s.status !== "success" || !setActivityState(db, lead.id, s.value.activityId, s.value.state, now)) {
        throw new Response("Cette activité n'existe pas.", { status: 404 });
      }
      return done(s.value.state === "done" ? "Activité faite." : s.value.state === "cancelled" ? "Activité annulée." : "Activité replanifiée.", "#timeline");
    }
    default:
      throw new Response("Action inconnue.", { status: 400 });
  }
}

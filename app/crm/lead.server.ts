// One lead, as the coach edits it on /dashboard/leads/:leadId. Every function takes the session's
// tenant database: an id from another tenant is simply not found there.
import { eq } from "drizzle-orm";
import { leads, type LeadStatus } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { refreshScores } from "./score.server";
import { liftSuppression, suppress } from "./suppressions.server";
import { parseEuros, toE164, type LeadFieldsInput } from "./lead-schemas";

export type Lead = typeof leads.$inferSelect;

/** The lead, or undefined for a missing id (another tenant's id is missing here too). */
export function findLead(db: TenantDb, leadId: number): Lead | undefined {
  return db.select().from(leads).where(eq(leads.id, leadId)).get();
}

/** "42" → 42; anything else (abc, 1.5, -3, 0) → null, which the route turns into the same 404. */
export function parseLeadId(param: string | undefined): number | null {
  if (!param || !/^[1-9]\d{0,15}$/.test(param)) return null;
  const id = Number(param);
  return Number.isSafeInteger(id) ? id : null;
}

/** Identity and qualification: an empty field clears the column. */
export function updateLeadFields(db: TenantDb, leadId: number, input: LeadFieldsInput, now = new Date()) {
  db.update(leads)
    .set({
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      username: input.username ?? null,
      email: input.email?.toLowerCase() ?? null,
      phone: input.phone ? toE164(input.phone) : null,
      company: input.company ?? null,
      jobTitle: input.jobTitle ?? null,
      city: input.city ?? null,
      source: input.source ?? null,
      age: input.age ?? null,
      gender: input.gender ?? null,
      dealValueCents: input.dealValue ? parseEuros(input.dealValue) : null,
      updatedAt: now,
    })
    .where(eq(leads.id, leadId))
    .run();
}

/**
 * A status other than won (see won-lost.server.ts for won and lost). updated_at is the moment
 * the trigger writes into lead_status_changes; leaving "lost" drops the loss reason.
 */
export function setStatus(db: TenantDb, leadId: number, status: Exclude<LeadStatus, "won" | "lost">, now = new Date()) {
  db.update(leads).set({ status, lostReason: null, updatedAt: now }).where(eq(leads.id, leadId)).run();
  refreshScores(db.$client, [leadId], now);
}

/** Tags are written through leads.tags only: the lead_tags mirror follows by trigger. */
export function addTag(db: TenantDb, lead: Lead, tag: string, now = new Date()) {
  if (lead.tags.includes(tag)) return;
  db.update(leads).set({ tags: [...lead.tags, tag], updatedAt: now }).where(eq(leads.id, lead.id)).run();
}

export function removeTag(db: TenantDb, lead: Lead, tag: string, now = new Date()) {
  if (!lead.tags.includes(tag)) return;
  db.update(leads).set({ tags: lead.tags.filter((t) => t !== tag), updatedAt: now }).where(eq(leads.id, lead.id)).run();
}

/** 0–100, or null to go back to the computed rule. */
export function setScoreOverride(db: TenantDb, leadId: number, value: number | null, now = new Date()) {
  db.update(leads).set({ scoreOverride: value, updatedAt: now }).where(eq(leads.id, leadId)).run();
  refreshScores(db.$client, [leadId], now);
}

/**
 * The coach ticks or unticks consent: source "coach" and the date, only when it changes (saving
 * the same value keeps the original record). A withdrawal keeps its date too: consent_at is the
 * date of the last change, given or withdrawn, and the page says which.
 */
export function setConsent(db: TenantDb, lead: Pick<Lead, "id" | "consent">, consent: boolean, now = new Date()) {
  if (lead.consent === consent) return false;
  db.update(leads).set({ consent, consentSource: "coach", consentAt: now, updatedAt: now }).where(eq(leads.id, lead.id)).run();
  return true;
}

/**
 * Blacklisting records the contact's hashed identifiers, which every send, campaign export,
 * import and ingestion checks; lifting it removes them. One transaction with the flag.
 */
export function setBlacklisted(db: TenantDb, lead: Lead, blacklisted: boolean, now = new Date()) {
  const ids = { email: lead.email, phone: lead.phone, instagramId: lead.instagramId };
  db.transaction(() => {
    db.update(leads).set({ blacklisted, updatedAt: now }).where(eq(leads.id, lead.id)).run();
    if (blacklisted) suppress(db, ids, "blacklisted", now);
    else liftSuppression(db, ids);
  });
}

/** The score explained in words, following SCORE_SQL (score.server.ts). */
export function explainScore(lead: Lead, now = new Date()): string[] {
  if (lead.scoreOverride !== null) return [`Score fixé à la main : ${lead.scoreOverride}.`];
  if (lead.status === "won") return ["Gagné : 100."];
  if (lead.status === "lost") return ["Perdu : 0."];
  const statusPoints: Partial<Record<LeadStatus, number>> = { engaged: 15, follow_up: 15, qualified: 35, call_proposed: 50, call_booked: 65 };
  const lines = [`Statut : +${statusPoints[lead.status] ?? 0}`];
  const replies = Math.min(lead.messagesReceived, 5);
  lines.push(`Réponses reçues : ${lead.messagesReceived} × 5 (5 au plus) = +${replies * 5}`);
  const days = lead.lastContactAt ? (now.getTime() - lead.lastContactAt.getTime()) / 86_400_000 : null;
  const recency = days === null ? 0 : days <= 7 ? 10 : days <= 30 ? 5 : 0;
  lines.push(`Dernier contact : ${days === null ? "aucun" : days <= 7 ? "moins de 7 jours" : days <= 30 ? "moins de 30 jours" : "plus de 30 jours"} = +${recency}`);
  lines.push("Plafonné à 95 tant que le lead n'est pas gagné.");
  return lines;
}

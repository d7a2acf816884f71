// Who may receive an email from this coach, and why someone may not. The rules (issue 10 §6):
// - marketing (campaigns, one-to-one and bulk sends from the CRM): refused for no email, a
//   blacklisted or erased contact, an unsubscribe, a hard bounce or a complaint;
// - transactional (invoices, receipts, quotes, invitations): refused only for a hard bounce or a
//   complaint (an unsubscribe from marketing does not stop an invoice).
// Suppressions are per tenant: they live in this coach's file.
import crypto from "node:crypto";
import type { TenantDb } from "~/lib/tenant-db.server";
import { cachedStatement } from "~/lib/statements.server";
import { isSuppressed } from "~/crm/suppressions.server";
import { formatDate } from "~/lib/format";
import type { EmailCategory, EmailSuppressionReason } from "../../db/tenant.schema";
import type { VariableValues } from "./variables";

export type ExclusionReason = "no_email" | "blacklisted" | "unsubscribed" | "bounced" | "complained";

export const EXCLUSION_LABELS: Record<ExclusionReason, string> = {
  no_email: "sans adresse email",
  blacklisted: "sur liste noire",
  unsubscribed: "désinscrit",
  bounced: "adresse en échec (bounce)",
  complained: "a signalé un spam",
};

/** The same normalisation and hash as the CRM's suppressions (`email:` + trimmed lower case). */
export const emailHash = (email: string) => crypto.createHash("sha256").update(`email:${email.trim().toLowerCase()}`).digest("hex");

/** Records a suppression (idempotent). Hard bounces and complaints come from webhooks, unsubscribes from /u/:token. */
export function suppressEmail(db: TenantDb, email: string, reason: EmailSuppressionReason, { sendId = null, now = new Date() }: { sendId?: number | null; now?: Date } = {}) {
  suppressHash(db, emailHash(email), reason, { sendId, now });
}

export function suppressHash(db: TenantDb, hash: string, reason: EmailSuppressionReason, { sendId = null, now = new Date() }: { sendId?: number | null; now?: Date } = {}) {
  cachedStatement(db.$client, "INSERT OR IGNORE INTO email_suppressions (email_hash, reason, send_id, created_at) VALUES (?, ?, ?, ?)").run(hash, reason, sendId, now.getTime());
}

/** The coach lets an address back in (e.g. a bounce fixed). */
export function liftEmailSuppression(db: TenantDb, email: string, reason: EmailSuppressionReason) {
  cachedStatement(db.$client, "DELETE FROM email_suppressions WHERE email_hash = ? AND reason = ?").run(emailHash(email), reason);
}

/** The address's email suppressions, strongest first (complained, bounced, unsubscribed). */
export function emailSuppressionsOf(db: TenantDb, email: string) {
  const rows = cachedStatement(db.$client, "SELECT reason FROM email_suppressions WHERE email_hash = ?").all(emailHash(email)) as { reason: EmailSuppressionReason }[];
  const order: EmailSuppressionReason[] = ["complained", "bounced", "unsubscribed"];
  return order.filter((r) => rows.some((row) => row.reason === r));
}

/**
 * Why this address may not receive an email of this category, or null when it may.
 * `blacklisted` covers the CRM's blacklist and GDPR erasures (suppressions table) and the lead's flag.
 */
export function exclusionFor(db: TenantDb, contact: { email: string | null; blacklisted?: boolean }, category: EmailCategory): ExclusionReason | null {
  const email = contact.email?.trim();
  if (!email) return "no_email";
  const reasons = emailSuppressionsOf(db, email);
  if (reasons.includes("complained")) return "complained";
  if (reasons.includes("bounced")) return "bounced";
  if (category === "transactional") return null;
  if (contact.blacklisted || isSuppressed(db, { email })) return "blacklisted";
  if (reasons.includes("unsubscribed")) return "unsubscribed";
  return null;
}

export type LeadRecipientRow = { id: number; firstName: string | null; lastName: string | null; email: string | null; phone: string | null; company: string | null; blacklisted: number | boolean };

/** A lead's variable values (date = today in Paris; amount only when the caller knows one). */
export function leadVariables(lead: LeadRecipientRow, now = new Date()): VariableValues {
  return {
    firstName: lead.firstName ?? "",
    lastName: lead.lastName ?? "",
    company: lead.company ?? "",
    clientEmail: lead.email ?? "",
    clientPhone: lead.phone ?? "",
    date: formatDate(now),
  };
}

export type Recipient = { leadId: number; email: string; name: string; variables: VariableValues };
export type Excluded = { leadId: number; name: string; reason: ExclusionReason };

const displayName = (l: LeadRecipientRow) => [l.firstName, l.lastName].filter(Boolean).join(" ") || l.email || `Lead #${l.id}`;

const LEADS_BY_IDS = "SELECT id, first_name AS firstName, last_name AS lastName, email, phone, company, blacklisted FROM leads WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id";

/**
 * Splits leads into who will receive a marketing email and who is excluded (with why). Two
 * leads with the same address receive it once (the first one keeps it, the other is "doublon"-free:
 * it is simply dropped). Ids of another tenant do not exist in this file, so they drop out.
 */
export function splitRecipients(db: TenantDb, leadIds: number[], now = new Date()) {
  const rows = cachedStatement(db.$client, LEADS_BY_IDS).all(JSON.stringify(leadIds)) as LeadRecipientRow[];
  const exclusion = exclusionChecker(db);
  const recipients: Recipient[] = [];
  const excluded: Excluded[] = [];
  const seen = new Set<string>();
  for (const lead of rows) {
    const reason = exclusion({ email: lead.email, blacklisted: Boolean(lead.blacklisted) });
    if (reason) {
      excluded.push({ leadId: lead.id, name: displayName(lead), reason });
      continue;
    }
    const key = lead.email!.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    recipients.push({ leadId: lead.id, email: lead.email!.trim(), name: displayName(lead), variables: leadVariables(lead, now) });
  }
  return { recipients, excluded };
}

/**
 * exclusionFor(…, "marketing") for many addresses at once: both suppression lists are read once
 * (a 10,000-recipient audience would otherwise cost 20,000 queries). Same rule, same order.
 */
function exclusionChecker(db: TenantDb) {
  const byHash = new Map<string, Set<EmailSuppressionReason>>();
  for (const r of cachedStatement(db.$client, "SELECT email_hash AS hash, reason FROM email_suppressions").all() as { hash: string; reason: EmailSuppressionReason }[]) {
    const set = byHash.get(r.hash) ?? new Set();
    set.add(r.reason);
    byHash.set(r.hash, set);
  }
  const blocked = new Set((cachedStatement(db.$client, "SELECT hash FROM suppressions WHERE kind = 'email'").all() as { hash: string }[]).map((r) => r.hash));
  return (contact: { email: string | null; blacklisted: boolean }): ExclusionReason | null => {
    const email = contact.email?.trim();
    if (!email) return "no_email";
    const hash = emailHash(email);
    const reasons = byHash.get(hash);
    if (reasons?.has("complained")) return "complained";
    if (reasons?.has("bounced")) return "bounced";
    if (contact.blacklisted || blocked.has(hash)) return "blacklisted";
    if (reasons?.has("unsubscribed")) return "unsubscribed";
    return null;
  };
}

/** Counts per exclusion reason, for "N exclus : 3 sans email, 1 désinscrit…". */
export function exclusionSummary(excluded: Excluded[]) {
  const counts = new Map<ExclusionReason, number>();
  for (const e of excluded) counts.set(e.reason, (counts.get(e.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count, label: EXCLUSION_LABELS[reason] }));
}

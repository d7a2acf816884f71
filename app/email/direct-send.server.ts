// Sending a template from the CRM (issue 10 §2): one lead from its page, or a selection of the
// leads list (bulk-send.server.ts). Both are marketing emails: the exclusion rule is
// recipients.server.ts's, the copy is rendered now (compiled once, filled per recipient) and
// queued in email_sends with the unsubscribe sentinel; the worker puts in the recipient's own
// link and adds the List-Unsubscribe headers to every marketing row. Previews (the pages, and
// /dashboard/leads/:leadId/email/preview.html for their iframe) carry an inert link.
import { asc, eq } from "drizzle-orm";
import type { TenantDb } from "~/lib/tenant-db.server";
import { emailTemplates } from "../../db/tenant.schema";
import { enqueueSends, type NewSend } from "./queue.server";
import { exclusionFor, leadVariables, type LeadRecipientRow } from "./recipients.server";
import { PREVIEW_UNSUBSCRIBE_URL } from "./templates/preview.server";
import { compileTemplate, fillCompiled, type CompiledEmail } from "./templates/render.server";
import type { VariableValues } from "./variables";

export type SendTemplate = typeof emailTemplates.$inferSelect;

/** The templates a coach may choose from, by name. */
export function sendableTemplates(db: TenantDb) {
  return db.select({ id: emailTemplates.id, name: emailTemplates.name, subject: emailTemplates.subject }).from(emailTemplates).orderBy(asc(emailTemplates.name), asc(emailTemplates.id)).all();
}

export function findSendTemplate(db: TenantDb, id: number | null): SendTemplate | undefined {
  return id === null ? undefined : db.select().from(emailTemplates).where(eq(emailTemplates.id, id)).get();
}

/** The marketing copy with `{{variables}}` left in (once per send, whatever the recipient count). */
export const compileForSend = (template: SendTemplate) => compileTemplate({ subject: template.subject, design: template.design }, { unsubscribeFooter: true });

/**
 * One recipient's copy: their values, the template's fallbacks. A copy for the queue (`forQueue`)
 * keeps the unsubscribe sentinel: the worker puts in the link that names the send row (the same
 * one as its List-Unsubscribe header), so the unsubscribe counts on it. A preview's link goes
 * nowhere: the coach must not be one click away from unsubscribing a real lead.
 */
export function copyFor(template: SendTemplate, compiled: CompiledEmail, recipient: { variables: VariableValues }, { forQueue = false } = {}): CompiledEmail {
  return fillCompiled(compiled, recipient.variables, template.fallbacks ?? {}, forQueue ? {} : { unsubscribeUrl: PREVIEW_UNSUBSCRIBE_URL });
}

/** The queue row of one recipient's copy. */
export function sendRow(key: string, template: SendTemplate, leadId: number, recipient: { email: string; variables: VariableValues }, copy: CompiledEmail): NewSend {
  return { idempotencyKey: key, templateId: template.id, leadId, category: "marketing", toEmail: recipient.email, subject: copy.subject, html: copy.html, text: copy.text, variables: recipient.variables };
}

/** A lead of the CRM as a recipient: why it may not receive marketing, or its address and values. */
export function leadRecipient(db: TenantDb, lead: LeadRecipientRow, now = new Date()) {
  const reason = exclusionFor(db, { email: lead.email, blacklisted: Boolean(lead.blacklisted) }, "marketing");
  if (reason) return { reason } as const;
  return { reason: null, email: lead.email!.trim(), variables: leadVariables(lead, now) } as const;
}

/** The page's preview: what the lead will receive, its unsubscribe link inert. */
export function previewForLead(db: TenantDb, lead: LeadRecipientRow, template: SendTemplate, now = new Date()) {
  const r = leadRecipient(db, lead, now);
  if (r.reason) return { excluded: r.reason, copy: null };
  return { excluded: null, copy: copyFor(template, compileForSend(template), r) };
}

/** Where the send pages' iframe reads one lead's preview (a resource route, framable by the app). */
export const previewSrc = (leadId: number, templateId: number) => `/dashboard/leads/${leadId}/email/preview.html?templateId=${templateId}`;

/** The hidden token of a send form: one per page load, so a double submit queues once. */
export const FORM_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
export const newFormToken = () => crypto.randomUUID();

export type DirectSendOutcome = { status: "queued" | "duplicate"; subject: string } | { status: "excluded"; reason: NonNullable<ReturnType<typeof leadRecipient>["reason"]> };

/**
 * Queues one email to one lead. The key `lead-<id>-<formToken>` makes a second post of the same
 * form (double click, retried request) a no-op ("duplicate"). The exclusion is checked again
 * here: the lead may have unsubscribed since the preview.
 */
export function queueLeadEmail(db: TenantDb, tenantId: string, lead: LeadRecipientRow, template: SendTemplate, formToken: string, now = new Date()): DirectSendOutcome {
  const r = leadRecipient(db, lead, now);
  if (r.reason) return { status: "excluded", reason: r.reason };
  const copy = copyFor(template, compileForSend(template), r, { forQueue: true });
  const added = enqueueSends(db, tenantId, [sendRow(`lead-${lead.id}-${formToken}`, template, lead.id, r, copy)], now);
  return { status: added ? "queued" : "duplicate", subject: copy.subject };
}

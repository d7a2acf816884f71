// Campaigns to a saved segment (issue 10 §3): the draft, its audience, a test send to the coach,
// and queueing — ONE immediate transaction that freezes what is sent (compiled copy, template
// version, subject, fallbacks, the segment's name and query) and writes one queued row per
// recipient with the key `campaign-<id>-lead-<leadId>`, so a double submit never queues twice.
// Pause, resume and stop only move the campaign's status: the worker reads it before each batch.
// Rows already in a batch (a batch_key: in flight, or queued for a retry under Resend's key) are
// never touched by pause or stop: the worker records them, and re-sends them only while open.
import { ZodError } from "zod";
import { SegmentNotFound, leadQuery, parseLeadFilters } from "~/crm/lead-filters.server";
import { cachedStatement } from "~/lib/statements.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { parseId } from "~/lib/parse-id";
import type { CampaignStatus } from "../../db/tenant.schema";
import { subjectProblem } from "./campaign-schemas";
import { sendEmail } from "./email.server";
import { enqueueSends, markEmailWork, type NewSend } from "./queue.server";
import { finishCampaign } from "./worker.server";
import { UNCERTAIN_PREFIX } from "./send-status";
import { exclusionSummary, leadVariables, splitRecipients, type LeadRecipientRow } from "./recipients.server";
import { PREVIEW_UNSUBSCRIBE_URL } from "./templates/preview.server";
import { compileTemplate, fillCompiled } from "./templates/render.server";
import { unsubscribeUrlOf } from "./unsubscribe-token.server";
import { fillSubject, type VariableValues } from "./variables";
import { settleStoppedRows } from "./stopped-rows.server";

export const CAMPAIGN_NOT_FOUND = "Cette campagne n'existe pas (ou plus).";

/** A refusal to show the coach (status 400), e.g. "already sent" after a double submit. */
export class CampaignError extends Error {
  constructor(
    message: string,
    readonly field: "name" | "templateId" | "segmentId" | "subject" | "scheduledAt" | "form" = "form",
  ) {
    super(message);
  }
}

export type CampaignRow = {
  id: number;
  name: string;
  templateId: number | null;
  templateVersion: number | null;
  segmentId: number | null;
  segmentName: string | null;
  segmentQuery: string | null;
  subject: string;
  compiledHtml: string | null;
  compiledText: string | null;
  fallbacks: string;
  status: CampaignStatus;
  scheduledAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  pauseReason: string | null;
  pauseDetail: string | null;
  recipientCount: number;
  excludedCount: number;
  createdAt: number;
  updatedAt: number;
};

const COLUMNS = `id, name, template_id AS templateId, template_version AS templateVersion, segment_id AS segmentId,
  segment_name AS segmentName, segment_query AS segmentQuery, subject, compiled_html AS compiledHtml,
  compiled_text AS compiledText, fallbacks, status, scheduled_at AS scheduledAt, started_at AS startedAt,
  finished_at AS finishedAt, pause_reason AS pauseReason, pause_detail AS pauseDetail,
  recipient_count AS recipientCount, excluded_count AS excludedCount, created_at AS createdAt, updated_at AS updatedAt`;

export const findCampaign = (db: TenantDb, id: number) =>
  cachedStatement(db.$client, `SELECT ${COLUMNS} FROM email_campaigns WHERE id = ?`).get(id) as CampaignRow | undefined;

/** The campaign of a route param, or the same 404 for a malformed, missing or other tenant's id. */
export function requireCampaign(db: TenantDb, param: string | undefined) {
  const id = parseId(param);
  const campaign = id === null ? undefined : findCampaign(db, id);
  if (!campaign) throw new Response(CAMPAIGN_NOT_FOUND, { status: 404 });
  return campaign;
}

export type CampaignListRow = Pick<CampaignRow, "id" | "name" | "status" | "scheduledAt" | "startedAt" | "finishedAt" | "recipientCount" | "excludedCount" | "createdAt" | "segmentName"> & { sent: number };

export const listCampaigns = (db: TenantDb) =>
  cachedStatement(
    db.$client,
    `SELECT c.id, c.name, c.status, c.scheduled_at AS scheduledAt, c.started_at AS startedAt, c.finished_at AS finishedAt,
       c.recipient_count AS recipientCount, c.excluded_count AS excludedCount, c.created_at AS createdAt,
       coalesce(c.segment_name, s.name) AS segmentName,
       (SELECT count(*) FROM email_sends e WHERE e.campaign_id = c.id AND e.sent_at IS NOT NULL) AS sent
     FROM email_campaigns c LEFT JOIN segments s ON s.id = c.segment_id ORDER BY c.created_at DESC, c.id DESC`,
  ).all() as CampaignListRow[];

export type TemplateChoice = { id: number; name: string; subject: string };
export const templateChoices = (db: TenantDb) =>
  cachedStatement(db.$client, "SELECT id, name, subject FROM email_templates ORDER BY name COLLATE NOCASE").all() as TemplateChoice[];

type TemplateRow = { id: number; name: string; subject: string; design: string; fallbacks: string; version: number };
const findTemplate = (db: TenantDb, id: number) =>
  cachedStatement(db.$client, "SELECT id, name, subject, design, fallbacks, version FROM email_templates WHERE id = ?").get(id) as TemplateRow | undefined;
const findSegment = (db: TenantDb, id: number) => cachedStatement(db.$client, "SELECT id, name, query FROM segments WHERE id = ?").get(id) as { id: number; name: string; query: string } | undefined;

export type DraftInput = { name: string; templateId: number; segmentId: number; subject?: string | null };

function checkDraft(db: TenantDb, input: DraftInput) {
  const template = findTemplate(db, input.templateId);
  if (!template) throw new CampaignError("Choisissez un de vos modèles.", "templateId");
  if (!findSegment(db, input.segmentId)) throw new CampaignError("Choisissez un de vos segments.", "segmentId");
  const subject = input.subject?.trim() || template.subject;
  const problem = subjectProblem(subject);
  if (problem) throw new CampaignError(problem, "subject");
  return { ...input, subject };
}

/** A new draft; the subject defaults to the template's. Returns its id. */
export function createDraft(db: TenantDb, input: DraftInput, now = new Date()) {
  const v = checkDraft(db, input);
  const r = cachedStatement(
    db.$client,
    "INSERT INTO email_campaigns (name, template_id, segment_id, subject, fallbacks, status, created_at, updated_at) VALUES (?, ?, ?, ?, '{}', 'draft', ?, ?)",
  ).run(v.name, v.templateId, v.segmentId, v.subject, now.getTime(), now.getTime());
  return Number(r.lastInsertRowid);
}

/** Saves a draft (only a draft may change: what was queued is frozen). */
export function updateDraft(db: TenantDb, id: number, input: DraftInput, now = new Date()) {
  const v = checkDraft(db, input);
  const r = cachedStatement(db.$client, "UPDATE email_campaigns SET name = ?, template_id = ?, segment_id = ?, subject = ?, updated_at = ? WHERE id = ? AND status = 'draft'").run(
    v.name,
    v.templateId,
    v.segmentId,
    v.subject,
    now.getTime(),
    id,
  );
  if (r.changes === 0) throw new CampaignError("Cette campagne est déjà partie : elle ne se modifie plus. Dupliquez-la pour en préparer une autre.");
}

export type Audience =
  | { state: "none" }
  | { state: "deleted"; segmentName: string | null }
  | { state: "empty"; segmentName: string }
  | { state: "ok"; segmentName: string; leadIds: number[]; count: number; excluded: ReturnType<typeof exclusionSummary>; excludedCount: number };

function segmentLeadIds(db: TenantDb, query: string) {
  const q = leadQuery(db.$client, parseLeadFilters(new URLSearchParams(query)));
  return (cachedStatement(db.$client, `SELECT leads.id FROM leads ${q.where} ${q.orderBy}`).all(...q.params) as { id: number }[]).map((r) => r.id);
}

/** Who the segment reaches today: recipients, and the excluded counted by reason. */
export function audienceOf(db: TenantDb, segmentId: number | null, now = new Date()) {
  if (segmentId === null) return { audience: { state: "none" } as Audience, recipients: [], excluded: [] };
  const segment = findSegment(db, segmentId);
  if (!segment) return { audience: { state: "deleted", segmentName: null } as Audience, recipients: [], excluded: [] };
  let ids: number[];
  try {
    ids = segmentLeadIds(db, segment.query);
  } catch (error) {
    if (error instanceof SegmentNotFound) return { audience: { state: "deleted", segmentName: segment.name } as Audience, recipients: [], excluded: [] };
    throw error;
  }
  if (ids.length === 0) return { audience: { state: "empty", segmentName: segment.name } as Audience, recipients: [], excluded: [] };
  const { recipients, excluded } = splitRecipients(db, ids, now);
  const audience: Audience = { state: "ok", segmentName: segment.name, leadIds: ids, count: recipients.length, excluded: exclusionSummary(excluded), excludedCount: excluded.length };
  return { audience, recipients, excluded, segment };
}

const SAMPLE_CONTACT: LeadRecipientRow = { id: 0, firstName: "Camille", lastName: "Martin", email: "camille.martin@example.fr", phone: null, company: null, blacklisted: 0 };

/**
 * The campaign's copy for one sample contact (the newest lead with an email, else a made-up one).
 * Its unsubscribe link goes nowhere (PREVIEW_UNSUBSCRIBE_URL) unless the caller gives one: the
 * preview shows a real lead's copy, and that lead's working link must not be one click away.
 */
export async function sampleCopy(db: TenantDb, campaign: CampaignRow, { unsubscribeUrl = PREVIEW_UNSUBSCRIBE_URL }: { unsubscribeUrl?: string } = {}) {
  const compiled = campaign.compiledHtml !== null ? { subject: campaign.subject, html: campaign.compiledHtml, text: campaign.compiledText ?? "" } : (await compileDraft(db, campaign)).compiled;
  const fallbacks = campaign.compiledHtml !== null ? (JSON.parse(campaign.fallbacks) as Record<string, string>) : templateFallbacks(db, campaign);
  const lead = cachedStatement(
    db.$client,
    "SELECT id, first_name AS firstName, last_name AS lastName, email, phone, company, blacklisted FROM leads WHERE email IS NOT NULL AND email <> '' ORDER BY created_at DESC LIMIT 1",
  ).get() as LeadRecipientRow | undefined;
  const values: VariableValues = leadVariables(lead ?? SAMPLE_CONTACT);
  return fillCompiled(compiled, values, fallbacks, { unsubscribeUrl });
}

function templateFallbacks(db: TenantDb, campaign: CampaignRow) {
  const template = campaign.templateId === null ? undefined : findTemplate(db, campaign.templateId);
  return template ? (JSON.parse(template.fallbacks) as Record<string, string>) : {};
}

async function compileDraft(db: TenantDb, campaign: CampaignRow) {
  const template = campaign.templateId === null ? undefined : findTemplate(db, campaign.templateId);
  if (!template) throw new CampaignError("Le modèle de cette campagne n'existe plus : choisissez-en un autre.", "templateId");
  try {
    return { template, compiled: await compileTemplate({ subject: campaign.subject, design: JSON.parse(template.design) as Record<string, unknown> }, { unsubscribeFooter: true }) };
  } catch (error) {
    if (error instanceof ZodError) throw new CampaignError(`Le modèle « ${template.name} » est incomplet : ouvrez-le, corrigez-le et enregistrez-le.`, "templateId");
    throw error;
  }
}

/** A test send to the coach: "[Test] " + subject, sent at once (not through the queue). */
export async function sendTestEmail(db: TenantDb, campaign: CampaignRow, { to, tenantId, appUrl }: { to: string; tenantId: string; appUrl: string }) {
  // The coach's own address: a working link, which unsubscribes only the coach.
  const copy = await sampleCopy(db, campaign, { unsubscribeUrl: unsubscribeUrlOf(appUrl, tenantId, to) });
  return sendEmail({ to, subject: `[Test] ${copy.subject}`, html: copy.html, text: copy.text }, { idempotencyKey: `campaign-${campaign.id}-test-${crypto.randomUUID()}` });
}

/**
 * Queues the campaign: now (`scheduledAt` absent or past) or at `scheduledAt`. The template is
 * compiled before the transaction (rendering may be asynchronous); everything else happens in
 * one IMMEDIATE transaction that first moves the campaign out of `draft` (a second submit finds
 * it gone and is refused), then writes every row with one prepared statement.
 */
export async function queueCampaign(db: TenantDb, tenantId: string, campaignId: number, { scheduledAt = null, now = new Date() }: { scheduledAt?: Date | null; now?: Date } = {}) {
  const campaign = findCampaign(db, campaignId);
  if (!campaign) throw new Response(CAMPAIGN_NOT_FOUND, { status: 404 });
  if (campaign.status !== "draft") throw new CampaignError("Cette campagne est déjà programmée ou envoyée : rien n'a été envoyé une seconde fois.");
  if (scheduledAt && scheduledAt.getTime() <= now.getTime()) throw new CampaignError("Choisissez une date et une heure à venir.", "scheduledAt");
  // A draft saved before subjects were checked: refused here rather than sent with "{{prenom}}" in it.
  const problem = subjectProblem(campaign.subject);
  if (problem) throw new CampaignError(problem, "subject");
  const { template, compiled } = await compileDraft(db, campaign);
  const sqlite = db.$client;
  const queued = sqlite
    .transaction(() => {
      const status: CampaignStatus = scheduledAt ? "scheduled" : "sending";
      const moved = cachedStatement(sqlite, "UPDATE email_campaigns SET status = ?, updated_at = ? WHERE id = ? AND status = 'draft'").run(status, now.getTime(), campaignId);
      if (moved.changes === 0) throw new CampaignError("Cette campagne est déjà programmée ou envoyée : rien n'a été envoyé une seconde fois.");
      const { audience, recipients, excluded, segment } = audienceOf(db, campaign.segmentId, now);
      if (audience.state === "none" || audience.state === "deleted") throw new CampaignError("Le segment de cette campagne n'existe plus : choisissez-en un autre.", "segmentId");
      if (recipients.length === 0) throw new CampaignError("Personne à qui envoyer : le segment est vide ou tous ses contacts sont exclus.", "segmentId");
      const fallbacks = JSON.parse(template.fallbacks) as Record<string, string>;
      const sends: NewSend[] = recipients.map((r) => ({
        idempotencyKey: `campaign-${campaignId}-lead-${r.leadId}`,
        campaignId,
        templateId: template.id,
        leadId: r.leadId,
        category: "marketing",
        toEmail: r.email,
        subject: fillSubject(compiled.subject, r.variables, fallbacks),
        variables: r.variables,
        notBefore: scheduledAt ?? now,
      }));
      const added = enqueueSends(db, tenantId, sends, now);
      cachedStatement(
        sqlite,
        `UPDATE email_campaigns SET template_version = ?, segment_name = ?, segment_query = ?, subject = ?, compiled_html = ?, compiled_text = ?,
           fallbacks = ?, scheduled_at = ?, started_at = ?, recipient_count = ?, excluded_count = ?, pause_reason = NULL, pause_detail = NULL WHERE id = ?`,
      ).run(
        template.version,
        segment!.name,
        segment!.query,
        compiled.subject,
        compiled.html,
        compiled.text,
        JSON.stringify(fallbacks),
        scheduledAt?.getTime() ?? null,
        scheduledAt ? null : now.getTime(),
        recipients.length,
        excluded.length,
        campaignId,
      );
      return { status, recipients: recipients.length, excluded: excluded.length, added };
    })
    .immediate();
  // Once more after the commit: enqueueSends marked the work inside the transaction, when the
  // rows were not visible yet to another process's worker (which could then drop the mark).
  markEmailWork(tenantId, scheduledAt ?? now);
  return queued;
}

const transition = (db: TenantDb, id: number, from: CampaignStatus[], set: string, params: unknown[]) =>
  cachedStatement(db.$client, `UPDATE email_campaigns SET ${set} WHERE id = ? AND status IN (${from.map((s) => `'${s}'`).join(", ")})`).run(...params, id).changes === 1;

/** sending | scheduled → paused (by the coach). */
export function pauseCampaign(db: TenantDb, id: number, now = new Date()) {
  if (!transition(db, id, ["sending", "scheduled"], "status = 'paused', pause_reason = 'manual', pause_detail = NULL, updated_at = ?", [now.getTime()]))
    throw new CampaignError("Seule une campagne en cours ou programmée se met en pause.");
}

/**
 * paused → sending (or scheduled when its date is still ahead); tells the worker. A campaign
 * paused while its last batch was in flight has nothing left to send: it ends here (sent, and
 * the coach is notified), since no batch of the worker will touch it again.
 */
export function resumeCampaign(db: TenantDb, tenantId: string, id: number, now = new Date()): "scheduled" | "sending" | "sent" {
  const campaign = findCampaign(db, id);
  const ahead = campaign?.scheduledAt != null && campaign.scheduledAt > now.getTime();
  const finished = db.$client
    .transaction(() => {
      const ok = transition(
        db,
        id,
        ["paused"],
        "status = ?, started_at = coalesce(started_at, ?), pause_reason = NULL, pause_detail = NULL, updated_at = ?",
        [ahead ? "scheduled" : "sending", ahead ? null : now.getTime(), now.getTime()],
      );
      if (!ok) throw new CampaignError("Seule une campagne en pause reprend.");
      return !ahead && finishCampaign(db, id, now.getTime());
    })
    .immediate();
  if (finished) return "sent";
  markEmailWork(tenantId, ahead ? new Date(campaign!.scheduledAt!) : now);
  return ahead ? "scheduled" : "sending";
}

/**
 * Stops a campaign; its waiting rows are settled by settleStoppedRows (cancelled if never handed
 * to Resend, "statut incertain" if Resend may have them). Returns how many were cancelled.
 */
export function stopCampaign(db: TenantDb, id: number, now = new Date()) {
  const t = now.getTime();
  return db.$client
    .transaction(() => {
      if (!transition(db, id, ["sending", "scheduled", "paused"], "status = 'stopped', finished_at = ?, updated_at = ?", [t, t]))
        throw new CampaignError("Cette campagne n'est pas en cours : rien à arrêter.");
      return settleStoppedRows(db, id, t);
    })
    .immediate();
}

export function deleteDraft(db: TenantDb, id: number) {
  if (cachedStatement(db.$client, "DELETE FROM email_campaigns WHERE id = ? AND status = 'draft'").run(id).changes === 0)
    throw new CampaignError("Seul un brouillon se supprime.");
}

/** A new draft with the same name (+ " (copie)"), template, segment and subject. */
export function duplicateCampaign(db: TenantDb, id: number, now = new Date()) {
  const c = findCampaign(db, id);
  if (!c) throw new Response(CAMPAIGN_NOT_FOUND, { status: 404 });
  const r = cachedStatement(
    db.$client,
    "INSERT INTO email_campaigns (name, template_id, segment_id, subject, fallbacks, status, created_at, updated_at) VALUES (?, ?, ?, ?, '{}', 'draft', ?, ?)",
  ).run(`${c.name} (copie)`.slice(0, 200), c.templateId, c.segmentId, c.subject, now.getTime(), now.getTime());
  return Number(r.lastInsertRowid);
}

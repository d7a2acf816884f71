// Campaigns: the audience, queueing (counts, exclusions, keys, no double queue, frozen copy),
// scheduling in Paris time (DST included), and the pause/resume/stop transitions.
import { beforeAll, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { controlDb } from "~/lib/control-db.server";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { DraftSchema, parisDateTime } from "./campaign-schemas";
import { addLeads, addSegment, addTemplate } from "./campaigns.test-helpers";
import { audienceOf, CampaignError, createDraft, deleteDraft, duplicateCampaign, findCampaign, pauseCampaign, queueCampaign, resumeCampaign, stopCampaign, updateDraft } from "./campaigns.server";
import { suppressEmail } from "./recipients.server";
import { TEMPLATE_VARIABLES } from "./variables";

let tenantId: string;
const inTenant = <T,>(fn: (db: TenantDb) => T | Promise<T>) => withTenantDb(tenantId, fn);
const sends = (db: TenantDb, campaignId: number) =>
  db.$client.prepare("SELECT idempotency_key AS k, status, lead_id AS leadId, to_email AS email, subject, next_attempt_at AS due, variables FROM email_sends WHERE campaign_id = ? ORDER BY id").all(campaignId) as {
    k: string;
    status: string;
    leadId: number;
    email: string;
    subject: string;
    due: number;
    variables: string;
  }[];
const work = () => controlDb().$client.prepare("SELECT due_at AS dueAt FROM email_work WHERE tenant_id = ?").get(tenantId) as { dueAt: number } | undefined;

let template: number;
let leads: number[];

beforeAll(async () => {
  setupTestDb();
  ({ tenant: { id: tenantId } } = await makeCoach("Camille Coach", "camille@example.fr"));
  await inTenant((db) => {
    template = addTemplate(db);
    leads = addLeads(db, 6, { tag: "vip" });
    addLeads(db, 2, { tag: "vip", prefix: "nomail", email: false });
    suppressEmail(db, "lead-5@example.fr", "unsubscribed");
    suppressEmail(db, "lead-6@example.fr", "bounced");
  });
});

const draft = (db: TenantDb, name: string, segmentId: number) => createDraft(db, { name, templateId: template, segmentId });

describe("drafts and audience", () => {
  it("the subject defaults to the template's; another tenant's template or segment ids are refused", () =>
    inTenant((db) => {
      const segmentId = addSegment(db, "VIP drafts", "vip");
      const id = draft(db, "Janvier", segmentId);
      expect(findCampaign(db, id)).toMatchObject({ name: "Janvier", status: "draft", subject: "Bonjour {{firstName}}", segmentId });
      updateDraft(db, id, { name: "Janvier bis", templateId: template, segmentId, subject: "Les nouvelles" });
      expect(findCampaign(db, id)?.subject).toBe("Les nouvelles");
      expect(() => createDraft(db, { name: "x", templateId: 999, segmentId })).toThrow(CampaignError);
      expect(() => createDraft(db, { name: "x", templateId: template, segmentId: 999 })).toThrow(/segments/);
    }));

  it("counts recipients and explains exclusions; a deleted or empty segment says so", () =>
    inTenant((db) => {
      const segmentId = addSegment(db, "VIP audience", "vip");
      const { audience } = audienceOf(db, segmentId);
      expect(audience.state).toBe("ok");
      if (audience.state !== "ok") return;
      expect(audience.count).toBe(4);
      expect(audience.excludedCount).toBe(4);
      expect(Object.fromEntries(audience.excluded.map((e) => [e.reason, e.count]))).toEqual({ no_email: 2, unsubscribed: 1, bounced: 1 });
      expect(audienceOf(db, addSegment(db, "Personne", "nobody")).audience.state).toBe("empty");
      expect(audienceOf(db, 12345).audience.state).toBe("deleted");
      expect(audienceOf(db, null).audience.state).toBe("none");
    }));
});

describe("queueCampaign", () => {
  it("queues one row per recipient with its key, freezes the copy and marks the tenant's work", () =>
    inTenant(async (db) => {
      const segmentId = addSegment(db, "VIP queue", "vip");
      const id = draft(db, "Queue", segmentId);
      const now = new Date("2026-02-01T10:00:00Z");
      const result = await queueCampaign(db, tenantId, id, { now });
      expect(result).toEqual({ status: "sending", recipients: 4, excluded: 4, added: 4 });
      const rows = sends(db, id);
      expect(rows.map((r) => r.k)).toEqual(leads.slice(0, 4).map((l) => `campaign-${id}-lead-${l}`));
      expect(rows.every((r) => r.status === "queued" && r.due === now.getTime())).toBe(true);
      expect(rows[0]).toMatchObject({ email: "lead-1@example.fr", subject: "Bonjour Prénom1" });
      expect(JSON.parse(rows[0].variables)).toMatchObject({ firstName: "Prénom1", lastName: "Nom1" });
      const c = findCampaign(db, id)!;
      expect(c).toMatchObject({ status: "sending", recipientCount: 4, excludedCount: 4, templateVersion: 3, segmentName: "VIP queue", segmentQuery: "tag=vip", startedAt: now.getTime() });
      expect(c.compiledHtml).toContain("__COACH_OS_UNSUBSCRIBE_URL__");
      expect(JSON.parse(c.fallbacks)).toEqual({ firstName: "cher contact" });
      expect(work()?.dueAt).toBeLessThanOrEqual(now.getTime());
    }));

  it("a second submit (sequential or concurrent) queues nothing more", () =>
    inTenant(async (db) => {
      const id = draft(db, "Double", addSegment(db, "VIP double", "vip"));
      const both = await Promise.allSettled([queueCampaign(db, tenantId, id), queueCampaign(db, tenantId, id)]);
      expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      await expect(queueCampaign(db, tenantId, id)).rejects.toThrow(/déjà programmée ou envoyée/);
      expect(sends(db, id)).toHaveLength(4);
    }));

  it("a campaign whose audience is empty stays a draft", () =>
    inTenant(async (db) => {
      const id = draft(db, "Vide", addSegment(db, "Vide", "nobody"));
      await expect(queueCampaign(db, tenantId, id)).rejects.toThrow(/Personne à qui envoyer/);
      expect(findCampaign(db, id)?.status).toBe("draft");
      expect(sends(db, id)).toHaveLength(0);
    }));

  it("an address that unsubscribed is left out of the next campaign", () =>
    inTenant(async (db) => {
      addLeads(db, 3, { tag: "next", prefix: "next" });
      const segmentId = addSegment(db, "Next", "next");
      suppressEmail(db, "NEXT-2@example.fr ", "unsubscribed");
      const id = draft(db, "Suivante", segmentId);
      expect(await queueCampaign(db, tenantId, id)).toMatchObject({ recipients: 2, excluded: 1 });
      expect(sends(db, id).map((r) => r.email)).toEqual(["next-1@example.fr", "next-3@example.fr"]);
    }));
});

describe("the subject", () => {
  it("refuses unknown variables (naming the allowed ones) and line breaks, in the form's schema and on save", () =>
    inTenant((db) => {
      const base = { name: "Sujet", templateId: String(template), segmentId: "1" };
      const unknown = DraftSchema.safeParse({ ...base, subject: "Bonjour {{prenom}} de {{ville}}" });
      expect(unknown.success).toBe(false);
      const message = unknown.error!.issues[0].message;
      expect(message).toMatch(/^Variables inconnues : \{\{prenom\}\}, \{\{ville\}\}\. Variables possibles : /);
      for (const v of TEMPLATE_VARIABLES) expect(message).toContain(`{{${v}}}`);
      expect(DraftSchema.safeParse({ ...base, subject: "Bonjour\r\nBcc: x@y.fr" }).success).toBe(false);
      expect(DraftSchema.safeParse({ ...base, subject: "Bonjour {{ firstName }}" }).success).toBe(true);
      const segmentId = addSegment(db, "VIP sujet", "vip");
      expect(() => createDraft(db, { name: "x", templateId: template, segmentId, subject: "Salut {{prenom}}" })).toThrow(expect.objectContaining({ field: "subject", message: expect.stringMatching(/Variable inconnue : \{\{prenom\}\}/) }));
      const id = draft(db, "Sujet", segmentId);
      expect(() => updateDraft(db, id, { name: "x", templateId: template, segmentId, subject: "Salut {{prenom}}" })).toThrow(CampaignError);
      expect(findCampaign(db, id)?.subject).toBe("Bonjour {{firstName}}");
    }));

  it("a draft saved with an unknown variable before the check is refused when sent, and stays a draft", () =>
    inTenant(async (db) => {
      const id = draft(db, "Ancienne", addSegment(db, "VIP ancienne", "vip"));
      db.$client.prepare("UPDATE email_campaigns SET subject = 'Salut {{prenom}}' WHERE id = ?").run(id);
      await expect(queueCampaign(db, tenantId, id)).rejects.toThrow(/Variable inconnue/);
      expect(findCampaign(db, id)?.status).toBe("draft");
      expect(sends(db, id)).toHaveLength(0);
    }));

  it("a first name (or a fallback) with a line break reaches the queued subject on one line", () =>
    inTenant(async (db) => {
      const [id1, id2] = addLeads(db, 2, { tag: "crlf", prefix: "crlf" });
      db.$client.prepare("UPDATE leads SET first_name = ? WHERE id = ?").run("Léa\r\nBcc: victime@example.fr", id1);
      db.$client.prepare("UPDATE leads SET first_name = NULL WHERE id = ?").run(id2);
      const t = addTemplate(db, { name: "CRLF", fallbacks: { firstName: "cher\ncontact" } });
      const id = createDraft(db, { name: "CRLF", templateId: t, segmentId: addSegment(db, "CRLF", "crlf") });
      await queueCampaign(db, tenantId, id);
      expect(sends(db, id).map((r) => r.subject)).toEqual(["Bonjour Léa Bcc: victime@example.fr", "Bonjour cher contact"]);
    }));
});

describe("scheduling in Europe/Paris", () => {
  const now = new Date("2026-01-10T12:00:00Z");
  it("reads datetime-local as Paris wall time, across both DST changes", () => {
    expect(parisDateTime("2026-01-15T09:00", now)).toEqual({ ok: true, date: new Date("2026-01-15T08:00:00Z") });
    expect(parisDateTime("2026-07-15T09:00", now)).toEqual({ ok: true, date: new Date("2026-07-15T07:00:00Z") });
    expect(parisDateTime("2026-03-29T03:30", now)).toEqual({ ok: true, date: new Date("2026-03-29T01:30:00Z") });
    expect(parisDateTime("2026-10-25T02:30", now)).toEqual({ ok: true, date: new Date("2026-10-25T00:30:00Z") });
    expect(parisDateTime("2026-03-29T02:30", now)).toMatchObject({ ok: false, message: expect.stringMatching(/n'existe pas/) });
    expect(parisDateTime("2026-02-30T10:00", now)).toMatchObject({ ok: false });
    expect(parisDateTime("2026-01-10T12:59", now)).toMatchObject({ ok: false, message: expect.stringMatching(/à venir/) }); // 11:59 UTC
  });

  it("a scheduled campaign's rows wait for its instant; a past instant is refused", () =>
    inTenant(async (db) => {
      const id = draft(db, "Programmée", addSegment(db, "VIP sched", "vip"));
      const at = new Date("2026-03-29T01:30:00Z");
      await expect(queueCampaign(db, tenantId, id, { scheduledAt: new Date(now.getTime() - 1), now })).rejects.toThrow(/à venir/);
      expect(await queueCampaign(db, tenantId, id, { scheduledAt: at, now })).toMatchObject({ status: "scheduled" });
      expect(new Set(sends(db, id).map((r) => r.due))).toEqual(new Set([at.getTime()]));
      expect(findCampaign(db, id)).toMatchObject({ status: "scheduled", scheduledAt: at.getTime(), startedAt: null });
    }));
});

describe("pause, resume, stop, delete, duplicate", () => {
  it("moves only along the allowed transitions", () =>
    inTenant(async (db) => {
      const now = new Date("2026-02-01T10:00:00Z");
      const id = draft(db, "Cycle", addSegment(db, "VIP cycle", "vip"));
      expect(() => pauseCampaign(db, id)).toThrow(CampaignError); // a draft
      expect(() => resumeCampaign(db, tenantId, id)).toThrow(CampaignError);
      await queueCampaign(db, tenantId, id, { now });
      pauseCampaign(db, id, now);
      expect(findCampaign(db, id)).toMatchObject({ status: "paused", pauseReason: "manual" });
      expect(() => pauseCampaign(db, id)).toThrow(CampaignError);
      expect(() => deleteDraft(db, id)).toThrow(/brouillon/);
      expect(() => updateDraft(db, id, { name: "x", templateId: template, segmentId: 1 })).toThrow(/déjà partie/);
      expect(resumeCampaign(db, tenantId, id, now)).toBe("sending");
      expect(findCampaign(db, id)).toMatchObject({ status: "sending", pauseReason: null });
      db.$client.prepare("UPDATE email_sends SET status = 'sent', sent_at = ? WHERE id = (SELECT min(id) FROM email_sends WHERE campaign_id = ?)").run(now.getTime(), id);
      expect(stopCampaign(db, id, now)).toBe(3);
      expect(sends(db, id).map((r) => r.status)).toEqual(["sent", "cancelled", "cancelled", "cancelled"]);
      expect(findCampaign(db, id)).toMatchObject({ status: "stopped", finishedAt: now.getTime() });
      expect(() => stopCampaign(db, id)).toThrow(CampaignError);
      expect(() => resumeCampaign(db, tenantId, id)).toThrow(CampaignError);
      const copy = duplicateCampaign(db, id);
      expect(findCampaign(db, copy)).toMatchObject({ name: "Cycle (copie)", status: "draft", templateId: template });
      deleteDraft(db, copy);
      expect(findCampaign(db, copy)).toBeUndefined();
    }));

  it("a paused scheduled campaign resumes as scheduled while its date is ahead", () =>
    inTenant(async (db) => {
      const now = new Date("2026-02-01T10:00:00Z");
      const at = new Date("2026-02-03T08:00:00Z");
      const id = draft(db, "Plus tard", addSegment(db, "VIP later", "vip"));
      await queueCampaign(db, tenantId, id, { scheduledAt: at, now });
      pauseCampaign(db, id, now);
      expect(resumeCampaign(db, tenantId, id, now)).toBe("scheduled");
      expect(findCampaign(db, id)).toMatchObject({ status: "scheduled", startedAt: null });
      pauseCampaign(db, id, now);
      expect(resumeCampaign(db, tenantId, id, new Date("2026-02-04T00:00:00Z"))).toBe("sending");
    }));
});

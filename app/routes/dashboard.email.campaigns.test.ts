// The campaign routes with a coach's session: create, test send, confirm and send, double
// submit, schedule, pause/resume/stop, open tracking; another tenant's ids are 404 everywhere.
import { beforeAll, describe, expect, it } from "vitest";
import { args, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../../tests/helpers";
import { addLeads, addSegment, addTemplate } from "~/email/campaigns.test-helpers";
import { createDraft, deleteDraft, findCampaign } from "~/email/campaigns.server";
import { emailHash } from "~/email/recipients.server";
import { readUnsubscribeToken } from "~/email/unsubscribe-token.server";
import { controlDb } from "~/lib/control-db.server";
import { resetEnvForTests } from "~/env.server";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import * as detail from "./dashboard.email.campaigns.$campaignId";
import * as preview from "./dashboard.email.campaigns.$campaignId_.preview[.]html";
import * as list from "./dashboard.email.campaigns._index";
import * as create from "./dashboard.email.campaigns.new";

let a: SignedInCoach;
let b: SignedInCoach;
const inA = <T,>(fn: (db: TenantDb) => T | Promise<T>) => withTenantDb(a.tenant.id, fn);
const inB = <T,>(fn: (db: TenantDb) => T | Promise<T>) => withTenantDb(b.tenant.id, fn);
const fixtures = { a: { template: 0, segment: 0 }, b: { template: 0, segment: 0, campaign: 0 } };

const path = (id: number | string) => `/dashboard/email/campaigns/${id}`;
const getDetail = (coach: SignedInCoach, id: number | string) => settle(detail.loader(args(request(path(id), { cookie: coach.cookie }), { campaignId: String(id) })));
const postDetail = (coach: SignedInCoach, id: number | string, form: Record<string, string>) =>
  settle(detail.action(args(request(path(id), { cookie: coach.cookie, form }), { campaignId: String(id) })));
const newDraft = (coach: SignedInCoach, form: Record<string, string>) => settle(create.action(args(request("/dashboard/email/campaigns/new", { cookie: coach.cookie, form }))));
const idFrom = (res: Response) => Number(res.headers.get("Location")!.split("/").pop());

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  await inA((db) => {
    addLeads(db, 3, { tag: "club" });
    addLeads(db, 1, { tag: "club", prefix: "sans", email: false });
    fixtures.a = { template: addTemplate(db, { name: "Modèle A" }), segment: addSegment(db, "Club", "club") };
  });
  await inB((db) => {
    addLeads(db, 2, { tag: "club" });
    fixtures.b.template = addTemplate(db, { name: "Modèle B" });
    fixtures.b.segment = addSegment(db, "Club B", "club");
    // B's campaign ids go beyond A's, so that "B's id" is not also one of A's rows.
    for (let i = 0; i < 20; i++) deleteDraft(db, createDraft(db, { name: "tmp", templateId: fixtures.b.template, segmentId: fixtures.b.segment }));
  });
  const res = await newDraft(b, { intent: "create", name: "Campagne de B", templateId: String(fixtures.b.template), segmentId: String(fixtures.b.segment) });
  fixtures.b.campaign = idFrom(res);
});

describe("creating and sending", () => {
  it("creates a draft; another tenant's template id is refused next to the field", async () => {
    const refused = await newDraft(a, { name: "X", templateId: String(fixtures.b.template + 100), segmentId: String(fixtures.a.segment) });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain("Choisissez un de vos modèles.");
    const unknown = await newDraft(a, { name: "X", templateId: String(fixtures.a.template), segmentId: String(fixtures.a.segment), subject: "Salut {{prenom}}" });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toMatch(/Variable inconnue : \{\{prenom\}\}\. Variables possibles : \{\{firstName\}\}/);
    const res = await newDraft(a, { name: "Rentrée", templateId: String(fixtures.a.template), segmentId: String(fixtures.a.segment), subject: "" });
    expect(res.status).toBe(302);
    const id = idFrom(res);
    const page = await (await getDetail(a, id)).json();
    expect(page.campaign).toMatchObject({ name: "Rentrée", status: "draft", subject: "Bonjour {{firstName}}" });
    expect(page.draft.audience).toMatchObject({ state: "ok", count: 3, excludedCount: 1, excluded: [{ reason: "no_email", count: 1, label: "sans adresse email" }] });
  });

  it("a test send Resend cannot take is said on the page (502), in French, and changes nothing", async () => {
    const id = idFrom(await newDraft(a, { name: "Test refusé", templateId: String(fixtures.a.template), segmentId: String(fixtures.a.segment) }));
    const saved = { key: process.env.RESEND_API_KEY, url: process.env.RESEND_BASE_URL };
    // Nothing listens on port 9: the real SDK's request fails as it would with Resend down.
    Object.assign(process.env, { RESEND_API_KEY: "re_test_unreachable", RESEND_BASE_URL: "http://127.0.0.1:9" });
    resetEnvForTests();
    try {
      const res = await postDetail(a, id, { intent: "test" });
      expect(res.status).toBe(502);
      expect((await res.json()).sendError).toMatch(/^L'email de test n'est pas parti : le service d'envoi ne l'a pas accepté ou ne répond pas/);
    } finally {
      for (const [k, v] of [["RESEND_API_KEY", saved.key], ["RESEND_BASE_URL", saved.url]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetEnvForTests();
    }
    expect(await inA((db) => findCampaign(db, id)?.status)).toBe("draft");
  });

  it("test send goes to the coach with [Test], then send needs the count confirmed and happens once", async () => {
    const id = idFrom(await newDraft(a, { name: "Envoi", templateId: String(fixtures.a.template), segmentId: String(fixtures.a.segment) }));
    expect((await postDetail(a, id, { intent: "test" })).status).toBe(302);
    const mail = controlDb().$client.prepare("SELECT subject, html FROM outbox WHERE \"to\" = ? ORDER BY id DESC").get(a.user.email) as { subject: string; html: string };
    expect(mail.subject).toBe("[Test] Bonjour Prénom3");
    expect(mail.html).toContain("/u/");
    const unconfirmed = await postDetail(a, id, { intent: "send" });
    expect(unconfirmed.status).toBe(400);
    expect((await unconfirmed.json()).sendError).toMatch(/confirmer l'envoi à 3 contacts/);
    expect((await postDetail(a, id, { intent: "send", confirm: "2" })).status).toBe(400); // a stale count
    expect(await inA((db) => findCampaign(db, id)?.status)).toBe("draft");
    const sent = await postDetail(a, id, { intent: "send", confirm: "3" });
    expect(sent.status).toBe(302);
    const again = await postDetail(a, id, { intent: "send", confirm: "3" });
    expect(again.status).toBe(400);
    expect(await inA((db) => db.$client.prepare("SELECT count(*) AS n FROM email_sends WHERE campaign_id = ?").get(id))).toEqual({ n: 3 });
    const page = await (await getDetail(a, id)).json();
    expect(page.campaign.status).toBe("sending");
    expect(page.sent.progress).toMatchObject({ sent: 0, recipients: 3 });
    expect(page.sent.recipients.total).toBe(3);
  });

  it("the preview's unsubscribe link goes nowhere (it shows a real lead's copy); the test send's names the coach", async () => {
    const id = idFrom(await newDraft(a, { name: "Aperçu", templateId: String(fixtures.a.template), segmentId: String(fixtures.a.segment) }));
    const get = (query = "") => settle(preview.loader(args(request(`${path(id)}/preview.html${query}`, { cookie: a.cookie }), { campaignId: String(id) })));
    const html = await (await get()).text();
    const text = await (await get("?format=text")).text();
    expect(html).toMatch(/Bonjour Prénom3, voici les nouvelles/);
    expect(html).toContain('href="#desinscription"');
    expect(text).toContain("#desinscription");
    for (const copy of [html, text]) expect(copy).not.toContain("/u/");
    expect((await postDetail(a, id, { intent: "test" })).status).toBe(302);
    const mail = controlDb().$client.prepare("SELECT html FROM outbox WHERE \"to\" = ? ORDER BY id DESC").get(a.user.email) as { html: string };
    const token = /\/u\/([A-Za-z0-9_.-]+)/.exec(mail.html)?.[1];
    expect(readUnsubscribeToken(token!)).toMatchObject({ tenantId: a.tenant.id, emailHash: emailHash(a.user.email) });
  });

  it("schedules at a Paris date and time; pause, resume and stop", async () => {
    const id = idFrom(await newDraft(a, { name: "Plus tard", templateId: String(fixtures.a.template), segmentId: String(fixtures.a.segment) }));
    const past = await postDetail(a, id, { intent: "schedule", confirm: "3", scheduledAt: "2020-01-01T10:00" });
    expect((await past.json()).sendError).toMatch(/à venir/);
    const res = await postDetail(a, id, { intent: "schedule", confirm: "3", scheduledAt: "2099-07-14T09:30" });
    expect(res.status).toBe(302);
    expect(await inA((db) => findCampaign(db, id))).toMatchObject({ status: "scheduled", scheduledAt: Date.parse("2099-07-14T07:30:00Z") });
    expect((await postDetail(a, id, { intent: "pause" })).status).toBe(302);
    expect(await inA((db) => findCampaign(db, id)?.status)).toBe("paused");
    expect((await postDetail(a, id, { intent: "resume" })).status).toBe(302);
    expect(await inA((db) => findCampaign(db, id)?.status)).toBe("scheduled");
    expect((await postDetail(a, id, { intent: "stop" })).status).toBe(302);
    expect(await inA((db) => db.$client.prepare("SELECT DISTINCT status FROM email_sends WHERE campaign_id = ?").all(id))).toEqual([{ status: "cancelled" }]);
    expect((await postDetail(a, id, { intent: "resume" })).status).toBe(400);
  });

  it("the list shows the campaigns, the outbox notice and the open-tracking switch", async () => {
    const data = await (await settle(list.loader(args(request("/dashboard/email/campaigns", { cookie: a.cookie }))))).json();
    expect(data.resendConfigured).toBe(false);
    expect(data.openTracking).toBe(false);
    expect(data.campaigns.map((c: { name: string }) => c.name)).not.toContain("Campagne de B");
    expect(await settle(list.action(args(request("/dashboard/email/campaigns", { cookie: a.cookie, form: { intent: "open-tracking", value: "on" } }))))).toHaveProperty("status", 302);
    expect((await (await settle(list.loader(args(request("/dashboard/email/campaigns", { cookie: a.cookie }))))).json()).openTracking).toBe(true);
    expect((await (await settle(list.loader(args(request("/dashboard/email/campaigns", { cookie: b.cookie }))))).json()).openTracking).toBe(false);
  });
});

describe("isolation", () => {
  it("another tenant's campaign id is a 404 on the page, its actions and its preview, and B's campaign is untouched", async () => {
    const id = fixtures.b.campaign;
    for (const bad of [id, 999_999, "abc", "0"]) {
      expect((await getDetail(a, bad)).status, String(bad)).toBe(404);
      expect((await settle(preview.loader(args(request(`${path(bad)}/preview.html`, { cookie: a.cookie }), { campaignId: String(bad) })))).status).toBe(404);
    }
    for (const intent of ["send", "pause", "stop", "delete", "duplicate", "test", "save"]) {
      expect((await postDetail(a, id, { intent, confirm: "2", name: "pirate", templateId: "1", segmentId: "1" })).status, intent).toBe(404);
    }
    expect(await inB((db) => findCampaign(db, id))).toMatchObject({ name: "Campagne de B", status: "draft" });
    expect(await inB((db) => db.$client.prepare("SELECT count(*) AS n FROM email_sends").get())).toEqual({ n: 0 });
    // B sees its own.
    expect((await getDetail(b, id)).status).toBe(200);
    const html = await settle(preview.loader(args(request(`${path(id)}/preview.html`, { cookie: b.cookie }), { campaignId: String(id) })));
    expect(html.status).toBe(200);
    expect(html.headers.get("Content-Type")).toMatch(/text\/html/);
    expect(await html.text()).toMatch(/Bonjour Prénom2, voici les nouvelles/);
  });
});

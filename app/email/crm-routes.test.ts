// The routes of CRM sends and of the notification centre, signed in as a coach: the flows work
// (send, double submit, timeline, mark read) and another tenant's lead, template and
// notification ids are the same 404 as missing ones.
import { beforeAll, describe, expect, it } from "vitest";
import { args, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../../tests/helpers";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import * as layout from "~/routes/dashboard";
import * as leadPage from "~/routes/dashboard.leads.$leadId";
import * as leadEmail from "~/routes/dashboard.leads.$leadId_.email";
import * as leadPreview from "~/routes/dashboard.leads.$leadId_.email_.preview[.]html";
import * as bulkEmail from "~/routes/dashboard.leads.email";
import * as bulk from "~/routes/dashboard.leads.bulk";
import * as centre from "~/routes/dashboard.notifications";
import { addLead, addTemplate, sendsOf } from "./crm-send.test-helpers";
import { notify } from "./notifications.server";

let a: SignedInCoach;
let b: SignedInCoach;
const inA = <T,>(fn: (db: TenantDb) => T) => withTenantDb(a.tenant.id, fn);
const inB = <T,>(fn: (db: TenantDb) => T) => withTenantDb(b.tenant.id, fn);
const A = { lead: 0, blacklisted: 0, template: 0, notification: 0 };
const B = { lead: 0, template: 0, notification: 0 };

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  await inA((db) => {
    A.lead = addLead(db, { firstName: "Léa", email: "lea@example.fr" });
    A.blacklisted = addLead(db, { firstName: "Noir", email: "noir@example.fr", blacklisted: true });
    A.template = addTemplate(db);
    A.notification = notify(db, "lead_new", { title: "Nouveau lead : Léa" })!;
    notify(db, "payment_received", { title: "Paiement reçu" });
  });
  // B's ids go beyond A's, so that "B's id" is not also one of A's rows.
  await inB((db) => {
    for (let i = 0; i < 5; i++) {
      addLead(db, { firstName: `b${i}` });
      addTemplate(db, { name: `b${i}` });
      notify(db, "lead_new", { title: `b${i}` });
    }
    B.lead = addLead(db, { firstName: "Bea", email: "bea@example.fr" });
    B.template = addTemplate(db, { name: "B" });
    B.notification = notify(db, "lead_new", { title: "Nouveau lead : Bea" })!;
  });
});

const data = async (res: Response) => (await res.json()) as Record<string, unknown>;
const getEmailPage = (coach: SignedInCoach, leadId: number, qs = "") =>
  settle(leadEmail.loader(args(request(`/dashboard/leads/${leadId}/email${qs}`, { cookie: coach.cookie }), { leadId: String(leadId) })));
const postEmail = (coach: SignedInCoach, leadId: number, form: Record<string, string>) =>
  settle(leadEmail.action(args(request(`/dashboard/leads/${leadId}/email`, { cookie: coach.cookie, form }), { leadId: String(leadId) })));

describe("/dashboard/leads/:leadId/email", () => {
  it("previews this lead's copy, queues it once on a double submit, and shows it on the lead's timeline", async () => {
    const page = await data(await getEmailPage(a, A.lead, `?templateId=${A.template}`));
    expect(page.excluded).toBeNull();
    expect((page.preview as { subject: string }).subject).toBe("Une nouvelle pour vous, Léa");
    const form = { intent: "send", templateId: String(A.template), token: page.token as string };
    const first = await postEmail(a, A.lead, form);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/dashboard/leads/${A.lead}#timeline`);
    expect((await postEmail(a, A.lead, form)).status).toBe(302);
    expect(await inA((db) => sendsOf(db).filter((s) => s.leadId === A.lead))).toHaveLength(1);
    const lead = await data(await settle(leadPage.loader(args(request(`/dashboard/leads/${A.lead}`, { cookie: a.cookie }), { leadId: String(A.lead) }))));
    const emails = (lead.timeline as { kind: string; subject?: string }[]).filter((i) => i.kind === "email");
    expect(emails).toMatchObject([{ kind: "email", subject: "Une nouvelle pour vous, Léa", status: "queued" }]);
  });

  it("says why an excluded lead cannot be sent to, and its post queues nothing", async () => {
    const page = await data(await getEmailPage(a, A.blacklisted, `?templateId=${A.template}`));
    expect(page.excluded).toBe("sur liste noire");
    expect(page.preview).toBeNull();
    const res = await postEmail(a, A.blacklisted, { intent: "send", templateId: String(A.template), token: "token-000000000000001" });
    expect(res.status).toBe(302);
    expect(await inA((db) => sendsOf(db).filter((s) => s.leadId === A.blacklisted))).toHaveLength(0);
  });

  it("another tenant's lead or template is a 404, on the page and on the post", async () => {
    expect((await getEmailPage(a, B.lead)).status).toBe(404);
    expect((await getEmailPage(a, A.lead, `?templateId=${B.template}`)).status).toBe(404);
    expect((await postEmail(a, B.lead, { intent: "send", templateId: String(A.template), token: "token-000000000000002" })).status).toBe(404);
    expect((await postEmail(a, A.lead, { intent: "send", templateId: String(B.template), token: "token-000000000000003" })).status).toBe(404);
    expect(await inB((db) => sendsOf(db))).toHaveLength(0);
  });
});

describe("/dashboard/leads/:leadId/email/preview.html", () => {
  const getPreview = (coach: SignedInCoach, leadId: number | string, qs: string) =>
    settle(leadPreview.loader(args(request(`/dashboard/leads/${leadId}/email/preview.html${qs}`, { cookie: coach.cookie }), { leadId: String(leadId) })));

  it("the send page's iframe reads the lead's HTML from it (the page carries subject and text only); its unsubscribe link goes nowhere", async () => {
    const page = await data(await getEmailPage(a, A.lead, `?templateId=${A.template}`));
    const preview = page.preview as { subject: string; text: string; src: string; html?: string };
    expect(preview.src).toBe(`/dashboard/leads/${A.lead}/email/preview.html?templateId=${A.template}`);
    expect(preview.html).toBeUndefined();
    expect(preview.text).toContain("Léa");
    const res = await getPreview(a, A.lead, `?templateId=${A.template}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const html = await res.text();
    expect(html).toContain("Bonjour Léa");
    expect(html).toContain('href="#desinscription"');
    expect(html).not.toMatch(/\/u\/|__COACH_OS_UNSUBSCRIBE_URL__/);
  });

  it("another tenant's lead or template, a missing one or none is a 404; an excluded lead has no preview", async () => {
    expect((await getPreview(a, B.lead, `?templateId=${A.template}`)).status).toBe(404);
    expect((await getPreview(a, A.lead, `?templateId=${B.template}`)).status).toBe(404);
    expect((await getPreview(a, A.lead, "")).status).toBe(404);
    expect((await getPreview(a, "abc", `?templateId=${A.template}`)).status).toBe(404);
    const excluded = await getPreview(a, A.blacklisted, `?templateId=${A.template}`);
    expect(excluded.status).toBe(409);
    expect(await excluded.text()).toMatch(/liste noire/);
  });

  it("the bulk page's preview points there for the recipient shown", async () => {
    const page = await data(await settle(bulkEmail.loader(args(request(`/dashboard/leads/email?ids=${A.lead}&templateId=${A.template}`, { cookie: a.cookie })))));
    const previewFor = page.previewFor as { leadId: number; src: string; copy: { subject: string; html?: string } };
    expect(previewFor).toMatchObject({ leadId: A.lead, src: `/dashboard/leads/${A.lead}/email/preview.html?templateId=${A.template}` });
    expect(previewFor.copy.subject).toBe("Une nouvelle pour vous, Léa");
    expect(previewFor.copy.html).toBeUndefined();
  });
});

describe("/dashboard/leads/email (bulk)", () => {
  it("the list's bulk form leads there with the checked ids", async () => {
    const res = await settle(bulk.action(args(request("/dashboard/leads/bulk", { cookie: a.cookie, form: { op: "email", id: String(A.lead), query: "" } }))));
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/dashboard/leads/email?ids=${A.lead}`);
  });

  it("confirms the count and the exclusions, then queues; another tenant's ids select nobody", async () => {
    const url = `/dashboard/leads/email?ids=${A.lead},${A.blacklisted},${B.lead}&templateId=${A.template}`;
    const page = await data(await settle(bulkEmail.loader(args(request(url, { cookie: a.cookie })))));
    expect(page.recipientCount).toBe(1);
    expect(page.summary).toEqual([{ reason: "blacklisted", count: 1, label: "sur liste noire" }]);
    const before = await inA((db) => sendsOf(db).length);
    const form = { intent: "send", templateId: String(A.template), token: page.token as string, selection: page.selection as string, confirm: String(page.recipientCount) };
    const res = await settle(bulkEmail.action(args(request("/dashboard/leads/email", { cookie: a.cookie, form }))));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/dashboard/leads");
    await settle(bulkEmail.action(args(request("/dashboard/leads/email", { cookie: a.cookie, form }))));
    const rows = await inA((db) => sendsOf(db));
    expect(rows.length - before).toBe(1);
    expect(rows.at(-1)!.key).toBe(`bulk-${page.token}-lead-${A.lead}`);
    expect(await inB((db) => sendsOf(db))).toHaveLength(0);
    const foreign = await settle(bulkEmail.loader(args(request(`/dashboard/leads/email?ids=${B.lead}&templateId=${B.template}`, { cookie: a.cookie }))));
    expect(foreign.status).toBe(404);
  });

  it("refuses (400, nothing queued) when the recipient count changed since the preview, or was not posted", async () => {
    const other = await inA((db) => addLead(db, { firstName: "Mia", email: "mia@example.fr" }));
    const url = `/dashboard/leads/email?ids=${A.lead},${other}&templateId=${A.template}`;
    const page = await data(await settle(bulkEmail.loader(args(request(url, { cookie: a.cookie })))));
    expect(page.recipientCount).toBe(2);
    await inA((db) => db.$client.prepare("UPDATE leads SET blacklisted = 1 WHERE id = ?").run(other)); // since the preview
    const before = await inA((db) => sendsOf(db).length);
    const form = { intent: "send", templateId: String(A.template), token: page.token as string, selection: page.selection as string, confirm: "2" };
    for (const posted of [form, { ...form, confirm: undefined }]) {
      const res = await settle(bulkEmail.action(args(request(url, { cookie: a.cookie, form: JSON.parse(JSON.stringify(posted)) }))));
      expect(res.status).toBe(400);
      expect((await res.json()).sendError).toMatch(/Le nombre de destinataires a changé depuis l'aperçu : 1 destinataire maintenant.*Aucun email n'a été envoyé/);
    }
    expect(await inA((db) => sendsOf(db).length)).toBe(before);
    // The page, loaded again, shows the new count to confirm; that one goes.
    const again = await data(await settle(bulkEmail.loader(args(request(url, { cookie: a.cookie })))));
    expect(again.recipientCount).toBe(1);
    const ok = await settle(bulkEmail.action(args(request(url, { cookie: a.cookie, form: { ...form, token: again.token as string, confirm: "1" } }))));
    expect(ok.status).toBe(302);
    expect(await inA((db) => sendsOf(db).length)).toBe(before + 1);
  });
});

describe("/dashboard/notifications", () => {
  const post = (coach: SignedInCoach, form: Record<string, string>) => settle(centre.action(args(request("/dashboard/notifications", { cookie: coach.cookie, form }))));

  it("lists only the coach's own, marks one read, and the bell counts the unread", async () => {
    const unread = async () => (await data(await settle(layout.loader(args(request("/dashboard", { cookie: a.cookie })))))).unread;
    const page = await data(await settle(centre.loader(args(request("/dashboard/notifications", { cookie: a.cookie })))));
    expect((page.rows as { title: string }[]).map((r) => r.title)).toEqual(["Paiement reçu", "Nouveau lead : Léa"]);
    expect(await unread()).toBe(2);
    expect((await post(a, { intent: "read", id: String(A.notification) })).status).toBe(302);
    expect(await unread()).toBe(1);
    expect((await post(a, { intent: "read-all" })).status).toBe(302);
    expect(await unread()).toBe(0);
    expect((await post(a, { intent: "clear-read" })).status).toBe(302);
    expect(await inA((db) => db.$client.prepare("SELECT count(*) AS n FROM notifications").get())).toEqual({ n: 0 });
  });

  it("another tenant's notification id is a 404 and stays unread", async () => {
    expect((await post(a, { intent: "read", id: String(B.notification) })).status).toBe(404);
    expect((await post(a, { intent: "read", id: "abc" })).status).toBe(404);
    expect(await inB((db) => db.$client.prepare("SELECT read_at AS readAt FROM notifications WHERE id = ?").get(B.notification))).toEqual({ readAt: null });
  });

  it("saves the preferences from the form's checkboxes", async () => {
    expect((await post(a, { intent: "preferences", kind: "lead_won", digest: "on" })).status).toBe(302);
    const settings = await inA((db) => db.$client.prepare("SELECT key, value FROM settings WHERE key IN ('notify.lead_won', 'notify.lead_new', 'notify.digest') ORDER BY key").all());
    expect(settings).toEqual([
      { key: "notify.digest", value: "on" },
      { key: "notify.lead_new", value: "off" },
      { key: "notify.lead_won", value: "on" },
    ]);
  });
});

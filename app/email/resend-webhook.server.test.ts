// POST /webhooks/resend through the route's action: signature (valid, tampered, too old, missing),
// event id once, routing by tags (tenant A's event never touches tenant B), email_id check, and
// what each event type does (bounces, complaints, opens only when the coach turned them on).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { resetEnvForTests } from "~/env.server";
import { tenantFilePath } from "~/lib/tenant-id.server";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { getEnv } from "~/env.server";
import fs from "node:fs";
import { action } from "~/routes/webhooks.resend";
import { addCampaign, addSend, sendRow } from "./email-sends.test-helpers";
import { emailSuppressionsOf, exclusionFor, liftEmailSuppression } from "./recipients.server";
import { resendEvent, signResendWebhook, TEST_RESEND_WEBHOOK_SECRET } from "./resend-webhook.test-helpers";
import { setOpenTracking } from "./webhook-events.server";

let A: string;
let B: string;
const inA = <T>(fn: (db: TenantDb) => T) => withTenantDb(A, fn);
const inB = <T>(fn: (db: TenantDb) => T) => withTenantDb(B, fn);

const post = async (body: string, headers: Record<string, string> = signResendWebhook(body)) => {
  const request = new Request("http://localhost/webhooks/resend", { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });
  const res = await action({ request, params: {}, context: {} });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const eventsIn = (db: TenantDb) => db.$client.prepare("SELECT id, type, send_id AS sendId FROM email_events ORDER BY rowid").all() as { id: string; type: string; sendId: number | null }[];

beforeAll(async () => {
  setupTestDb();
  process.env.RESEND_WEBHOOK_SECRET = TEST_RESEND_WEBHOOK_SECRET;
  resetEnvForTests();
  A = (await makeCoach("Coach A", "a-webhook@example.fr")).tenant.id;
  B = (await makeCoach("Coach B", "b-webhook@example.fr")).tenant.id;
});

afterAll(() => {
  delete process.env.RESEND_WEBHOOK_SECRET;
  resetEnvForTests();
});

describe("signature", () => {
  it("applies a correctly signed event", async () => {
    const sendId = await inA((db) => addSend(db, { resendId: "re_valid" }));
    const res = await post(resendEvent("email.delivered", { emailId: "re_valid", tenantId: A, sendId }));
    expect(res).toEqual({ status: 200, json: { received: true, duplicate: false } });
    expect((await inA((db) => sendRow(db, sendId))).delivered_at).not.toBeNull();
  });

  it("refuses a body changed after signing, and changes nothing", async () => {
    const sendId = await inA((db) => addSend(db, { resendId: "re_tampered" }));
    const body = resendEvent("email.bounced", { emailId: "re_tampered", tenantId: A, sendId, bounceType: "Transient" });
    const headers = signResendWebhook(body);
    const res = await post(body.replace("Transient", "Permanent"), headers);
    expect(res).toEqual({ status: 400, json: { error: "Invalid signature." } });
    expect(await inA((db) => sendRow(db, sendId))).toMatchObject({ bounced_at: null, bounce_type: null });
    // The same headers with a body signed under another secret: refused too.
    const forged = await post(body, signResendWebhook(body, { secret: `whsec_${Buffer.from("someone else").toString("base64")}` }));
    expect(forged.status).toBe(400);
  });

  it("refuses a signature older than 5 minutes (a replay) or from the future, accepts one 4 minutes old", async () => {
    const sendId = await inA((db) => addSend(db, { resendId: "re_old" }));
    const body = resendEvent("email.clicked", { emailId: "re_old", tenantId: A, sendId });
    const old = await post(body, signResendWebhook(body, { at: new Date(Date.now() - 6 * 60_000) }));
    expect(old).toEqual({ status: 400, json: { error: "Timestamp outside the 5-minute tolerance." } });
    const future = await post(body, signResendWebhook(body, { at: new Date(Date.now() + 6 * 60_000) }));
    expect(future.status).toBe(400);
    expect((await inA((db) => sendRow(db, sendId))).clicked_at).toBeNull();
    const recent = await post(body, signResendWebhook(body, { at: new Date(Date.now() - 4 * 60_000) }));
    expect(recent.status).toBe(200);
    expect((await inA((db) => sendRow(db, sendId))).clicked_at).not.toBeNull();
  });

  it.each(["svix-id", "svix-timestamp", "svix-signature"])("refuses a request without %s", async (missing) => {
    const body = resendEvent("email.delivered", { emailId: "re_x", tenantId: A, sendId: 1 });
    const headers: Record<string, string> = signResendWebhook(body);
    delete headers[missing];
    expect(await post(body, headers)).toEqual({ status: 400, json: { error: "Missing svix-id, svix-timestamp or svix-signature header." } });
  });

  it("says so when the secret is not configured", async () => {
    delete process.env.RESEND_WEBHOOK_SECRET;
    resetEnvForTests();
    try {
      const res = await post(resendEvent("email.delivered", { emailId: "re_x", tenantId: A, sendId: 1 }));
      expect(res).toEqual({ status: 503, json: { error: "Resend webhooks are not configured (RESEND_WEBHOOK_SECRET)." } });
    } finally {
      process.env.RESEND_WEBHOOK_SECRET = TEST_RESEND_WEBHOOK_SECRET;
      resetEnvForTests();
    }
  });

  it("answers 405 to other methods", async () => {
    const res = await action({ request: new Request("http://localhost/webhooks/resend", { method: "PUT", body: "{}" }), params: {}, context: {} });
    expect(res.status).toBe(405);
  });
});

describe("event id once", () => {
  it("a second delivery of the same event has no effect", async () => {
    const sendId = await inA((db) => addSend(db, { resendId: "re_dup", toEmail: "dup@example.fr" }));
    const body = resendEvent("email.bounced", { emailId: "re_dup", tenantId: A, sendId, bounceType: "Permanent" });
    const first = await post(body, signResendWebhook(body, { id: "msg_dup" }));
    expect(first.json).toEqual({ received: true, duplicate: false });
    expect(await inA((db) => emailSuppressionsOf(db, "dup@example.fr"))).toEqual(["bounced"]);
    // The coach lets the address back in; Resend redelivers the old event: it must not suppress again.
    await inA((db) => liftEmailSuppression(db, "dup@example.fr", "bounced"));
    const again = await post(body, signResendWebhook(body, { id: "msg_dup" }));
    expect(again).toEqual({ status: 200, json: { received: true, duplicate: true } });
    expect(await inA((db) => emailSuppressionsOf(db, "dup@example.fr"))).toEqual([]);
    expect((await inA(eventsIn)).filter((e) => e.id === "msg_dup")).toEqual([{ id: "msg_dup", type: "email.bounced", sendId }]);
  });

  it("answers 200 to event types it does not handle, and 400 to a malformed one", async () => {
    const other = JSON.stringify({ type: "contact.created", created_at: new Date().toISOString(), data: { id: "c_1" } });
    expect(await post(other)).toEqual({ status: 200, json: { received: true, ignored: "event type contact.created not handled" } });
    const malformed = JSON.stringify({ type: "email.delivered", created_at: new Date().toISOString(), data: { tags: { tenant: A, send: "1" } } });
    const res = await post(malformed);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/^Malformed event: data\.email_id/);
    expect(await post("not json")).toEqual({ status: 400, json: { error: "Body is not JSON." } });
  });
});

describe("routing by tags", () => {
  it("accepts the tags as an array of {name, value} too", async () => {
    const sendId = await inA((db) => addSend(db, { resendId: "re_array" }));
    const body = JSON.parse(resendEvent("email.delivered", { emailId: "re_array", tenantId: A, sendId }));
    body.data.tags = [
      { name: "tenant", value: A },
      { name: "send", value: String(sendId) },
    ];
    expect((await post(JSON.stringify(body))).json).toEqual({ received: true, duplicate: false });
    expect((await inA((db) => sendRow(db, sendId))).delivered_at).not.toBeNull();
  });

  it("an event tagged for tenant A never touches tenant B, which has a send with the same id", async () => {
    // Line the two files up so that both have a send with the same id.
    const [aId, bId] = [await inA((db) => addSend(db, { resendId: "re_route_a", toEmail: "same@example.fr" })), await inB((db) => addSend(db, { resendId: "re_route_b", toEmail: "same@example.fr" }))];
    const target = Math.max(aId, bId) + 1;
    while ((await inA((db) => addSend(db))) < target);
    while ((await inB((db) => addSend(db))) < target);
    const [a, b] = [await inA((db) => addSend(db, { resendId: "re_same_a", toEmail: "shared@example.fr" })), await inB((db) => addSend(db, { resendId: "re_same_b", toEmail: "shared@example.fr" }))];
    expect(a).toBe(b);
    const body = resendEvent("email.complained", { emailId: "re_same_a", tenantId: A, sendId: a });
    const res = await post(body, signResendWebhook(body, { id: "msg_route_a" }));
    expect(res.json).toEqual({ received: true, duplicate: false });
    expect((await inA((db) => sendRow(db, a))).complained_at).not.toBeNull();
    expect(await inA((db) => emailSuppressionsOf(db, "shared@example.fr"))).toEqual(["complained"]);
    expect(await inB((db) => sendRow(db, b))).toEqual({ delivered_at: null, bounced_at: null, bounce_type: null, complained_at: null, opened_at: null, clicked_at: null });
    expect(await inB((db) => emailSuppressionsOf(db, "shared@example.fr"))).toEqual([]);
    expect((await inA(eventsIn)).map((e) => e.id)).toContain("msg_route_a");
    expect((await inB(eventsIn)).map((e) => e.id)).not.toContain("msg_route_a");
  });

  it("ignores an event whose email_id is not the send's (a misrouted tag): 200, no row touched", async () => {
    const a = await inA((db) => addSend(db, { resendId: "re_owner", toEmail: "owner@example.fr" }));
    // B's tenant tag with A's send id, or A's tenant tag with the wrong email: both refused.
    const toB = await post(resendEvent("email.bounced", { emailId: "re_owner", tenantId: B, sendId: a, bounceType: "Permanent" }));
    expect(toB.status).toBe(200);
    const wrong = await post(resendEvent("email.bounced", { emailId: "re_someone_else", tenantId: A, sendId: a, bounceType: "Permanent" }));
    expect(wrong).toEqual({ status: 200, json: { received: true, duplicate: false, ignored: "email_id does not match the send" } });
    expect(await inA((db) => sendRow(db, a))).toMatchObject({ bounced_at: null, bounce_type: null });
    expect(await inA((db) => emailSuppressionsOf(db, "owner@example.fr"))).toEqual([]);
    expect(await inB((db) => emailSuppressionsOf(db, "owner@example.fr"))).toEqual([]);
  });

  it("applies the event to a send whose Resend id is not recorded yet (crash between send and record)", async () => {
    const a = await inA((db) => addSend(db, { resendId: null }));
    expect((await post(resendEvent("email.delivered", { emailId: "re_late", tenantId: A, sendId: a }))).json).toEqual({ received: true, duplicate: false });
    expect((await inA((db) => sendRow(db, a))).delivered_at).not.toBeNull();
  });

  it("ignores, with a 200, a tenant the control DB does not know (well-formed or not) and never creates a file", async () => {
    const ghost = "t_aaaaaaaaaaaaaaaaaaaa";
    for (const tenantId of [ghost, "../../etc/passwd", "t_AAAA"]) {
      const res = await post(resendEvent("email.delivered", { emailId: "re_x", tenantId, sendId: 1 }));
      expect(res).toEqual({ status: 200, json: { received: true, duplicate: false, ignored: "unknown tenant" } });
    }
    expect(fs.existsSync(tenantFilePath(getEnv().TENANTS_DIR, ghost))).toBe(false);
    const untagged = JSON.parse(resendEvent("email.delivered", { emailId: "re_x", tenantId: A, sendId: 1 }));
    delete untagged.data.tags;
    expect((await post(JSON.stringify(untagged))).json).toEqual({ received: true, duplicate: false, ignored: "not tagged by Coach OS" });
    const badSend = JSON.parse(resendEvent("email.delivered", { emailId: "re_x", tenantId: A, sendId: 1 }));
    badSend.data.tags.send = "1 OR 1=1";
    expect((await post(JSON.stringify(badSend))).json).toEqual({ received: true, duplicate: false, ignored: "malformed send tag" });
  });

  it("ignores, with a 200, a send that does not exist in the tenant (the event id is still kept once)", async () => {
    const body = resendEvent("email.delivered", { emailId: "re_none", tenantId: A, sendId: 999_999 });
    expect((await post(body, signResendWebhook(body, { id: "msg_nosend" }))).json).toEqual({ received: true, duplicate: false, ignored: "unknown send" });
    expect((await inA(eventsIn)).find((e) => e.id === "msg_nosend")).toEqual({ id: "msg_nosend", type: "email.delivered", sendId: null });
  });
});

describe("effects", () => {
  it("a hard bounce suppresses the address for every email of this coach; a soft one only marks the send", async () => {
    const [hard, soft] = await inA((db) => [addSend(db, { resendId: "re_hard", toEmail: "Hard@Example.fr" }), addSend(db, { resendId: "re_soft", toEmail: "soft@example.fr" })]);
    await post(resendEvent("email.bounced", { emailId: "re_hard", tenantId: A, sendId: hard, bounceType: "Permanent" }));
    await post(resendEvent("email.bounced", { emailId: "re_soft", tenantId: A, sendId: soft, bounceType: "Transient" }));
    expect(await inA((db) => sendRow(db, hard))).toMatchObject({ bounce_type: "hard", bounced_at: expect.any(Number) });
    expect(await inA((db) => sendRow(db, soft))).toMatchObject({ bounce_type: "soft", bounced_at: expect.any(Number) });
    expect(await inA((db) => [exclusionFor(db, { email: "hard@example.fr" }, "marketing"), exclusionFor(db, { email: "hard@example.fr" }, "transactional")])).toEqual(["bounced", "bounced"]);
    expect(await inA((db) => [exclusionFor(db, { email: "soft@example.fr" }, "marketing"), exclusionFor(db, { email: "soft@example.fr" }, "transactional")])).toEqual([null, null]);
    // A later soft bounce of the hard-bounced send does not turn it soft.
    await post(resendEvent("email.bounced", { emailId: "re_hard", tenantId: A, sendId: hard, bounceType: "Transient" }));
    expect((await inA((db) => sendRow(db, hard))).bounce_type).toBe("hard");
  });

  it("a complaint marks the send and suppresses the address (marketing and transactional)", async () => {
    const sendId = await inA((db) => addSend(db, { resendId: "re_spam", toEmail: "spam@example.fr" }));
    await post(resendEvent("email.complained", { emailId: "re_spam", tenantId: A, sendId }));
    expect((await inA((db) => sendRow(db, sendId))).complained_at).not.toBeNull();
    expect(await inA((db) => exclusionFor(db, { email: "spam@example.fr" }, "transactional"))).toBe("complained");
  });

  it("keeps the first click, whatever the order of arrival", async () => {
    const sendId = await inA((db) => addSend(db, { resendId: "re_click" }));
    const later = new Date("2026-11-20T10:05:00Z");
    const earlier = new Date("2026-11-20T10:00:00Z");
    await post(resendEvent("email.clicked", { emailId: "re_click", tenantId: A, sendId, link: "https://x.example", createdAt: later }));
    await post(resendEvent("email.clicked", { emailId: "re_click", tenantId: A, sendId, link: "https://x.example", createdAt: earlier }));
    await post(resendEvent("email.clicked", { emailId: "re_click", tenantId: A, sendId, link: "https://x.example", createdAt: later }));
    expect((await inA((db) => sendRow(db, sendId))).clicked_at).toBe(earlier.getTime());
  });

  it("records opens only when the coach turned open tracking on", async () => {
    const [off, on] = await inA((db) => [addSend(db, { resendId: "re_open_off" }), addSend(db, { resendId: "re_open_on" })]);
    const body = resendEvent("email.opened", { emailId: "re_open_off", tenantId: A, sendId: off });
    expect((await post(body, signResendWebhook(body, { id: "msg_open_off" }))).json).toEqual({ received: true, duplicate: false, ignored: "open tracking is off" });
    expect((await inA((db) => sendRow(db, off))).opened_at).toBeNull();
    // Not even the event row says who opened.
    expect((await inA(eventsIn)).find((e) => e.id === "msg_open_off")).toEqual({ id: "msg_open_off", type: "email.opened", sendId: null });
    await inA((db) => setOpenTracking(db, true));
    try {
      expect((await post(resendEvent("email.opened", { emailId: "re_open_on", tenantId: A, sendId: on }))).json).toEqual({ received: true, duplicate: false });
      expect((await inA((db) => sendRow(db, on))).opened_at).not.toBeNull();
    } finally {
      await inA((db) => setOpenTracking(db, false));
    }
  });

  it("pauses a sending campaign past 5 % bounces, with the figures, and notifies the coach once", async () => {
    const campaignId = await inA((db) => addCampaign(db, { name: "Soldes" }));
    const ids = await inA((db) => Array.from({ length: 20 }, (_, i) => addSend(db, { campaignId, resendId: `re_c_${i}` })));
    const state = () => inA((db) => db.$client.prepare("SELECT status, pause_reason AS reason, pause_detail AS detail FROM email_campaigns WHERE id = ?").get(campaignId));
    const notes = () => inA((db) => db.$client.prepare("SELECT kind, title, body, href FROM notifications WHERE kind = 'campaign_paused'").all() as { body: string }[]);
    // 1 of 20 (5 %: not above) → still sending.
    expect((await post(resendEvent("email.bounced", { emailId: "re_c_0", tenantId: A, sendId: ids[0], bounceType: "Transient" }))).json).toEqual({ received: true, duplicate: false });
    expect(await state()).toEqual({ status: "sending", reason: null, detail: null });
    // 2 of 20 (10 %) → paused.
    expect((await post(resendEvent("email.bounced", { emailId: "re_c_1", tenantId: A, sendId: ids[1], bounceType: "Permanent" }))).json).toEqual({ received: true, duplicate: false, paused: "bounce_rate" });
    expect(await state()).toEqual({ status: "paused", reason: "bounce_rate", detail: "10 % de bounces (2 sur 20 envois) : au-delà de 5 %, la campagne est mise en pause." });
    expect(await notes()).toEqual([{ kind: "campaign_paused", title: "Campagne « Soldes » mise en pause automatiquement", body: "10 % de bounces (2 sur 20 envois) : au-delà de 5 %, la campagne est mise en pause.", href: `/dashboard/email/campaigns/${campaignId}` }]);
    // More bounces: the campaign is already paused, no second notification.
    await post(resendEvent("email.bounced", { emailId: "re_c_2", tenantId: A, sendId: ids[2], bounceType: "Permanent" }));
    expect(await notes()).toHaveLength(1);
  });
});

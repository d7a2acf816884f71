// /u/:token: GET changes nothing, POST unsubscribes (the page's button and RFC 8058 one-click,
// without cookies or Origin), forged and tampered tokens are 404, and a token of tenant A never
// writes in tenant B's file.
import { beforeAll, describe, expect, it } from "vitest";
import { args, makeCoach, makeTwoCoaches, ORIGIN, request, settle, setupTestDb, type SignedInCoach } from "../../tests/helpers";
import { updateBillingProfile } from "~/billing/billing-profile.server";
import { addLeads, addSegment, addTemplate } from "~/email/campaigns.test-helpers";
import { audienceOf, createDraft, queueCampaign } from "~/email/campaigns.server";
import { emailHash } from "~/email/recipients.server";
import { unsubscribeToken } from "~/email/unsubscribe-token.server";
import { controlDb } from "~/lib/control-db.server";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { deleteTenant, setTenantStatus } from "~/platform/tenants.server";
import * as route from "./u.$token";

let a: SignedInCoach;
let b: SignedInCoach;
const inA = <T,>(fn: (db: TenantDb) => T | Promise<T>) => withTenantDb(a.tenant.id, fn);
const inB = <T,>(fn: (db: TenantDb) => T | Promise<T>) => withTenantDb(b.tenant.id, fn);
const suppressions = (db: TenantDb) => db.$client.prepare("SELECT email_hash AS hash, reason, send_id AS sendId FROM email_suppressions ORDER BY rowid").all();
const sendOf = (db: TenantDb, email: string) => db.$client.prepare("SELECT id, unsubscribed_at AS unsubscribedAt FROM email_sends WHERE to_email = ? ORDER BY id DESC").get(email) as { id: number; unsubscribedAt: number | null };

const get = (token: string) => settle(route.loader(args(request(`/u/${token}`), { token })));
const post = (token: string) => settle(route.action(args(request(`/u/${token}`, { form: {} }), { token })));
/** What Gmail sends: no cookie, no Origin, the RFC 8058 body. */
const oneClick = (token: string, headers: Record<string, string> = {}) =>
  settle(
    route.action(
      args(new Request(`${ORIGIN}/u/${token}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: "List-Unsubscribe=One-Click" }), { token }),
    ),
  );

const sent = async (db: TenantDb, tenantId: string, tag: string) => {
  const id = createDraft(db, { name: `Campagne ${tag}`, templateId: addTemplate(db), segmentId: addSegment(db, tag, tag) });
  await queueCampaign(db, tenantId, id);
  db.$client.prepare("UPDATE email_sends SET status = 'sent', sent_at = ? WHERE campaign_id = ?").run(Date.now(), id);
  return id;
};

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  await inA(async (db) => {
    updateBillingProfile(db, { tradeName: "Coaching Alpha" });
    addLeads(db, 3, { tag: "news", prefix: "x" });
    await sent(db, a.tenant.id, "news");
  });
  // B has the same addresses and a send with the same ids.
  await inB(async (db) => {
    addLeads(db, 3, { tag: "news", prefix: "x" });
    await sent(db, b.tenant.id, "news");
  });
});

describe("GET /u/:token", () => {
  it("shows a confirmation naming the coach and changes nothing", async () => {
    const token = unsubscribeToken(a.tenant.id, "x-1@example.fr");
    const res = await get(token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sender: "Coaching Alpha", done: false });
    expect(await inA(suppressions)).toEqual([]);
  });

  it("a forged, truncated or tampered token is a 404", async () => {
    const token = unsubscribeToken(a.tenant.id, "x-1@example.fr");
    const [tenant, hash, mac] = token.split(".");
    const otherTenant = Buffer.from(b.tenant.id).toString("base64url");
    for (const bad of [`${tenant}.${hash}.${mac.slice(0, -2)}AA`, `${tenant}.${hash}`, `${otherTenant}.${hash}.${mac}`, "nimportequoi", `${tenant}.${hash}.12.${mac}`]) {
      expect((await get(bad)).status, bad).toBe(404);
      expect((await post(bad)).status, bad).toBe(404);
    }
    expect(await inA(suppressions)).toEqual([]);
    expect(await inB(suppressions)).toEqual([]);
  });
});

describe("POST /u/:token", () => {
  it("the page's button unsubscribes the address and dates it on the send named by the token; twice is harmless", async () => {
    const send = await inA((db) => sendOf(db, "x-1@example.fr"));
    const token = unsubscribeToken(a.tenant.id, "x-1@example.fr", send.id);
    for (let i = 0; i < 2; i++) {
      const res = await post(token);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ sender: "Coaching Alpha", done: true });
    }
    expect(await inA(suppressions)).toEqual([{ hash: emailHash("x-1@example.fr"), reason: "unsubscribed", sendId: send.id }]);
    expect((await inA((db) => sendOf(db, "x-1@example.fr"))).unsubscribedAt).toEqual(expect.any(Number));
    expect(await (await get(token)).json()).toEqual({ sender: "Coaching Alpha", done: true });
    // Tenant B, which has the same address and a send with the same id, is untouched.
    expect(await inB(suppressions)).toEqual([]);
    expect((await inB((db) => sendOf(db, "x-1@example.fr"))).unsubscribedAt).toBeNull();
  });

  it("RFC 8058 one-click: a cookie-less POST from a mailbox provider, even with a foreign Origin, answers 200", async () => {
    const token = unsubscribeToken(a.tenant.id, "x-2@example.fr");
    const res = await oneClick(token, { Origin: "https://mail.google.com" });
    expect(res.status).toBe(200);
    // Without a send id in the token, the most recent marketing email to that address gets it.
    const send = await inA((db) => sendOf(db, "x-2@example.fr"));
    expect(send.unsubscribedAt).toEqual(expect.any(Number));
    expect((await inA(suppressions)).map((s) => (s as { hash: string }).hash)).toContain(emailHash("x-2@example.fr"));
  });

  it("a send id of another address is not credited, but the address is still unsubscribed", async () => {
    const other = await inA((db) => sendOf(db, "x-3@example.fr"));
    const token = unsubscribeToken(a.tenant.id, "someone@example.fr", other.id);
    expect((await post(token)).status).toBe(200);
    expect((await inA((db) => sendOf(db, "x-3@example.fr"))).unsubscribedAt).toBeNull();
    expect((await inA(suppressions)).map((s) => (s as { hash: string }).hash)).toContain(emailHash("someone@example.fr"));
  });

  it("works while the coach is suspended (GET and POST); a deleted coach's link is a 404", async () => {
    const c = await makeCoach("Coach Suspendu", "suspendu@example.fr");
    await withTenantDb(c.tenant.id, (db) => {
      addLeads(db, 1, { tag: "news", prefix: "s" });
    });
    setTenantStatus(controlDb(), c.tenant.id, "suspended");
    const token = unsubscribeToken(c.tenant.id, "s-1@example.fr");
    const page = await get(token);
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ done: false });
    expect((await post(token)).status).toBe(200);
    expect(await withTenantDb(c.tenant.id, suppressions)).toEqual([{ hash: emailHash("s-1@example.fr"), reason: "unsubscribed", sendId: null }]);
    expect((await oneClick(unsubscribeToken(c.tenant.id, "s-2@example.fr"))).status).toBe(200);

    deleteTenant(controlDb(), c.tenant.id);
    const gone = unsubscribeToken(c.tenant.id, "s-3@example.fr");
    expect((await get(gone)).status).toBe(404);
    expect((await post(gone)).status).toBe(404);
  });

  it("the unsubscribed contacts are excluded from the next campaign, in A only", async () => {
    const excludedIn = async (db: TenantDb) => {
      const { audience } = audienceOf(db, addSegment(db, `news-${Math.random()}`, "news"));
      return audience.state === "ok" ? audience.excluded : [];
    };
    expect(await inA(excludedIn)).toEqual([{ reason: "unsubscribed", count: 2, label: "désinscrit" }]);
    expect(await inB(excludedIn)).toEqual([]);
  });
});

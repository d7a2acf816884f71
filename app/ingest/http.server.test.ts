import { count, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { leads, messages } from "../../db/tenant.schema";
import { args, makeCoach, settle, setupTestDb } from "../../tests/helpers";
import { controlDb } from "~/lib/control-db.server";
import { withTenantDb } from "~/lib/tenant-db.server";
import { createApiToken, revokeApiToken } from "~/platform/api-tokens.server";
import { setTenantStatus } from "~/platform/tenants.server";
import * as leadsRoute from "~/routes/api.v1.leads";
import * as messagesRoute from "~/routes/api.v1.messages";
import { configureIngestRateLimit, configureIngestWorkBudget } from "./rate-limit.server";

let tenantId: string;
let token: string;

beforeAll(async () => {
  setupTestDb();
  const coach = await makeCoach("Api Coach", "api@example.fr");
  tenantId = coach.tenant.id;
  token = createApiToken(controlDb(), { tenantId, name: "n8n", userId: coach.user.id }).token;
});
afterEach(() => {
  configureIngestRateLimit();
  configureIngestWorkBudget();
});

function post(path: string, body: unknown, init: { auth?: string | null; headers?: Record<string, string>; method?: string } = {}) {
  const headers = new Headers({ "Content-Type": "application/json", ...init.headers });
  const auth = init.auth === undefined ? `Bearer ${token}` : init.auth;
  if (auth) headers.set("Authorization", auth);
  return new Request(`http://localhost${path}`, { method: init.method ?? "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}
const postLeads = (body: unknown, init?: Parameters<typeof post>[2]) => settle(leadsRoute.action(args(post("/api/v1/leads", body, init))));
const postMessages = (body: unknown, init?: Parameters<typeof post>[2]) => settle(messagesRoute.action(args(post("/api/v1/messages", body, init))));
const leadCount = () => withTenantDb(tenantId, (db) => db.select({ n: count() }).from(leads).get()!.n);

describe("POST /api/v1/leads and /api/v1/messages", () => {
  it("answers 201 with counts, then 200 when the same batch comes again", async () => {
    const batch = { leads: [{ instagram_id: "h_1", first_name: "Zoé" }, { instagram_id: "h_2", age: 40 }] };
    const first = await postLeads(batch);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ created: 2, updated: 0, unchanged: 0, stale: 0 });
    const again = await postLeads(batch);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ created: 0, updated: 0, unchanged: 2, stale: 0 });

    const msgs = { messages: [{ external_id: "hm_1", instagram_id: "h_1", direction: "out", text: "Salut !", sent_at: "2024-05-01T10:00:00+02:00" }] };
    expect((await postMessages(msgs)).status).toBe(201);
    const repeat = await postMessages(msgs);
    expect([repeat.status, await repeat.json()]).toEqual([200, { created: 0, updated: 0, unchanged: 1 }]);
    const stored = await withTenantDb(tenantId, (db) => db.select().from(messages).where(eq(messages.externalId, "hm_1")).get());
    expect(stored).toMatchObject({ sentAt: new Date("2024-05-01T08:00:00Z"), messageNumber: 1 });
  });

  it("refuses requests without a valid token (401) and from a suspended coach (403)", async () => {
    const missing = await postLeads({ instagram_id: "x" }, { auth: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect((await missing.json()).error).toMatch(/Authorization header/);
    expect((await postLeads({ instagram_id: "x" }, { auth: `Bearer cos_${"x".repeat(43)}` })).status).toBe(401);
    expect((await postLeads({ instagram_id: "x" }, { auth: token })).status).toBe(401); // no "Bearer"

    const other = await makeCoach("Suspended Coach", "suspended@example.fr");
    const created = createApiToken(controlDb(), { tenantId: other.tenant.id, name: "old", userId: other.user.id });
    revokeApiToken(controlDb(), { tenantId: other.tenant.id, tokenId: created.row.id });
    expect((await postLeads({ instagram_id: "x" }, { auth: `Bearer ${created.token}` })).status).toBe(401);

    const live = createApiToken(controlDb(), { tenantId: other.tenant.id, name: "live", userId: other.user.id });
    setTenantStatus(controlDb(), other.tenant.id, "suspended");
    const suspended = await postMessages({ external_id: "s1", instagram_id: "x", direction: "in" }, { auth: `Bearer ${live.token}` });
    expect(suspended.status).toBe(403);
    expect((await suspended.json()).error).toMatch(/suspended/);
    expect(await leadCount()).toBe(2); // and nothing reached the first coach
  });

  it("answers 400 to broken JSON and 422 with paths to invalid items, writing nothing", async () => {
    const broken = await postLeads('{"instagram_id": "oops",');
    expect(broken.status).toBe(400);
    const body = await broken.json();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].path).toBe("");
    expect(body.errors[0].message).toMatch(/^Invalid JSON: /);

    const invalid = await postLeads({ leads: [{ instagram_id: "ok_new" }, { instagram_id: "h_1", age: 150 }, { instagram_id: "h_2", gender: "x" }] });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toEqual({
      errors: [
        { path: "leads.1.age", message: "must be between 10 and 120" },
        { path: "leads.2.gender", message: "must be one of: male, female, other" },
      ],
    });
    const bad = await postMessages({ messages: [{ external_id: "ok", instagram_id: "new_lead", direction: "in" }, { external_id: "m", direction: "in" }] });
    expect([bad.status, await bad.json()]).toEqual([422, { errors: [{ path: "messages.1.instagram_id", message: "is required" }] }]);
    expect(await leadCount()).toBe(2);
  });

  it("answers 413 above 500 items or 1 MiB, whether declared or actually sent", async () => {
    const tooMany = await postLeads({ leads: Array.from({ length: 501 }, (_, i) => ({ instagram_id: `big_${i}` })) });
    expect(tooMany.status).toBe(413);
    expect((await tooMany.json()).error).toMatch(/at most 500/);

    const declared = await postLeads({ instagram_id: "small" }, { headers: { "Content-Length": String(1024 * 1024 + 1) } });
    expect(declared.status).toBe(413);
    // 1 MiB + a few bytes of real body, with no Content-Length (chunked) or a false one.
    const huge = { instagram_id: "huge", username: "u", padding: "x".repeat(1024 * 1024) };
    expect((await postLeads(huge)).status).toBe(413);
    const lying = await postLeads(huge, { headers: { "Content-Length": "100" } });
    expect(lying.status).toBe(413);
    expect((await lying.json()).error).toMatch(/1 MiB/);
    expect(await leadCount()).toBe(2);
  });

  it("answers 429 with Retry-After when one token sends too fast", async () => {
    configureIngestRateLimit({ points: 2, seconds: 60, burst: 1, burstSeconds: 60 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postLeads({ instagram_id: "h_1" })).status);
    expect(statuses).toEqual([200, 200, 200]); // 2 in the window + 1 from the burst allowance
    const limited = await postLeads({ instagram_id: "h_1" });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it("ignores a retried older lead payload instead of rolling the lead back", async () => {
    const booked = { instagram_id: "h_retry", status: "call_booked" };
    expect((await postLeads(booked)).status).toBe(201);
    expect(await (await postLeads({ instagram_id: "h_retry", status: "won", deal_value: 1500 })).json()).toMatchObject({ updated: 1 });
    // The first payload again (a retry after a timeout): nothing of it is applied.
    const retried = await postLeads(booked);
    const lead = await withTenantDb(tenantId, (db) => db.select().from(leads).where(eq(leads.instagramId, "h_retry")).get());
    expect(lead).toMatchObject({ status: "won", dealValueCents: 150_000 });
    expect([retried.status, await retried.json()]).toEqual([200, { created: 0, updated: 0, unchanged: 1, stale: 1 }]);
  });

  it("answers 429 with Retry-After when a coach's ingestion has used its work budget, and still serves other coaches", async () => {
    // 1 ms of database work per minute, 1 ms of burst: one real batch uses it all.
    configureIngestWorkBudget({ ms: 1, seconds: 60, burstMs: 1, burstSeconds: 60 });
    const batch = { leads: Array.from({ length: 50 }, (_, i) => ({ instagram_id: `work_${i}`, first_name: "Ana" })) };
    expect((await postLeads(batch)).status).toBe(201);
    const refused = await postLeads({ instagram_id: "work_late" });
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toMatch(/retry in \d+ s/);
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await withTenantDb(tenantId, (db) => db.select().from(leads).where(eq(leads.instagramId, "work_late")).get())).toBeUndefined();

    // Another coach has a budget of their own.
    const other = await makeCoach("Other Coach", "other-work@example.fr");
    const otherToken = createApiToken(controlDb(), { tenantId: other.tenant.id, name: "n8n", userId: other.user.id }).token;
    expect((await postLeads({ instagram_id: "work_other" }, { auth: `Bearer ${otherToken}` })).status).toBe(201);
  });

  it("answers 405 to anything but POST", async () => {
    const get = await settle(Promise.resolve(leadsRoute.loader()));
    expect([get.status, get.headers.get("Allow")]).toEqual([405, "POST"]);
    expect((await settle(messagesRoute.action(args(post("/api/v1/messages", "{}", { method: "PUT" }))))).status).toBe(405);
  });
});

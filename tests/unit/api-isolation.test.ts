import crypto from "node:crypto";
import fs from "node:fs";
import { asc } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { leads, messages, messageSequences } from "../../db/tenant.schema";
import { args, makeCoach, settle, setupTestDb } from "../helpers";
import { getEnv } from "~/env.server";
import { controlDb } from "~/lib/control-db.server";
import { closeAllTenantDbs, withTenantDb } from "~/lib/tenant-db.server";
import { tenantFilePath } from "~/lib/tenant-id.server";
import { createApiToken } from "~/platform/api-tokens.server";
import * as leadsRoute from "~/routes/api.v1.leads";
import * as messagesRoute from "~/routes/api.v1.messages";

type Coach = Awaited<ReturnType<typeof makeCoach>> & { token: string };
let a: Coach;
let b: Coach;

beforeAll(async () => {
  setupTestDb();
  for (const [name, email] of [["Alpha Coach", "alpha@example.fr"], ["Beta Coach", "beta@example.fr"]] as const) {
    const coach = await makeCoach(name, email);
    const { token } = createApiToken(controlDb(), { tenantId: coach.tenant.id, name: "n8n", userId: coach.user.id });
    if (name === "Alpha Coach") a = { ...coach, token };
    else b = { ...coach, token };
  }
  await withTenantDb(b.tenant.id, (db) => {
    const createdDay = "2026-11-20";
    db.insert(leads).values([{ instagramId: "ig_beta_1", username: "beta_one", firstName: "Bêta", createdDay }, { instagramId: "ig_beta_2", createdDay }]).run();
  });
});

const dump = (tenantId: string) =>
  withTenantDb(tenantId, (db) => ({
    leads: db.select().from(leads).orderBy(asc(leads.id)).all(),
    messages: db.select().from(messages).orderBy(asc(messages.id)).all(),
    sequences: db.select().from(messageSequences).orderBy(asc(messageSequences.id)).all(),
  }));

function fileHash(tenantId: string) {
  closeAllTenantDbs(); // checkpoints the WAL into the file
  const file = tenantFilePath(getEnv().TENANTS_DIR, tenantId);
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function post(path: string, token: string, body: unknown) {
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  return new Request(`http://localhost${path}`, { method: "POST", headers, body: JSON.stringify(body) });
}

describe("ingestion API tenant isolation", () => {
  it("writes with A's token into A only, even with B's instagram ids and B's tenant id in the request", async () => {
    const before = await dump(b.tenant.id);
    const hashBefore = fileHash(b.tenant.id);
    const sneaky = `/api/v1/leads?tenant=${b.tenant.id}&tenantId=${b.tenant.id}`;
    const leadBatch = {
      tenant_id: b.tenant.id,
      tenantId: b.tenant.id,
      leads: [{ instagram_id: "ig_beta_1", username: "hijacked", tenant_id: b.tenant.id }, { instagram_id: "ig_beta_2", status: "won" }],
    };
    const res = await settle(leadsRoute.action({ ...args(post(sneaky, a.token, leadBatch)), params: { tenantId: b.tenant.id } }));
    expect([res.status, await res.json()]).toEqual([201, { created: 2, updated: 0, unchanged: 0, stale: 0 }]);

    const msgBatch = { tenant_id: b.tenant.id, messages: [{ external_id: "ext_1", instagram_id: "ig_beta_2", direction: "in", text: "oui" }] };
    const msgRes = await settle(messagesRoute.action(args(post("/api/v1/messages", a.token, msgBatch))));
    expect(msgRes.status).toBe(201);

    const inA = await dump(a.tenant.id);
    expect(inA.leads.map((l) => [l.instagramId, l.username, l.status, l.messagesReceived])).toEqual([
      ["ig_beta_1", "hijacked", "new", 0],
      ["ig_beta_2", null, "won", 1],
    ]);
    expect(inA.messages.map((m) => m.externalId)).toEqual(["ext_1"]);
    expect(await dump(b.tenant.id)).toEqual(before);
    expect(fileHash(b.tenant.id)).toBe(hashBefore);
  });

  it("lets B's token write into B without seeing A's rows", async () => {
    const res = await settle(
      messagesRoute.action(args(post("/api/v1/messages", b.token, { external_id: "ext_1", instagram_id: "ig_beta_1", direction: "out" }))),
    );
    // Same external_id as in A: a different tenant, so it is new here.
    expect([res.status, await res.json()]).toEqual([201, { created: 1, updated: 0, unchanged: 0 }]);
    const inB = await dump(b.tenant.id);
    expect(inB.leads.map((l) => [l.instagramId, l.username, l.messagesSent])).toEqual([
      ["ig_beta_1", "beta_one", 1],
      ["ig_beta_2", null, 0],
    ]);
    expect((await dump(a.tenant.id)).messages).toHaveLength(1);
  });
});

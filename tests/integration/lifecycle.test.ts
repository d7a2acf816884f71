// The server's life and death: SIGTERM lets in-flight requests finish; SIGKILL in the middle of
// N8N batches loses nothing that was acknowledged and leaves every file intact.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { cookieFor, makeCoach, setupTestDb } from "../helpers";
import { getEnv } from "~/env.server";
import { closeControlDb, controlDb } from "~/lib/control-db.server";
import { closeAllTenantDbs } from "~/lib/tenant-db.server";
import { createApiToken } from "~/platform/api-tokens.server";
import { startServer } from "./server-process";

type Coach = { id: string; token: string; cookie: string };
const coaches: Coach[] = [];

beforeAll(async () => {
  setupTestDb();
  for (const n of [1, 2]) {
    const { tenant, user } = await makeCoach(`Coach ${n}`, `life${n}@example.fr`);
    coaches.push({ id: tenant.id, token: createApiToken(controlDb(), { tenantId: tenant.id, name: "n8n", userId: user.id }).token, cookie: await cookieFor(user) });
  }
  closeAllTenantDbs();
  closeControlDb();
});

const tenantFile = (id: string) => path.join(getEnv().TENANTS_DIR, `${id}.sqlite`);
const message = (id: string) => ({ external_id: id, instagram_id: `ig_${id.split("-")[1]}`, direction: "out", text: `Bonjour ${id}` });

describe("graceful shutdown", () => {
  it("finishes the request in flight at SIGTERM, refuses new connections, closes cleanly", async () => {
    const server = await startServer();
    const req = http.request(`${server.url}/api/v1/messages`, {
      method: "POST",
      headers: { Authorization: `Bearer ${coaches[0].token}`, "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
    });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on("response", (r) => {
        let body = "";
        r.on("data", (d) => (body += d));
        r.on("end", () => resolve({ status: r.statusCode!, body }));
      });
      req.on("error", reject);
    });
    req.write(`{"messages": [${JSON.stringify(message("graceful-1"))}`);
    await new Promise((r) => setTimeout(r, 300)); // the server is reading the body
    server.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow(); // no new connections
    req.end(`, ${JSON.stringify(message("graceful-2"))}]}`);
    const res = await response;
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ created: 2 });
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.logs().map((l) => l.msg)).toContain("stopped");
    const db = new Database(tenantFile(coaches[0].id), { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM messages WHERE external_id LIKE 'graceful-%'").get()).toEqual({ n: 2 });
    db.close();
  }, 30_000);
});

describe("graceful shutdown with a job running", () => {
  it("lets a bulk action started just before SIGTERM finish before exiting", async () => {
    // More leads than the inline limit (1000): "all results" goes to a worker thread.
    const seed = new Database(tenantFile(coaches[1].id));
    seed.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
      INSERT INTO leads (instagram_id, first_name, status, score, tags, created_at, created_day, updated_at)
      SELECT 'deploy' || i, 'P' || i, 'new', 0, '[]', 0, '2026-11-01', 0 FROM n`);
    seed.close();
    const server = await startServer();
    const res = await fetch(`${server.url}/dashboard/leads/bulk`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: coaches[1].cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ op: "tag_add", tag: "deploy", scope: "all" }),
    });
    expect([res.status, res.headers.get("Location")]).toEqual([302, "/dashboard/leads"]);
    server.child.kill("SIGTERM"); // the worker is still starting
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const db = new Database(tenantFile(coaches[1].id), { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM lead_tags WHERE tag = 'deploy'").get()).toEqual({ n: 1500 });
    db.close();
    const msgs = server.logs().map((l) => l.msg);
    expect(msgs).toContain("waiting for running lead jobs (imports, bulk actions)");
    expect(msgs).not.toContain("grace period over: lead jobs still running are cut short");
    expect(msgs.at(-1)).toBe("stopped");
  }, 30_000);
});

describe("crash safety", () => {
  it("keeps every acknowledged batch and intact files across 20 SIGKILLs during ingestion", async () => {
    const acknowledged: { tenant: string; ids: string[] }[] = [];
    let batchNo = 0;
    for (let round = 0; round < 20; round++) {
      const server = await startServer();
      let killed = false;
      // Three N8N-style senders per round, batches of 100 messages, until the kill.
      const sender = async (c: Coach) => {
        while (!killed) {
          const n = batchNo++;
          const ids = Array.from({ length: 100 }, (_, i) => `r${round}-${n}-${i}`);
          try {
            const res = await fetch(`${server.url}/api/v1/messages`, {
              method: "POST",
              headers: { Authorization: `Bearer ${c.token}`, "Content-Type": "application/json" },
              body: JSON.stringify({ messages: ids.map(message) }),
            });
            if (res.status === 201 || res.status === 200) acknowledged.push({ tenant: c.id, ids });
            else if (res.status === 429) await new Promise((r) => setTimeout(r, 50));
            else throw new Error(`unexpected ${res.status}: ${await res.text()}`);
          } catch (error) {
            if (!killed) throw error;
          }
        }
      };
      const senders = [sender(coaches[0]), sender(coaches[1]), sender(coaches[0])];
      await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 250)));
      killed = true;
      server.child.kill("SIGKILL");
      await server.exited;
      await Promise.all(senders);
    }
    expect(acknowledged.length).toBeGreaterThan(20);

    for (const c of coaches) {
      const db = new Database(tenantFile(c.id));
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const stored = new Set((db.prepare("SELECT external_id AS id FROM messages").all() as { id: string }[]).map((r) => r.id));
      const missing = acknowledged.filter((b) => b.tenant === c.id).flatMap((b) => b.ids.filter((id) => !stored.has(id)));
      expect(missing).toEqual([]);
      db.close();
    }
    const control = new Database(getEnv().CONTROL_DB_PATH);
    expect(control.pragma("integrity_check", { simple: true })).toBe("ok");
    control.close();
    expect(fs.existsSync(tenantFile(coaches[0].id))).toBe(true);
  }, 180_000);
});

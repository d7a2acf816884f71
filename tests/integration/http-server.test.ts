// The real server, booted as in production (migrate, then server.ts) on five coaches of whom
// three have a broken file: the other coaches are served, the broken ones get a clear page,
// and the HTTP layer does its job (cross-site 403, headers, logs, 413, compression, assets).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookieFor, makeCoach, makeStaff, setupTestDb } from "../helpers";
import { getEnv } from "~/env.server";
import { closeAllTenantDbs, withTenantDb } from "~/lib/tenant-db.server";
import { closeControlDb, controlDb } from "~/lib/control-db.server";
import { createApiToken } from "~/platform/api-tokens.server";
import { startServer, type ServerProcess } from "./server-process";

type Coach = { id: string; cookie: string; token: string };
let server: ServerProcess;
const coaches: Coach[] = [];
let broken: Record<"garbage" | "empty" | "missing", Coach>;
let adminCookie: string;
let supportCookie: string;

beforeAll(async () => {
  setupTestDb();
  for (let i = 1; i <= 5; i++) {
    const { tenant, user } = await makeCoach(`Coach ${i}`, `coach${i}@example.fr`);
    const { token } = createApiToken(controlDb(), { tenantId: tenant.id, name: "n8n", userId: user.id });
    coaches.push({ id: tenant.id, cookie: await cookieFor(user), token });
  }
  adminCookie = await cookieFor(await makeStaff("admin"));
  supportCookie = await cookieFor(await makeStaff("support"));
  // ~8 MB of notes for coach 1: an export big enough not to fit in socket buffers.
  await withTenantDb(coaches[0].id, (db) => {
    const leadId = Number(db.$client.prepare("INSERT INTO leads (instagram_id, created_at, created_day, updated_at) VALUES ('ig_big', 0, '2026-01-01', 0)").run().lastInsertRowid);
    const insert = db.$client.prepare("INSERT INTO notes (lead_id, body, created_at) VALUES (?, ?, 0)");
    db.$client.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(leadId, `${i} ${"note ".repeat(800)}`);
    })();
  });
  closeAllTenantDbs();
  closeControlDb();
  const file = (c: Coach) => path.join(getEnv().TENANTS_DIR, `${c.id}.sqlite`);
  broken = { garbage: coaches[1], empty: coaches[2], missing: coaches[3] };
  for (const c of Object.values(broken)) for (const ext of ["-wal", "-shm"]) fs.rmSync(file(c) + ext, { force: true });
  fs.writeFileSync(file(broken.garbage), Buffer.alloc(32_768, 0x37));
  fs.writeFileSync(file(broken.empty), "");
  fs.rmSync(file(broken.missing));

  // The container's boot: migrate (must not stop the boot), then the server.
  const migrate = spawnSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], { env: process.env, encoding: "utf8" });
  expect(migrate.status, migrate.stderr).toBe(0);
  expect(migrate.stdout).toMatch(/2 tenant\(s\); 3 unavailable/);
  server = await startServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const get = (p: string, headers: Record<string, string> = {}) => fetch(`${server.url}${p}`, { headers, redirect: "manual" });

describe("one broken tenant never takes the others down", () => {
  it("serves the healthy coaches and shows the broken ones a clear page", async () => {
    const healthy = [coaches[0], coaches[4]];
    for (const c of healthy) {
      for (const p of ["/dashboard", "/dashboard/kpis", "/dashboard/settings"]) {
        const res = await get(p, { Cookie: c.cookie });
        expect(res.status, `${c.id} ${p}`).toBe(200);
      }
    }
    for (const [what, c] of Object.entries(broken)) {
      for (const p of ["/dashboard", "/dashboard/kpis"]) {
        const res = await get(p, { Cookie: c.cookie });
        expect(res.status, `${what} ${p}`).toBe(503);
        const html = await res.text();
        expect(html).toContain("Votre espace est momentanément indisponible");
        expect(html).toContain("Focus"); // inside the app's own layout, not a crash page
      }
    }
    // Not a single 500 anywhere.
    expect(server.logs().filter((l) => typeof l.status === "number" && (l.status as number) >= 500 && l.status !== 503)).toEqual([]);
  });

  it("answers the broken tenants' N8N with 503 + Retry-After and the healthy ones with 201", async () => {
    const post = (c: Coach, id: string) =>
      fetch(`${server.url}/api/v1/leads`, {
        method: "POST",
        headers: { Authorization: `Bearer ${c.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ instagram_id: id, username: "lea" }),
      });
    const res = await post(broken.garbage, "ig_1");
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBeTruthy();
    expect((await res.json()).error).toMatch(/unavailable/);
    expect((await post(coaches[0], "ig_1")).status).toBe(201);
  });

  it("says degraded in /healthz (still 200) and flags them in /admin", async () => {
    const health = await (await get("/healthz")).json();
    expect(health.status).toBe("degraded");
    expect(health.unavailableTenants.ids.sort()).toEqual(Object.values(broken).map((c) => c.id).sort());
    const admin = await get("/admin", { Cookie: adminCookie });
    expect(admin.status).toBe(200);
    const html = await admin.text();
    expect(html.match(/Indisponible/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain("fichier vide");
  });
});

describe("the HTTP layer", () => {
  it("refuses cross-site form posts with 403, not a 500", async () => {
    const attempts: [string, Record<string, string>][] = [
      ["/login", { Origin: "https://evil.example" }],
      ["/login", { Origin: "null" }],
      ["/login", { "Sec-Fetch-Site": "cross-site" }],
      [`/admin/tenants/${coaches[0].id}`, { Origin: "https://evil.example", Cookie: adminCookie }],
      ["/dashboard/settings", { "Sec-Fetch-Site": "cross-site", Cookie: coaches[0].cookie }],
    ];
    for (const [p, headers] of attempts) {
      const res = await fetch(`${server.url}${p}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
        body: "intent=suspend&email=a%40b.fr&password=x",
        redirect: "manual",
      });
      expect(res.status, `${p} ${JSON.stringify(headers)}`).toBe(403);
      expect(await res.text()).toMatch(/ne vient pas de Coach OS/);
    }
    const tenant = await get(`/admin/tenants/${coaches[0].id}`, { Cookie: adminCookie });
    expect(await tenant.text()).not.toContain("Suspendu"); // nothing happened
  });

  it("sets the security headers, with a CSP nonce that the page's scripts carry", async () => {
    const res = await get("/login");
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const html = await res.text();
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(res.headers.get("Strict-Transport-Security")).toBeNull(); // plain HTTP here; set in production
    expect(res.headers.get("X-Powered-By")).toBeNull();
    // A fresh nonce per request.
    const again = (await get("/login")).headers.get("Content-Security-Policy");
    expect(again).not.toBe(csp);
  });

  it("lets the app (only) frame an email preview, which may load https images but run nothing", async () => {
    const preview = await get("/dashboard/email/templates/1/preview.html", { Cookie: coaches[0].cookie });
    const csp = preview.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("img-src https: data:");
    expect(csp).toContain("sandbox");
    expect(csp).not.toContain("script-src");
    expect(preview.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    const campaignPreview = await get("/dashboard/email/campaigns/1/preview.html", { Cookie: coaches[0].cookie });
    expect(campaignPreview.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'self'");
    expect(campaignPreview.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    const leadPreview = await get("/dashboard/leads/1/email/preview.html?templateId=1", { Cookie: coaches[0].cookie });
    expect(leadPreview.headers.get("Content-Security-Policy")).toContain("img-src https: data:");
    expect(leadPreview.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'self'");
    expect(leadPreview.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    // Every other page, the editor included, stays unframeable.
    const editor = await get("/dashboard/email/templates/1", { Cookie: coaches[0].cookie });
    expect(editor.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(editor.headers.get("X-Frame-Options")).toBe("DENY");
    const sendPage = await get("/dashboard/leads/1/email?templateId=1", { Cookie: coaches[0].cookie });
    expect(sendPage.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(sendPage.headers.get("X-Frame-Options")).toBe("DENY");
    for (const lookalike of ["/dashboard/email/templates/1/preview.html/x", "/dashboard/leads/1/email/preview.html/x", "/dashboard/leads/email/preview.html", "/dashboard/leads/1/preview.html"]) {
      expect((await get(lookalike)).headers.get("X-Frame-Options"), lookalike).toBe("DENY");
    }
  });

  it("compresses pages and caches compiled assets forever", async () => {
    const page = await rawGet("/login", { "Accept-Encoding": "gzip" });
    expect(page.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(page.body).toString()).toContain("<!DOCTYPE html>");
    const html = await (await get("/login")).text();
    const asset = /\/build\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    const res = await get(asset!);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toMatch(/max-age=31536000.*immutable|immutable.*max-age=31536000/);
  });

  it("logs one JSON line per request, with the tenant, and never a secret", async () => {
    await get("/invite/SECRET-INVITE-TOKEN-123");
    await get("/pay/SECRET-PAY-TOKEN-456?token=SECRET-QUERY-789");
    await fetch(`${server.url}/api/v1/leads`, {
      method: "POST",
      headers: { Authorization: `Bearer ${coaches[4].token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ instagram_id: "ig_log", username: "log" }),
    });
    await get("/dashboard", { Cookie: coaches[0].cookie });
    await new Promise((r) => setTimeout(r, 100));
    const out = server.output();
    for (const secret of ["SECRET-INVITE-TOKEN-123", "SECRET-PAY-TOKEN-456", "SECRET-QUERY-789", coaches[4].token, coaches[0].cookie.split("=")[1]]) {
      expect(out).not.toContain(secret);
    }
    const lines = server.logs().filter((l) => l.msg === "request");
    expect(lines.find((l) => String(l.url).startsWith("/invite/"))?.url).toBe("/invite/[redacted]");
    expect(lines.find((l) => String(l.url).startsWith("/pay/"))?.url).toBe("/pay/[redacted]?token=[redacted]");
    const ingest = lines.filter((l) => l.url === "/api/v1/leads").at(-1)!;
    expect(ingest).toMatchObject({ method: "POST", status: 201, tenantId: coaches[4].id, reqId: expect.any(String), ms: expect.any(Number) });
    expect(lines.filter((l) => l.url === "/dashboard").at(-1)).toMatchObject({ status: 200, tenantId: coaches[0].id });
  });

  it("answers an API call without a token before reading its body", async () => {
    const res = await fetch(`${server.url}/api/v1/leads`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/Bearer/);
    expect((await res.json()).error).toMatch(/Authorization/);
  });

  it("answers a chunked ingestion body over 1 MiB with a JSON 413, not a reset", async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${server.url}/api/v1/messages`, {
        method: "POST",
        headers: { Authorization: `Bearer ${coaches[0].token}`, "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      });
      req.on("response", (r) => {
        let body = "";
        r.on("data", (d) => (body += d));
        r.on("end", () => resolve({ status: r.statusCode!, body }));
      });
      req.on("error", reject);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      req.write('{"messages": [');
      for (let i = 0; i < 24; i++) req.write(chunk); // 1.5 MiB, no Content-Length
      req.end("]}");
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toMatch(/too large/);
  });
});

describe("GDPR export through the server", () => {
  const exportsDir = () => path.join(path.dirname(getEnv().TENANTS_DIR), "exports");
  const snapshots = () => (fs.existsSync(exportsDir()) ? fs.readdirSync(exportsDir()) : []);
  const auditRows = () => {
    const db = new Database(getEnv().CONTROL_DB_PATH, { readonly: true });
    const n = (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'tenant.export'").get() as { n: number }).n;
    db.close();
    return n;
  };

  it("answers HEAD with the headers only: no snapshot, no audit row", async () => {
    const before = auditRows();
    const res = await fetch(`${server.url}/admin/tenants/${coaches[0].id}/export.sqlite`, { method: "HEAD", headers: { Cookie: supportCookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.sqlite3");
    expect(snapshots()).toEqual([]);
    expect(auditRows()).toBe(before);
  });

  it("removes the snapshot when the download is abandoned halfway", async () => {
    const aborted = await new Promise<{ status: number; received: number; midway: string[] }>((resolve, reject) => {
      const req = http.get(`${server.url}/admin/tenants/${coaches[0].id}/export.sqlite`, { headers: { Cookie: supportCookie } }, (res) => {
        let received = 0;
        res.once("data", (chunk: Buffer) => {
          received += chunk.length;
          res.pause(); // a slow client: the server must wait, not buffer the rest
          setTimeout(() => {
            const midway = snapshots();
            req.destroy();
            resolve({ status: res.statusCode!, received, midway });
          }, 300);
        });
      });
      req.on("error", (e) => (e.message.includes("socket hang up") ? undefined : reject(e)));
    });
    expect(aborted.status).toBe(200);
    expect(Number(aborted.received)).toBeGreaterThan(0);
    expect(aborted.midway).toHaveLength(1); // still being sent
    for (let i = 0; i < 40 && snapshots().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(snapshots()).toEqual([]);
  });
});

function rawGet(p: string, headers: Record<string, string>) {
  return new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(`${server.url}${p}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

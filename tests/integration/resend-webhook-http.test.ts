// The Resend webhook through the real server (Express + the built app): the body reaches the
// route byte for byte (the Svix signature holds), no cross-site or body-parsing middleware gets in
// the way, a tampered body is refused, and Resend's retries of one event (same svix-id, parallel
// connections) apply it once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../helpers";
import { addSend, sendRow } from "~/email/email-sends.test-helpers";
import { emailSuppressionsOf } from "~/email/recipients.server";
import { resendEvent, signResendWebhook, TEST_RESEND_WEBHOOK_SECRET } from "~/email/resend-webhook.test-helpers";
import { closeControlDb } from "~/lib/control-db.server";
import { closeAllTenantDbs, withTenantDb } from "~/lib/tenant-db.server";
import { startServer, type ServerProcess } from "./server-process";

let server: ServerProcess;
let tenantId: string;
let sendId: number;

beforeAll(async () => {
  setupTestDb();
  tenantId = (await makeCoach("Coach Resend", "resend-http@example.fr")).tenant.id;
  sendId = await withTenantDb(tenantId, (db) => addSend(db, { resendId: "re_http", toEmail: "léa@example.fr" }));
  closeAllTenantDbs();
  closeControlDb();
  server = await startServer({ RESEND_WEBHOOK_SECRET: TEST_RESEND_WEBHOOK_SECRET, EMAIL_WORKER: "off" });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("POST /webhooks/resend over HTTP", () => {
  const send = (body: string, headers: Record<string, string>) =>
    fetch(`${server.url}/webhooks/resend`, { method: "POST", headers: { "Content-Type": "application/json", "Accept-Encoding": "gzip, deflate", Origin: "https://resend.com", ...headers }, body });

  it("refuses a tampered body and applies a genuine event once, whatever the parallel retries", async () => {
    // Pretty-printed with non-ASCII characters: any re-serialisation or re-decoding would break the signature.
    const body = JSON.stringify({ ...JSON.parse(resendEvent("email.bounced", { emailId: "re_http", tenantId, sendId, bounceType: "Permanent" })), note: "adresse inconnue — boîte pleine" }, null, 2);
    const headers = signResendWebhook(body, { id: "msg_http" });
    const tampered = await send(body.replace("Permanent", "Transient"), headers);
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toEqual({ error: "Invalid signature." });
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(body, headers)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    // A few bytes of JSON, sent as they are (no deflate stream per event).
    expect(answers.map((r) => r.headers.get("content-encoding"))).toEqual(Array(20).fill(null));
    const bodies = await Promise.all(answers.map((r) => r.json() as Promise<{ duplicate: boolean }>));
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    const row = await withTenantDb(tenantId, (db) => ({ send: sendRow(db, sendId), suppressed: emailSuppressionsOf(db, "léa@example.fr"), events: db.$client.prepare("SELECT count(*) AS n FROM email_events").get() }));
    expect(row).toEqual({ send: expect.objectContaining({ bounce_type: "hard", bounced_at: expect.any(Number) }), suppressed: ["bounced"], events: { n: 1 } });
  });

  it("answers 405 to a GET", async () => {
    expect((await fetch(`${server.url}/webhooks/resend`)).status).toBe(405);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { startFakeVendor } from "../../tests/fake-vendor-server";
import { setupTestDb } from "../../tests/helpers";
import { resetEnvForTests } from "~/env.server";
import { inviteEmail, listOutbox, sendEmail } from "./email.server";

afterEach(() => {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  resetEnvForTests();
});

describe("sendEmail", () => {
  it("sends through the Resend SDK when a key is set (against a local Resend)", async () => {
    setupTestDb();
    const resend = await startFakeVendor(() => ({ status: 200, json: { id: "email_123" } }));
    process.env.RESEND_API_KEY = "re_test_key";
    process.env.RESEND_BASE_URL = resend.url;
    resetEnvForTests();
    try {
      const mail = inviteEmail({ name: "Léa", url: "https://app.example/invite/abc", expiresAt: new Date("2026-11-24T10:00:00Z") });
      const sent = await sendEmail({ to: "lea@example.fr", ...mail });
      expect(sent).toEqual({ via: "resend", id: "email_123" });
      expect(resend.requests).toHaveLength(1);
      const [req] = resend.requests;
      expect(req.method).toBe("POST");
      expect(req.url).toBe("/emails");
      expect(req.headers.authorization).toBe("Bearer re_test_key");
      const body = JSON.parse(req.body);
      expect(body.to).toBe("lea@example.fr");
      expect(body.subject).toBe("Votre invitation à Coach OS");
      expect(body.html).toContain("https://app.example/invite/abc");
      expect(body.text).toContain("24 novembre 2026");
      expect(listOutbox()).toHaveLength(0);
      expect(req.headers["idempotency-key"]).toBeUndefined();
    } finally {
      await resend.close();
    }
  });

  it("passes an idempotency key to Resend as its Idempotency-Key header", async () => {
    setupTestDb();
    const resend = await startFakeVendor(() => ({ status: 200, json: { id: "email_456" } }));
    process.env.RESEND_API_KEY = "re_test_key";
    process.env.RESEND_BASE_URL = resend.url;
    resetEnvForTests();
    try {
      await sendEmail({ to: "lea@example.fr", subject: "s", html: "h", text: "t" }, { idempotencyKey: "prebrief/t_1/2026-11-23" });
      expect(resend.requests[0].headers["idempotency-key"]).toBe("prebrief/t_1/2026-11-23");
    } finally {
      await resend.close();
    }
  });

  it("reports Resend's refusal as an error instead of pretending", async () => {
    setupTestDb();
    const resend = await startFakeVendor(() => ({ status: 422, json: { name: "validation_error", message: "Invalid `to` field", statusCode: 422 } }));
    process.env.RESEND_API_KEY = "re_test_key";
    process.env.RESEND_BASE_URL = resend.url;
    resetEnvForTests();
    try {
      await expect(sendEmail({ to: "bad", subject: "s", html: "h", text: "t" })).rejects.toThrow(/Invalid `to` field/);
    } finally {
      await resend.close();
    }
  });
});

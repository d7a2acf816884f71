// Signs a Resend webhook payload the way Resend (Svix) does, for tests and benchmarks.
import { Webhook } from "standardwebhooks";

export const TEST_RESEND_WEBHOOK_SECRET = `whsec_${Buffer.from("coach-os-resend-webhook-test-secret").toString("base64")}`;

/** Headers `svix-id`, `svix-timestamp`, `svix-signature` for this body. */
export function signResendWebhook(body: string, { id = `msg_${crypto.randomUUID()}`, at = new Date(), secret = TEST_RESEND_WEBHOOK_SECRET }: { id?: string; at?: Date; secret?: string } = {}) {
  const signature = new Webhook(secret).sign(id, at, body);
  return { "svix-id": id, "svix-timestamp": String(Math.floor(at.getTime() / 1000)), "svix-signature": signature };
}

/** A Resend event body (`email.delivered`, `email.bounced`…) for a send made with our tags. */
export function resendEvent(type: string, { emailId, tenantId, sendId, bounceType, link, createdAt = new Date() }: { emailId: string; tenantId: string; sendId: number; bounceType?: "Permanent" | "Transient"; link?: string; createdAt?: Date }) {
  return JSON.stringify({
    type,
    created_at: createdAt.toISOString(),
    data: {
      email_id: emailId,
      created_at: createdAt.toISOString(),
      from: "Coach OS <noreply@coach-os.local>",
      to: ["contact@example.com"],
      subject: "Sujet",
      tags: { tenant: tenantId, send: String(sendId) },
      ...(bounceType ? { bounce: { type: bounceType, subType: "General", message: "bounce" } } : {}),
      ...(link ? { click: { link, timestamp: createdAt.toISOString(), ipAddress: "127.0.0.1", userAgent: "test" } } : {}),
    },
  });
}

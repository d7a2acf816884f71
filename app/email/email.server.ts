import { desc } from "drizzle-orm";
import { Resend } from "resend";
import { outbox } from "../../db/control.schema";
import { getEnv } from "~/env.server";
import { controlDb } from "~/lib/control-db.server";
import { escapeHtml } from "~/lib/html";
import { acquireToken, holdBucket, RESEND_BUCKET } from "./rate-limit.server";
import { rateLimitHold } from "./resend-client.server";

export type Attachment = { filename: string; content: Buffer; contentType: string };
/** `tags` travel with the email and come back on its webhook events (routing: tenant + send id). */
export type Email = { to: string; subject: string; html: string; text: string; attachments?: Attachment[]; replyTo?: string; tags?: { name: string; value: string }[] };
/**
 * `idempotencyKey`: Resend sends at most one email per key (for 24 h), so a retry after a send
 * that succeeded but timed out on our side does not send it twice. The dev outbox ignores it.
 */
export type SendOptions = { idempotencyKey?: string };

/** How long a single send waits for a token of the shared Resend bucket before giving up (retryable). */
export const SEND_TOKEN_WAIT_MS = 5_000;

/**
 * Resend could not take the email now (the shared rate limit is spent, or Resend answered 429,
 * a quota included): nothing was sent; the caller's usual failure path applies (a reminder or a
 * digest is tried again at its next run, a page shows an error).
 */
export class EmailRateLimitedError extends Error {
  readonly retryable = true;
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = "EmailRateLimitedError";
  }
}

/**
 * Sends through Resend when RESEND_API_KEY is set (RESEND_BASE_URL points the SDK
 * elsewhere in tests); otherwise the email lands in the development outbox (/admin/outbox).
 */
export async function sendEmail(email: Email, { idempotencyKey }: SendOptions = {}): Promise<{ via: "resend" | "outbox"; id: string }> {
  const env = getEnv();
  if (!env.RESEND_API_KEY) {
    const { attachments, replyTo: _replyTo, tags: _tags, ...rest } = email;
    // The outbox keeps what was attached (name, type, size), not the bytes.
    const listed = attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, bytes: a.content.length })) ?? null;
    const row = controlDb().insert(outbox).values({ ...rest, attachments: listed }).returning({ id: outbox.id }).get();
    return { via: "outbox", id: String(row.id) };
  }
  // The same bucket as the queue worker's batches: every Resend call of every process counts.
  if (!(await acquireToken(RESEND_BUCKET, { maxWaitMs: SEND_TOKEN_WAIT_MS })))
    throw new EmailRateLimitedError("Envoi d'email momentanément limité (trop d'envois en cours) : réessayez dans un instant.", SEND_TOKEN_WAIT_MS);
  const resend = new Resend(env.RESEND_API_KEY);
  const { attachments, ...rest } = email;
  const { data, error, headers } = await resend.emails.send(
    {
      from: env.EMAIL_FROM,
      ...rest,
      ...(attachments ? { attachments: attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })) } : {}),
    },
    idempotencyKey ? { idempotencyKey } : undefined,
  );
  if (error && (error as { statusCode?: number | null }).statusCode === 429) {
    const hold = rateLimitHold(error.name, error.message, headers?.["retry-after"]);
    holdBucket(RESEND_BUCKET, hold.retryAfterMs);
    throw new EmailRateLimitedError(hold.message, hold.retryAfterMs);
  }
  if (error || !data) throw new Error(`Resend refused the email: ${error?.message ?? "no id returned"}`);
  return { via: "resend", id: data.id };
}

export function listOutbox({ limit = 50 }: { limit?: number } = {}) {
  return controlDb().select().from(outbox).orderBy(desc(outbox.id)).limit(limit).all();
}

export function inviteEmail({ name, url, expiresAt }: { name: string; url: string; expiresAt: Date }): Omit<Email, "to"> {
  const until = expiresAt.toLocaleString("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });
  const text = `Bonjour ${name},\n\nVotre espace Coach OS est prêt. Choisissez votre mot de passe ici :\n${url}\n\nCe lien est valable jusqu'au ${until} et ne sert qu'une fois.\n`;
  const html = `<p>Bonjour ${escapeHtml(name)},</p><p>Votre espace Coach OS est prêt. <a href="${escapeHtml(url)}">Choisissez votre mot de passe</a>.</p><p>Ce lien est valable jusqu'au ${until} et ne sert qu'une fois.</p>`;
  return { subject: "Votre invitation à Coach OS", html, text };
}

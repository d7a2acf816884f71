// Transactional emails (invoices, receipts, quotes, reminders): sent one by one through sendEmail,
// but never to an address this coach's email has hard-bounced or that complained of spam (issue 10
// §6). A marketing unsubscribe does not block them: exclusionFor(…, "transactional") is the rule.
import crypto from "node:crypto";
import type { TenantDb } from "~/lib/tenant-db.server";
import { cachedStatement } from "~/lib/statements.server";
import { sendEmail, type Email, type SendOptions } from "./email.server";
import { exclusionFor, type ExclusionReason } from "./recipients.server";

/** What the coach reads when a document could not be emailed because of the address. */
export const BLOCKED_MESSAGE = "Adresse en échec : email non envoyé";

const BLOCKED_DETAIL: Partial<Record<ExclusionReason, string>> = {
  bounced: "un email précédent à cette adresse est revenu en erreur définitive (bounce)",
  complained: "le destinataire a signalé un email précédent comme spam",
};

/** "Adresse en échec : email non envoyé (…pourquoi…)." */
export const blockedMessage = (reason: ExclusionReason) =>
  reason === "no_email" ? "Email non envoyé : pas d'adresse email." : `${BLOCKED_MESSAGE} (${BLOCKED_DETAIL[reason] ?? reason}).`;

/** Why a transactional email to this address must not go (no address, hard bounce, complaint), or null. */
export const transactionalBlock = (db: TenantDb, to: string | null): ExclusionReason | null => exclusionFor(db, { email: to }, "transactional");

export type TransactionalOptions = SendOptions & {
  /** The coach whose file `db` is: tagged on the email so that its bounce or complaint comes back here. */
  tenantId: string;
  /** Tests and jobs inject a sender; sendEmail otherwise. */
  send?: (email: Email, options: SendOptions) => Promise<unknown>;
};

export type TransactionalResult = { blocked: ExclusionReason; message: string } | { blocked: null };

const RECORD = `INSERT INTO email_sends (idempotency_key, category, to_email, subject, status, attempts, next_attempt_at, created_at)
  VALUES (?, 'transactional', ?, ?, 'sending', 1, ?, ?) ON CONFLICT (idempotency_key) DO UPDATE SET attempts = attempts + 1 RETURNING id`;

const SENT = `UPDATE email_sends SET status = 'sent', sent_at = :at, error = NULL,
  resend_id = CASE WHEN :resendId IS NULL OR EXISTS (SELECT 1 FROM email_sends WHERE resend_id = :resendId AND id != :id) THEN resend_id ELSE :resendId END
  WHERE id = :id`;

/**
 * Sends `email` unless its address is blocked for transactional mail; then sends nothing.
 * Each send is recorded in email_sends (status sent, Resend's id; no copy of the body) and tagged
 * with the tenant and that row, so a hard bounce or a complaint on an invoice comes back through
 * the webhook and blocks the address like a campaign's would. The row is `sending` without a
 * lease while the request runs: the queue worker never picks it up.
 */
export async function sendTransactionalEmail(db: TenantDb, email: Email, { send = sendEmail, tenantId, ...options }: TransactionalOptions): Promise<TransactionalResult> {
  const blocked = transactionalBlock(db, email.to);
  if (blocked) return { blocked, message: blockedMessage(blocked) };
  const now = Date.now();
  const key = `tx-${options.idempotencyKey ?? crypto.randomUUID()}`;
  const { id } = cachedStatement(db.$client, RECORD).get(key, email.to, email.subject, now, now) as { id: number };
  try {
    const result = (await send({ ...email, tags: [...(email.tags ?? []), { name: "tenant", value: tenantId }, { name: "send", value: String(id) }] }, options)) as { via?: string; id?: string } | undefined;
    const resendId = result?.id ? (result.via === "outbox" ? `outbox-${result.id}` : result.id) : null;
    // A retry under the same idempotency key gets the same Resend id back (same row, keep it).
    cachedStatement(db.$client, SENT).run({ at: Date.now(), resendId, id });
  } catch (error) {
    cachedStatement(db.$client, "UPDATE email_sends SET status = 'failed', error = ? WHERE id = ?").run(error instanceof Error ? error.message.slice(0, 500) : String(error), id);
    throw error;
  }
  return { blocked: null };
}

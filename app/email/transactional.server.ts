// Transactional emails (invoices, receipts, quotes, reminders): sent one by one through sendEmail,
// but never to an address this coach's email has hard-bounced or that complained of spam (issue 10
// §6). A marketing unsubscribe does not block them: exclusionFor(…, "transactional") is the rule.
import type { TenantDb } from "~/lib/tenant-db.server";
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
  /** Tests and jobs inject a sender; sendEmail otherwise. */
  send?: (email: Email, options: SendOptions) => Promise<unknown>;
};

export type TransactionalResult = { blocked: ExclusionReason; message: string } | { blocked: null };

/** Sends `email` unless its address is blocked for transactional mail; then sends nothing. */
export async function sendTransactionalEmail(db: TenantDb, email: Email, { send = sendEmail, ...options }: TransactionalOptions = {}): Promise<TransactionalResult> {
  const blocked = transactionalBlock(db, email.to);
  if (blocked) return { blocked, message: blockedMessage(blocked) };
  await send(email, options);
  return { blocked: null };
}

// One-time submission tokens: a double click (or a replayed POST) on "Émettre l'avoir",
// "Enregistrer le paiement" or "Enregistrer un remboursement" must not write twice, also without
// JavaScript. The invoice page renders a fresh random token in a hidden field; the model function
// that writes the credit note / payment / refund checks, in its own IMMEDIATE transaction (the
// tenant's write lock), that no event of that invoice carries the token yet, then writes its usual
// invoice_events row with the token appended to `detail` as ` ⟦envoi:<token>⟧`. The event is
// written in the same transaction as the document, so token and document exist together or not at
// all, and no migration is needed. `eventDetail` strips the marker wherever a detail is shown.
import { randomBytes } from "node:crypto";
import type { TenantDb } from "~/lib/tenant-db.server";

const TOKEN = /^[A-Za-z0-9_-]{22}$/;
const MARKER = / ⟦envoi:[A-Za-z0-9_-]{22}⟧$/;

/** 128 random bits, base64url (22 characters). */
export const newSubmissionToken = () => randomBytes(16).toString("base64url");

/** The token of a form, or null when absent or malformed (then no replay check is made). */
export function submissionOf(value: unknown): string | null {
  return typeof value === "string" && TOKEN.test(value) ? value : null;
}

/** `detail` carrying the token (null token: unchanged). */
export const withSubmission = (detail: string, token: string | null | undefined) => (token ? `${detail} ⟦envoi:${token}⟧` : detail);

/** The detail as the coach reads it (marker removed). */
export const eventDetail = (detail: string | null) => (detail === null ? null : detail.replace(MARKER, ""));

/** The detail of the event of `invoiceId` (of one of `types`) already written by this submission, if any. */
export function submittedEvent(db: TenantDb, invoiceId: number, types: string[], token: string | null | undefined): string | null {
  if (!token) return null;
  const row = db.$client
    .prepare(`SELECT detail FROM invoice_events WHERE invoice_id = ? AND type IN (${types.map(() => "?").join(",")}) AND instr(detail, ?) > 0 LIMIT 1`)
    .get(invoiceId, ...types, `⟦envoi:${token}⟧`) as { detail: string } | undefined;
  return row ? eventDetail(row.detail) : null;
}

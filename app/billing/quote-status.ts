// The status a coach (and the client) sees of a quote. Stored: draft | sent | accepted | refused |
// expired; a sent quote past its validity date reads "expired" before the nightly job writes it.
// Shared by server and client (no server-only imports).
import type { QuoteStatus } from "../../db/tenant.schema";

export const QUOTE_STATUS_LABELS: Record<QuoteStatus, string> = {
  draft: "Brouillon",
  sent: "Envoyé",
  accepted: "Accepté",
  refused: "Refusé",
  expired: "Expiré",
};

/** `today` is the Paris day `YYYY-MM-DD`: a quote valid until the 10th can be accepted on the 10th. */
export function quoteStatus(q: { status: QuoteStatus; validUntil: string }, today: string): QuoteStatus {
  return q.status === "sent" && q.validUntil < today ? "expired" : q.status;
}

/** The same rule in SQL (`alias` the quotes row, `today` a bound parameter). */
export const quoteStatusSql = (alias: string, today = "@today") =>
  `CASE WHEN ${alias}.status = 'sent' AND ${alias}.valid_until < ${today} THEN 'expired' ELSE ${alias}.status END`;

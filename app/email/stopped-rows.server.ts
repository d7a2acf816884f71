// What becomes of a stopped campaign's rows, applied when the coach stops it and again whenever the
// worker gives a batch of a stopped campaign back to the queue (a 429, no token in time): rows never
// handed to Resend (queued without a batch key) are cancelled; rows of a batch Resend may have
// received (queued under a key: a retry or a recovery; or `sending` with an expired lease: the
// process died mid-call) fail as "statut incertain". A batch in flight (live lease) is left to the
// worker, which records it as Resend answers. Nothing of a stopped campaign stays "in the queue".
import type { TenantDb } from "~/lib/tenant-db.server";
import { cachedStatement } from "~/lib/statements.server";
import { UNCERTAIN_PREFIX } from "./send-status";

/** The error of rows a stop leaves possibly delivered. */
export const STOPPED_UNCERTAIN = `${UNCERTAIN_PREFIX} : campagne arrêtée pendant une nouvelle tentative (l'email est peut-être parti).`;

/** Settles the waiting rows of `campaignId` if it is stopped (inside the caller's transaction). Returns how many were cancelled. */
export function settleStoppedRows(db: TenantDb, campaignId: number, t: number) {
  const stopped = cachedStatement(db.$client, "SELECT 1 FROM email_campaigns WHERE id = ? AND status = 'stopped'").get(campaignId);
  if (!stopped) return 0;
  cachedStatement(
    db.$client,
    `UPDATE email_sends SET status = 'failed', lease_until = NULL, error = ? WHERE campaign_id = ?
       AND ((status = 'queued' AND batch_key IS NOT NULL) OR (status = 'sending' AND (lease_until IS NULL OR lease_until <= ?)))`,
  ).run(STOPPED_UNCERTAIN, campaignId, t);
  return cachedStatement(db.$client, "UPDATE email_sends SET status = 'cancelled', error = 'Campagne arrêtée' WHERE campaign_id = ? AND status = 'queued' AND batch_key IS NULL").run(campaignId).changes;
}

// Automatic pause of a campaign whose recipients bounce or complain too much (issue 10 §3, seed 003:
// "bounce rate > 5 % → pause"). Rates are taken on the sends so far (rows with sent_at), after each
// bounce or complaint, inside the webhook's transaction.
import type { TenantDb } from "~/lib/tenant-db.server";
import { cachedStatement } from "~/lib/statements.server";
import { notify } from "./notifications.server";

/** Above these rates (strictly) a sending campaign pauses: 5 % bounces, 0.3 % complaints. */
export const BOUNCE_RATE_LIMIT = 0.05;
export const COMPLAINT_RATE_LIMIT = 0.003;

export type CampaignRates = { sent: number; bounced: number; complained: number };
export type PauseDecision = { reason: "bounce_rate" | "complaint_rate"; detail: string };

const percent = (n: number) => `${n.toLocaleString("fr-FR", { maximumFractionDigits: 2 })} %`;
const sends = (n: number) => `${n.toLocaleString("fr-FR")} envoi${n > 1 ? "s" : ""}`;

// Integer comparisons (per 10,000): 0.05 × 500 as a float must not decide the edge.
const over = (count: number, sent: number, limit: number) => count * 10_000 > Math.round(limit * 10_000) * sent;

/** Whether these figures pause the campaign, and the French reason. Bounces of any type count. */
export function pauseDecision({ sent, bounced, complained }: CampaignRates): PauseDecision | null {
  if (sent <= 0) return null;
  if (over(bounced, sent, BOUNCE_RATE_LIMIT)) {
    return {
      reason: "bounce_rate",
      detail: `${percent((bounced / sent) * 100)} de bounces (${bounced.toLocaleString("fr-FR")} sur ${sends(sent)}) : au-delà de ${percent(BOUNCE_RATE_LIMIT * 100)}, la campagne est mise en pause.`,
    };
  }
  if (over(complained, sent, COMPLAINT_RATE_LIMIT)) {
    return {
      reason: "complaint_rate",
      detail: `${percent((complained / sent) * 100)} de plaintes pour spam (${complained.toLocaleString("fr-FR")} sur ${sends(sent)}) : au-delà de ${percent(COMPLAINT_RATE_LIMIT * 100)}, la campagne est mise en pause.`,
    };
  }
  return null;
}

const RATES = "SELECT count(sent_at) AS sent, count(bounced_at) AS bounced, count(complained_at) AS complained FROM email_sends WHERE campaign_id = ?";

/** The campaign's figures so far (sends with sent_at; bounces and complaints among them). */
export const campaignRates = (db: TenantDb, campaignId: number) => cachedStatement(db.$client, RATES).get(campaignId) as CampaignRates;

/**
 * Pauses a `sending` campaign whose rates passed a limit and notifies the coach (once: a
 * campaign already paused or finished is left as it is). Returns the decision when it paused.
 */
export function checkCampaignHealth(db: TenantDb, campaignId: number, now = new Date()): PauseDecision | null {
  const campaign = cachedStatement(db.$client, "SELECT name, status FROM email_campaigns WHERE id = ?").get(campaignId) as { name: string; status: string } | undefined;
  if (campaign?.status !== "sending") return null;
  const decision = pauseDecision(campaignRates(db, campaignId));
  if (!decision) return null;
  const paused = cachedStatement(db.$client, "UPDATE email_campaigns SET status = 'paused', pause_reason = ?, pause_detail = ?, updated_at = ? WHERE id = ? AND status = 'sending'").run(
    decision.reason,
    decision.detail,
    now.getTime(),
    campaignId,
  );
  if (paused.changes === 0) return null;
  notify(db, "campaign_paused", { title: `Campagne « ${campaign.name} » mise en pause automatiquement`, body: decision.detail, href: `/dashboard/email/campaigns/${campaignId}` }, now);
  return decision;
}

// Shared by server and browser: the campaign statuses' French labels and the conversion window.
import type { CampaignStatus } from "../../db/tenant.schema";

export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: "Brouillon",
  scheduled: "Programmée",
  sending: "En cours d'envoi",
  paused: "En pause",
  sent: "Envoyée",
  stopped: "Arrêtée",
};

/** "Devenus clients" counts clients created, and revenue paid, within this many days after the email. */
export const CONVERSION_WINDOW_DAYS = 90;

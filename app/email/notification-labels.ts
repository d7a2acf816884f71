// The notification kinds in French: shared by the server (notify, digest) and the page (no
// server-only imports here, so the browser bundle has them too).
import type { NotificationKind } from "../../db/tenant.schema";

export const NOTIFICATION_LABELS: Record<NotificationKind, string> = {
  lead_new: "Nouveau lead",
  lead_won: "Lead gagné",
  payment_received: "Paiement reçu",
  quote_accepted: "Devis accepté",
  invoice_overdue: "Facture en retard",
  campaign_finished: "Campagne terminée",
  campaign_paused: "Campagne en pause",
  import_finished: "Import terminé",
};

/** In the order of the labels (the preferences form). */
export const NOTIFICATION_KIND_LIST = Object.keys(NOTIFICATION_LABELS) as NotificationKind[];

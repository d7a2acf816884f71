// Session statuses as the coach reads them, and which ones count where. Shared by server and
// browser. The transitions a session may take live in sessions.server.ts.
import type { SessionStatus } from "../../db/tenant.schema";

export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = {
  confirmed: "Confirmée",
  completed: "Réalisée",
  cancelled: "Annulée",
  no_show: "Absence",
  refunded: "Remboursée",
};

/**
 * Sessions that count in a client's numbering ("Séance #4"): the ones that took place or are
 * planned. Cancelled, no-show and refunded (cancelled and paid back) ones do not.
 */
export const NUMBERED_STATUSES = ["confirmed", "completed"] as const satisfies readonly SessionStatus[];

/** Sessions that hold the coach's time: a new session may not overlap one of these. */
export const BUSY_STATUSES = ["confirmed", "completed", "no_show"] as const satisfies readonly SessionStatus[];

/** Earnings statuses (seeds/002): ✅ completed, ⏳ pending (confirmed), ❌ refunded. */
export const EARNING_MARKS: Partial<Record<SessionStatus, { icon: string; label: string }>> = {
  completed: { icon: "✅", label: "Réalisée" },
  confirmed: { icon: "⏳", label: "En attente" },
  refunded: { icon: "❌", label: "Remboursée" },
};

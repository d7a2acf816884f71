// Closing a lead. "Won" creates the client record in the same transaction as the status
// change; clients.lead_id is UNIQUE and the insert is ON CONFLICT DO NOTHING, so two posts
// racing (two tabs, a double click without JS, two server processes) still make one client.
import { notify } from "~/email/notifications.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { cachedStatement } from "~/lib/statements.server";
import { refreshScores } from "./score.server";
import type { LOST_REASONS } from "./lead-schemas";
import { addNote } from "./notes.server";

const SET_STATUS = "UPDATE leads SET status = ?, lost_reason = ?, updated_at = ? WHERE id = ?";
// clients.first_name/last_name are NOT NULL: a lead known only by its Instagram handle keeps it as a name.
const CREATE_CLIENT = `INSERT INTO clients (lead_id, first_name, last_name, email, phone, created_at, updated_at)
  SELECT id, coalesce(nullif(first_name, ''), username, instagram_id, 'Client'), coalesce(last_name, ''), email, phone, @now, @now
  FROM leads WHERE id = @leadId
  ON CONFLICT (lead_id) DO NOTHING`;
const CLIENT_OF = "SELECT id FROM clients WHERE lead_id = ?";
const BEFORE = "SELECT status, coalesce(nullif(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''), '@' || username, instagram_id, 'Contact n° ' || id) AS name FROM leads WHERE id = ?";

/**
 * Marks the lead won and returns its (only) client's id. A lead that was not won yet adds a
 * "lead won" notification (in this transaction) unless `notify: false` (the CSV import says it
 * once, in its own "import finished" notification).
 */
export function markWon(db: TenantDb, leadId: number, now = new Date(), { notify: notifyCoach = true }: { notify?: boolean } = {}): { clientId: number; created: boolean } {
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    const before = notifyCoach ? (cachedStatement(sqlite, BEFORE).get(leadId) as { status: string; name: string } | undefined) : undefined;
    cachedStatement(sqlite, SET_STATUS).run("won", null, now.getTime(), leadId);
    if (before && before.status !== "won") notify(db, "lead_won", { title: `Lead gagné : ${before.name}`, href: `/dashboard/leads/${leadId}` }, now);
    const { changes } = cachedStatement(sqlite, CREATE_CLIENT).run({ leadId, now: now.getTime() });
    refreshScores(sqlite, [leadId], now);
    const { id } = cachedStatement(sqlite, CLIENT_OF).get(leadId) as { id: number };
    return { clientId: id, created: changes === 1 };
  }).immediate();
}

/**
 * Lost, with one of the seed's reasons in leads.lost_reason (the KPI page groups by it, so the
 * free text does not go there: it becomes a note on the timeline).
 */
export function markLost(db: TenantDb, leadId: number, reason: (typeof LOST_REASONS)[number], details: string | undefined, now = new Date()) {
  const sqlite = db.$client;
  sqlite.transaction(() => {
    cachedStatement(sqlite, SET_STATUS).run("lost", reason, now.getTime(), leadId);
    if (details) addNote(db, leadId, `Perdu (${reason}) : ${details}`, now);
    refreshScores(sqlite, [leadId], now);
  }).immediate();
}

export function clientOfLead(db: TenantDb, leadId: number): number | null {
  return (cachedStatement(db.$client, CLIENT_OF).get(leadId) as { id: number } | undefined)?.id ?? null;
}

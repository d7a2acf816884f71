// Undoing the last import without destroying what the coach did since. A lead the import
// created is deleted, unless it has since gained a note, an activity, a quote or a client, or was edited
// (updated_at after the import's end), or the client the import made for it has been followed
// (a session, an invoice, a payment, a quote, a client note or a goal); a lead it updated gets its
// previous values back, unless it was edited again since or its import-made client followed. What was kept, and why, goes in the import's report. The KPI days
// of the leads removed or restored are recomputed afterwards.
import type Database from "better-sqlite3";
import type { TenantDb } from "~/lib/tenant-db.server";
import { refreshScores } from "../score.server";
import { recomputeKpiDays } from "./kpi-days.server";
import { IMPORT_LOST_DETAIL, IMPORT_LOST_REASON } from "./import-closing";

export type UndoReport = {
  deleted: number;
  restored: number;
  /** Created leads kept, by reason (a lead counts once, under its first reason in this order). */
  keptCreated: { edited: number; notes: number; activities: number; client: number };
  /** Updated leads left as they are now: edited again since the import. */
  keptUpdated: number;
};

const RESTORE = `UPDATE leads SET first_name = @first_name, last_name = @last_name, email = @email, phone = @phone, company = @company,
  job_title = @job_title, city = @city, source = @source, status = @status, instagram_id = @instagram_id, tags = @tags,
  score_override = @score_override, deal_value_cents = @deal_value_cents,
  consent = CASE WHEN @has_consent THEN @consent ELSE consent END,
  consent_source = CASE WHEN @has_consent THEN @consent_source ELSE consent_source END,
  consent_at = CASE WHEN @has_consent THEN @consent_at ELSE consent_at END,
  lost_reason = CASE WHEN @has_lost_reason THEN @lost_reason ELSE lost_reason END, updated_at = @now WHERE id = @id`;

/** The only import that may be undone: the most recent one that ran to the end. */
function lastUndoable(sqlite: Database.Database) {
  const row = sqlite.prepare("SELECT id, status FROM imports WHERE status IN ('done', 'undone', 'running', 'queued') ORDER BY id DESC LIMIT 1").get() as
    | { id: number; status: string }
    | undefined;
  return row?.status === "done" ? row.id : null;
}

/** Why a lead the import created must stay, or null when nothing happened to it since. */
function keepReason(sqlite: Database.Database, leadId: number, since: number, importClient: boolean) {
  const lead = sqlite.prepare("SELECT updated_at AS updatedAt FROM leads WHERE id = ?").get(leadId) as { updatedAt: number } | undefined;
  if (!lead) return "gone" as const;
  if (lead.updatedAt > since) return "edited" as const;
  if (sqlite.prepare("SELECT 1 FROM notes WHERE lead_id = ? AND created_at > ?").get(leadId, since)) return "notes" as const;
  // A quote made for the lead (the CRM's "créer un devis") is sales work, like an activity.
  if (sqlite.prepare("SELECT 1 FROM activities WHERE lead_id = ? UNION ALL SELECT 1 FROM quotes WHERE lead_id = ?").get(leadId, leadId)) return "activities" as const;
  const client = sqlite.prepare("SELECT id, updated_at AS updatedAt FROM clients WHERE lead_id = ?").get(leadId) as { id: number; updatedAt: number } | undefined;
  if (client && (!importClient || client.updatedAt > since || clientFollowed(sqlite, client.id))) return "client" as const;
  return null;
}

/** Work done on a client that does not touch clients.updated_at: sessions, money, quotes, notes, goals. */
const CLIENT_WORK = ["coaching_sessions", "invoices", "payments", "quotes", "client_notes", "goals"].map((t) => `SELECT 1 FROM ${t} WHERE client_id = @id`).join(" UNION ALL ");

function clientFollowed(sqlite: Database.Database, clientId: number) {
  return sqlite.prepare(`SELECT EXISTS (${CLIENT_WORK}) AS followed`).pluck().get({ id: clientId }) === 1;
}

/** The import's client of this lead has been worked on since (it must stay, and so must the lead's state). */
function importClientFollowed(sqlite: Database.Database, leadId: number) {
  const id = sqlite.prepare("SELECT id FROM clients WHERE lead_id = ?").pluck().get(leadId) as number | undefined;
  return id !== undefined && clientFollowed(sqlite, id);
}

/**
 * Undoes the last import in one transaction. Returns null when this import is not the last one.
 */
export function undoImport(db: TenantDb, id: number, now = Date.now()): UndoReport | null {
  const sqlite = db.$client;
  const kpiDays = new Set<string>();
  const result = sqlite
    .transaction((): UndoReport | null => {
      if (lastUndoable(sqlite) !== id) return null;
      const imp = sqlite.prepare("SELECT started_at AS startedAt, finished_at AS finishedAt, options FROM imports WHERE id = ?").get(id) as {
        startedAt: number | null;
        finishedAt: number | null;
        options: string | null;
      };
      // Anything stamped after the import's end is the coach's work (or another write path's).
      const since = imp.finishedAt ?? now;
      const all = sqlite.prepare("SELECT lead_id AS leadId, action, before FROM import_changes WHERE import_id = ? ORDER BY id").all(id) as {
        leadId: number;
        action: "created" | "updated" | "client";
        before: string | null;
      }[];
      const importClients = new Set(all.filter((c) => c.action === "client").map((c) => c.leadId));
      // One change per lead, its first: created, or the state before the import (imports run
      // before this was recorded that way may hold an in-between state as a later change).
      const first = new Map<number, (typeof all)[number]>();
      for (const c of all) if (c.action !== "client" && !first.has(c.leadId)) first.set(c.leadId, c);
      const changes = [...first.values()].reverse();
      const dayOf = sqlite.prepare("SELECT created_day AS day FROM leads WHERE id = ?").pluck();
      const dropClient = sqlite.prepare("DELETE FROM clients WHERE lead_id = ? AND updated_at <= ?");
      const dropLostNote = sqlite.prepare("DELETE FROM notes WHERE lead_id = ? AND body = ? AND created_at >= ? AND created_at <= ?");
      const lastEdit = sqlite.prepare("SELECT updated_at FROM leads WHERE id = ?").pluck();
      const remove = sqlite.prepare("DELETE FROM leads WHERE id = ?");
      const restore = sqlite.prepare(RESTORE);
      const report: UndoReport = { deleted: 0, restored: 0, keptCreated: { edited: 0, notes: 0, activities: 0, client: 0 }, keptUpdated: 0 };
      const restoredIds: number[] = [];
      for (const c of changes) {
        if (c.action === "created") {
          const reason = keepReason(sqlite, c.leadId, since, importClients.has(c.leadId));
          if (reason === "gone") continue;
          if (reason) {
            report.keptCreated[reason]++;
            continue;
          }
          kpiDays.add(dayOf.get(c.leadId) as string);
          // The client the import made goes with its lead (ON DELETE SET NULL would orphan it).
          if (importClients.has(c.leadId)) dropClient.run(c.leadId, since);
          report.deleted += remove.run(c.leadId).changes;
        } else if (c.action === "updated" && c.before) {
          const edited = lastEdit.get(c.leadId) as number | undefined;
          if (edited === undefined) continue;
          if (edited > since) {
            report.keptUpdated++;
            continue;
          }
          // A client the import made and the coach has followed since: the lead stays won, as now.
          if (importClients.has(c.leadId) && importClientFollowed(sqlite, c.leadId)) {
            report.keptUpdated++;
            continue;
          }
          const before = JSON.parse(c.before) as Record<string, unknown>;
          if (importClients.has(c.leadId)) dropClient.run(c.leadId, since);
          dropLostNote.run(c.leadId, `Perdu (${IMPORT_LOST_REASON}) : ${IMPORT_LOST_DETAIL}`, imp.startedAt ?? 0, since);
          report.restored += restore.run({ ...before, has_lost_reason: "lost_reason" in before ? 1 : 0, lost_reason: before.lost_reason ?? null, has_consent: "consent" in before ? 1 : 0, consent: before.consent ?? 0, consent_source: before.consent_source ?? null, consent_at: before.consent_at ?? null, id: c.leadId, now }).changes;
          restoredIds.push(c.leadId);
          kpiDays.add(dayOf.get(c.leadId) as string);
        }
      }
      refreshScores(sqlite, restoredIds, new Date(now));
      const options = { ...(imp.options ? (JSON.parse(imp.options) as Record<string, unknown>) : {}), undo: report };
      sqlite.prepare("UPDATE imports SET status = 'undone', undone_at = ?, options = ? WHERE id = ?").run(now, JSON.stringify(options), id);
      return report;
    })
    .immediate();
  if (result) recomputeKpiDays(sqlite, kpiDays, new Date(now));
  return result;
}

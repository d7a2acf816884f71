// Bulk actions on the leads list. The selection is either checked ids or "all N results",
// carried as the list's filter query (never as ids), and always read through leadQuery: ids
// that are not this tenant's (or no longer match the view) select nothing. Each action says how
// many leads it changed.
import type Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/tenant.schema";
import { aggregateTenant } from "~/kpis/aggregate.server";
import { dayKey } from "~/kpis/paris-days.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import type { LeadStatus } from "../../db/tenant.schema";
import { leadQuery, type LeadQuery } from "./lead-filters.server";
import { refreshScoresSince } from "./score.server";
import { suppress } from "./suppressions.server";

export type Selection = { query: LeadQuery };

/** The selection's SQL: the view's filters, narrowed to the checked ids unless "all". */
export function selectionQuery(sqlite: Database.Database, filters: Parameters<typeof leadQuery>[1], ids: number[] | "all") {
  return leadQuery(sqlite, filters, ids === "all" ? {} : { ids });
}

export function countSelection(sqlite: Database.Database, q: LeadQuery) {
  return (sqlite.prepare(`SELECT count(*) AS n FROM leads ${q.where}`).get(...q.params) as { n: number }).n;
}

export function addTag(sqlite: Database.Database, q: LeadQuery, tag: string, now = new Date()) {
  // Appended through leads.tags: the triggers keep lead_tags in step.
  return sqlite
    .prepare(`UPDATE leads SET tags = json_insert(tags, '$[#]', ?), updated_at = ? ${q.where} AND NOT EXISTS (SELECT 1 FROM json_each(leads.tags) WHERE value = ?)`)
    .run(tag, now.getTime(), ...q.params, tag).changes;
}

export function removeTag(sqlite: Database.Database, q: LeadQuery, tag: string, now = new Date()) {
  return sqlite
    .prepare(
      `UPDATE leads SET tags = (SELECT json_group_array(value) FROM json_each(leads.tags) WHERE value <> ?), updated_at = ?
       ${q.where} AND EXISTS (SELECT 1 FROM json_each(leads.tags) WHERE value = ?)`,
    )
    .run(tag, now.getTime(), ...q.params, tag).changes;
}

/** Won and lost are set one lead at a time (a client record, a reason): refused by the route. */
export function setStatus(sqlite: Database.Database, q: LeadQuery, status: LeadStatus, now = new Date()) {
  return sqlite.transaction(() => {
    const changed = sqlite.prepare(`UPDATE leads SET status = ?, updated_at = ? ${q.where} AND leads.status <> ?`).run(status, now.getTime(), ...q.params, status).changes;
    refreshScoresSince(sqlite, now, now);
    return changed;
  }).immediate();
}

/** Blacklists the selection and suppresses their identifiers (future sends, imports, ingestion). */
export function blacklist(db: TenantDb, q: LeadQuery, now = new Date()) {
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    const rows = sqlite.prepare(`SELECT leads.id, email, phone, instagram_id AS instagramId FROM leads ${q.where} AND leads.blacklisted = 0`).all(...q.params) as {
      id: number;
      email: string | null;
      phone: string | null;
      instagramId: string | null;
    }[];
    const mark = sqlite.prepare("UPDATE leads SET blacklisted = 1, updated_at = ? WHERE id = ?");
    for (const r of rows) {
      suppress(db, r, "blacklisted", now);
      mark.run(now.getTime(), r.id);
    }
    return rows.length;
  }).immediate();
}

/** Deletes the selection (cascades to messages, notes, activities…) and audits the count only. */
export function deleteLeads(sqlite: Database.Database, q: LeadQuery, actorUserId: string, now = new Date()) {
  return sqlite.transaction(() => {
    // The KPI days these leads counted in (cohort day, days of their messages): stored days are
    // recomputed below, so the KPI history stays consistent with what remains.
    const days = new Set<string>();
    for (const r of sqlite.prepare(`SELECT DISTINCT created_day AS d FROM leads ${q.where}`).iterate(...q.params) as Iterable<{ d: string }>) days.add(r.d);
    const messageDays = `SELECT DISTINCT sent_day AS d FROM messages WHERE lead_id IN (SELECT id FROM leads ${q.where})`;
    for (const r of sqlite.prepare(messageDays).iterate(...q.params) as Iterable<{ d: string }>) days.add(r.d);
    const bookedDays = `SELECT call_booked_at AS at FROM message_sequences WHERE call_booked_at IS NOT NULL AND lead_id IN (SELECT id FROM leads ${q.where})`;
    for (const r of sqlite.prepare(bookedDays).iterate(...q.params) as Iterable<{ at: number }>) days.add(dayKey(r.at));
    // import_changes has no foreign key and its `before` holds names and emails: removed with the leads.
    sqlite.prepare(`DELETE FROM import_changes WHERE lead_id IN (SELECT id FROM leads ${q.where})`).run(...q.params);
    const deleted = sqlite.prepare(`DELETE FROM leads ${q.where}`).run(...q.params).changes;
    const db = drizzle(sqlite, { schema }) as TenantDb;
    const stored = [...days].filter((d) => sqlite.prepare("SELECT 1 FROM kpi_daily WHERE day = ?").get(d)).sort();
    for (const day of stored) aggregateTenant(db, [day], now, { recordRun: false });
    sqlite
      .prepare("INSERT INTO audit_events (action, actor_user_id, details, created_at) VALUES ('leads.bulk_delete', ?, ?, ?)")
      .run(actorUserId, JSON.stringify({ count: deleted, kpiDays: stored.length }), now.getTime());
    return deleted;
  }).immediate();
}

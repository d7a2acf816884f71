// GDPR for one contact: access (everything held about the person, as JSON) and erasure (one
// transaction: the lead and all that hangs off it, its client record when it came from this
// lead, the hashed identifiers kept so the person is not stored again, an audit entry without
// personal data, and the KPI days the person counted in recomputed).
//
// Invoices: French law keeps accounting records (invoices and what they name) for 10 years
// (Code de commerce L123-22; CGI art. 242 nonies A requires the customer's name on the invoice).
// GDPR art. 17(3)(b) exempts what a legal obligation requires us to keep. Anonymising the client
// would strip the name the invoices must carry, so erasure is refused while the client has
// issued invoices or credit notes, with that explanation; the coach can blacklist the contact
// meanwhile. Drafts (no number, no legal existence) and quotes are erased with the person.
import type { TenantDb } from "~/lib/tenant-db.server";
import { cachedStatement } from "~/lib/statements.server";
import { aggregateTenant } from "~/kpis/aggregate.server";
import { dayKey } from "~/kpis/paris-days.server";
import { emailHash } from "~/email/recipients.server";
import { suppress } from "./suppressions.server";
import { finishCampaign } from "~/email/worker.server";

const all = (db: TenantDb, sql: string, ...params: unknown[]) => cachedStatement(db.$client, sql).all(...params) as Record<string, unknown>[];
const one = (db: TenantDb, sql: string, ...params: unknown[]) => cachedStatement(db.$client, sql).get(...params) as Record<string, unknown> | undefined;

const ISO_KEYS = /(_at|At)$/;
/** The frozen seller/buyer snapshots of quotes and invoices, stored as JSON text. */
const JSON_KEYS = new Set(["seller", "buyer"]);
/** Timestamps as ISO 8601 in the download: readable by the person, not Unix milliseconds. */
function readable(row: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = ISO_KEYS.test(k) && typeof v === "number" ? new Date(v).toISOString() : JSON_KEYS.has(k) && typeof v === "string" ? JSON.parse(v) : v;
  }
  return out;
}

/** Quotes made for the person: as a lead (the CRM's "créer un devis") or as a client. */
const PERSON_QUOTES = "SELECT * FROM quotes WHERE lead_id = ? OR client_id = ? ORDER BY id";

/**
 * The ids of the emails sent to the person: the rows of the lead, and every row to one of the
 * person's addresses (the lead's, its client's), compared as the suppressions do (trimmed, lower
 * case). SQLite's lower() only folds ASCII, so rows with other characters are compared here.
 */
function personSendIds(db: TenantDb, leadId: number, addresses: unknown[]) {
  const wanted = new Set(addresses.filter((a): a is string => typeof a === "string" && a.trim() !== "").map(emailHash));
  const ascii = [...new Set(addresses.filter((a): a is string => typeof a === "string" && a.trim() !== "").map((a) => a.trim().toLowerCase()))];
  const rows = all(
    db,
    `SELECT id, lead_id, to_email FROM email_sends WHERE lead_id = ? OR lower(trim(to_email)) IN (${ascii.map(() => "?").join(", ") || "NULL"}) OR to_email GLOB '*[^ -~]*' ORDER BY id`,
    leadId,
    ...ascii,
  );
  return rows.filter((r) => r.lead_id === leadId || wanted.has(emailHash(String(r.to_email)))).map((r) => r.id as number);
}

/** What the person may see of the emails sent to them: no copy, the subject, status and dates. */
const PERSON_EMAILS = `SELECT id, category, to_email, subject, status, created_at, sent_at, delivered_at, opened_at, clicked_at,
  bounced_at, complained_at, unsubscribed_at FROM email_sends WHERE id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id`;

/** Everything this tenant holds about the lead's person; null when the lead does not exist here. */
export function leadAccessExport(db: TenantDb, leadId: number, now = new Date()) {
  const lead = one(db, "SELECT * FROM leads WHERE id = ?", leadId);
  if (!lead) return null;
  const client = one(db, "SELECT * FROM clients WHERE lead_id = ?", leadId);
  const clientId = client?.id ?? null;
  const documents = clientId === null ? [] : all(db, "SELECT * FROM invoices WHERE client_id = ? ORDER BY id", clientId);
  const invoices = documents.filter((d) => d.kind === "invoice");
  const quotes = all(db, PERSON_QUOTES, leadId, clientId);
  return {
    exportedAt: now.toISOString(),
    note: "Données détenues sur cette personne par le coach (RGPD, article 15).",
    lead: readable({ ...lead, tags: JSON.parse(String(lead.tags ?? "[]")) }),
    tags: all(db, "SELECT tag FROM lead_tags WHERE lead_id = ? ORDER BY tag", leadId).map((r) => r.tag),
    messages: all(db, "SELECT * FROM messages WHERE lead_id = ? ORDER BY sent_at, id", leadId).map(readable),
    messageSequence: ((s) => (s ? readable(s) : null))(one(db, "SELECT * FROM message_sequences WHERE lead_id = ?", leadId)),
    notes: all(db, "SELECT * FROM notes WHERE lead_id = ? ORDER BY created_at, id", leadId).map(readable),
    activities: all(db, "SELECT * FROM activities WHERE lead_id = ? ORDER BY created_at, id", leadId).map(readable),
    statusChanges: all(db, "SELECT * FROM lead_status_changes WHERE lead_id = ? ORDER BY changed_at, id", leadId).map(readable),
    importChanges: all(db, "SELECT id, import_id, action, before FROM import_changes WHERE lead_id = ? ORDER BY id", leadId),
    client: client ? readable(client) : null,
    coachingSessions: clientId === null ? [] : all(db, "SELECT * FROM coaching_sessions WHERE client_id = ? ORDER BY scheduled_at", clientId).map(readable),
    quotes: quotes.map(readable),
    quoteLines: quotes.flatMap((q) => all(db, "SELECT * FROM quote_lines WHERE quote_id = ? ORDER BY position, id", q.id)),
    invoices: invoices.map(readable),
    creditNotes: documents.filter((d) => d.kind === "credit_note").map(readable),
    // The lines of the invoices and of the credit notes (invoice_id names either).
    invoiceLines: documents.flatMap((i) => all(db, "SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY position, id", i.id)),
    emails: all(db, PERSON_EMAILS, JSON.stringify(personSendIds(db, leadId, [lead.email, client?.email]))).map(readable),
    payments:
      clientId === null
        ? []
        : all(db, "SELECT * FROM payments WHERE client_id = ? OR invoice_id IN (SELECT id FROM invoices WHERE client_id = ?) ORDER BY paid_at, id", clientId, clientId).map(readable),
  };
}

/**
 * The access download, audited in the tenant like erasure: what (how many rows of each kind were
 * handed over), when and by whom, with no personal data (not even the lead's id, which would
 * link the entry to the person and must outlive an erasure).
 */
export function leadAccessDownload(db: TenantDb, leadId: number, actorUserId: string, now = new Date()) {
  const data = leadAccessExport(db, leadId, now);
  if (!data) return null;
  const rows: Record<string, number> = {};
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) rows[key] = value.length;
    else if (value !== null && typeof value === "object") rows[key] = 1;
    else if (value === null) rows[key] = 0;
  }
  cachedStatement(db.$client, "INSERT INTO audit_events (action, actor_user_id, details, created_at) VALUES (?, ?, ?, ?)").run(
    "lead.access_export",
    actorUserId,
    JSON.stringify({ rows }),
    now.getTime(),
  );
  return data;
}

export type EraseResult =
  | { ok: true; deleted: Record<string, number>; reaggregatedDays: number }
  | { ok: false; reason: "not_found" }
  /** `invoices`: the issued invoices and credit notes that must be kept. */
  | { ok: false; reason: "invoices"; invoices: number };

// Rows that go with the lead: counted before the delete, for the audit entry.
const LEAD_TABLES = ["messages", "message_sequences", "notes", "activities", "lead_status_changes", "lead_tags", "import_changes"] as const;

/**
 * Erases the lead and everything attached, in one transaction. Refused (nothing touched) while
 * the client record made from this lead has issued invoices or credit notes, or an issued
 * document was made from one of the person's quotes (see the header comment).
 */
export function eraseLead(db: TenantDb, leadId: number, actorUserId: string, now = new Date()): EraseResult {
  const sqlite = db.$client;
  return sqlite.transaction((): EraseResult => {
    const lead = one(db, "SELECT id, email, phone, instagram_id, created_day FROM leads WHERE id = ?", leadId);
    if (!lead) return { ok: false, reason: "not_found" };
    const client = one(db, "SELECT id, email, phone FROM clients WHERE lead_id = ?", leadId);
    const clientId = (client?.id as number | undefined) ?? null;
    // Issued documents are frozen (a trigger refuses even unlinking them from a deleted quote).
    const { n: kept } = one(
      db,
      `SELECT count(*) AS n FROM invoices WHERE state <> 'draft' AND (client_id = ? OR quote_id IN (SELECT id FROM quotes WHERE lead_id = ? OR client_id = ?))`,
      clientId,
      leadId,
      clientId,
    ) as { n: number };
    if (kept > 0) return { ok: false, reason: "invoices", invoices: kept };

    // The KPI days this person counted in: their cohort day, the days of their messages, and the
    // day of their booked call (booking slots are counted on that day).
    const days = new Set<string>([lead.created_day as string]);
    for (const r of all(db, "SELECT DISTINCT sent_day FROM messages WHERE lead_id = ?", leadId)) days.add(r.sent_day as string);
    for (const r of all(db, "SELECT call_booked_at FROM message_sequences WHERE lead_id = ? AND call_booked_at IS NOT NULL", leadId)) days.add(dayKey(r.call_booked_at as number));

    const deleted: Record<string, number> = { leads: 1 };
    for (const table of LEAD_TABLES) deleted[table] = (one(db, `SELECT count(*) AS n FROM ${table} WHERE lead_id = ?`, leadId) as { n: number }).n;
    deleted.clients = clientId === null ? 0 : 1;
    deleted.coaching_sessions = clientId === null ? 0 : (one(db, "SELECT count(*) AS n FROM coaching_sessions WHERE client_id = ?", clientId) as { n: number }).n;
    // Payments are accounting records: they stay, without the link to the person (ON DELETE SET NULL).
    deleted.payments_unlinked = clientId === null ? 0 : (one(db, "SELECT count(*) AS n FROM payments WHERE client_id = ?", clientId) as { n: number }).n;
    // Drafts have no number and quotes no legal retention: they hold the person's name and go
    // too (ON DELETE SET NULL would keep them, nameless in the list but with the buyer snapshot).
    deleted.invoice_drafts = clientId === null ? 0 : (one(db, "SELECT count(*) AS n FROM invoices WHERE client_id = ? AND state = 'draft'", clientId) as { n: number }).n;
    deleted.quotes = (one(db, "SELECT count(*) AS n FROM quotes WHERE lead_id = ? OR client_id = ?", leadId, clientId) as { n: number }).n;
    // The emails sent to the person hold the address and the copy made for them (subject, HTML,
    // text, variables): deleted, including those sent before they were a lead here (matched by
    // address). Webhook events and email suppressions keep no personal data and only lose their
    // link to the row (ON DELETE SET NULL); the unsubscribe/bounce hash stays so the address is
    // never mailed again. A campaign's recipient_count is a stored number and stays as it was;
    // its delivery/open/click metrics are read from the rows, so the erased person is no longer
    // counted in them (accepted: the figures stay right for everyone still on file).
    const sendIds = personSendIds(db, leadId, [lead.email, client?.email]);
    deleted.email_sends = sendIds.length;

    suppress(db, { email: lead.email as string | null, phone: lead.phone as string | null, instagramId: lead.instagram_id as string | null }, "erased", now);
    if (client) suppress(db, { email: client.email as string | null, phone: client.phone as string | null }, "erased", now);

    // import_changes has no foreign key (an undo must survive a deleted lead): removed by hand.
    cachedStatement(sqlite, "DELETE FROM import_changes WHERE lead_id = ?").run(leadId);
    if (clientId !== null) cachedStatement(sqlite, "DELETE FROM invoices WHERE client_id = ? AND state = 'draft'").run(clientId); // lines, events cascade
    // Notifications naming the person (« Lead gagné : Léa Martin », a quote accepted, a payment) go with them.
    deleted.notifications = cachedStatement(
      sqlite,
      `DELETE FROM notifications WHERE href IN (SELECT '/dashboard/leads/' || CAST(? AS INTEGER) UNION ALL SELECT '/dashboard/clients/' || CAST(? AS INTEGER)
         UNION ALL SELECT '/dashboard/quotes/' || id FROM quotes WHERE lead_id = ? OR client_id = ?
         UNION ALL SELECT '/dashboard/invoices/' || id FROM invoices WHERE client_id = ?)`,
    ).run(leadId, clientId, leadId, clientId, clientId).changes;
    cachedStatement(sqlite, "DELETE FROM quotes WHERE lead_id = ? OR client_id = ?").run(leadId, clientId); // lines cascade
    if (clientId !== null) cachedStatement(sqlite, "DELETE FROM clients WHERE id = ?").run(clientId); // sessions cascade
    const campaignIds = (cachedStatement(sqlite, "SELECT DISTINCT campaign_id FROM email_sends WHERE id IN (SELECT value FROM json_each(?)) AND campaign_id IS NOT NULL").all(JSON.stringify(sendIds)) as { campaign_id: number }[]).map((r) => r.campaign_id);
    cachedStatement(sqlite, "DELETE FROM email_sends WHERE id IN (SELECT value FROM json_each(?))").run(JSON.stringify(sendIds));
    // A campaign whose last waiting email was this person's must still end (the worker only
    // finishes a campaign when it sends something): scheduled with nothing left counts as started.
    for (const id of campaignIds) {
      cachedStatement(sqlite, "UPDATE email_campaigns SET status = 'sending', started_at = coalesce(started_at, ?) WHERE id = ? AND status = 'scheduled' AND NOT EXISTS (SELECT 1 FROM email_sends WHERE campaign_id = ? AND status IN ('queued', 'sending'))").run(now.getTime(), id, id);
      finishCampaign(db, id, now.getTime());
    }
    cachedStatement(sqlite, "DELETE FROM leads WHERE id = ?").run(leadId); // messages, notes, … cascade; FTS by trigger
    // Uploaded CSVs waiting in a draft (or left by a failed import) may hold this person too:
    // they are dropped (the coach uploads again), and rejected-row reports with them.
    deleted.import_files = cachedStatement(sqlite, "UPDATE imports SET source = NULL, rejected_csv = NULL WHERE status <> 'running' AND (source IS NOT NULL OR rejected_csv IS NOT NULL)").run().changes;

    cachedStatement(sqlite, "INSERT INTO audit_events (action, actor_user_id, details, created_at) VALUES (?, ?, ?, ?)").run(
      "lead.erase",
      actorUserId,
      JSON.stringify({ deleted, kpiDays: days.size }),
      now.getTime(),
    );

    // Only days already stored in kpi_daily: later days are computed live by the dashboard, and
    // writing them here would make them look aggregated before the nightly run.
    const stored = [...days].filter((d) => one(db, "SELECT 1 AS x FROM kpi_daily WHERE day = ?", d)).sort();
    for (const day of stored) aggregateTenant(db, [day], now, { recordRun: false });
    return { ok: true, deleted, reaggregatedDays: stored.length };
  }).immediate();
}

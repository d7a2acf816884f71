import { describe, expect, it } from "vitest";
import type { TenantDb } from "~/lib/tenant-db.server";
import { createCreditNote, createDraftInvoice } from "~/billing/invoices.server";
import { recordPayment } from "~/billing/ledger.server";
import { upsertLeads } from "~/ingest/leads.server";
import { ingestMessages } from "~/ingest/messages.server";
import { aggregateTenant } from "~/kpis/aggregate.server";
import { createActivity } from "./activities.server";
import { eraseLead, leadAccessDownload, leadAccessExport } from "./gdpr.server";
import { addNote } from "./notes.server";
import { isSuppressed } from "./suppressions.server";
import { memoryTenant } from "./test-tenant.test-helpers";
import { markWon } from "./won-lost.server";

const DAY1 = new Date("2026-11-10T10:00:00Z");
const DAY2 = new Date("2026-11-11T10:00:00Z");
const NOW = new Date("2026-11-20T10:00:00Z");
const PERSON = { firstName: "Zoé", lastName: "Lemoine", email: "zoe.lemoine@example.fr", phone: "+33612345678" };

function seed(db: TenantDb) {
  upsertLeads(db, [{ instagramId: "ig_zoe", ...PERSON, createdAt: DAY1, source: "story" }, { instagramId: "ig_other", firstName: "Autre", createdAt: DAY1, source: "story" }], DAY1);
  ingestMessages(db, [
    { externalId: "m1", instagramId: "ig_zoe", direction: "out", text: "Bonjour Zoé", sentAt: DAY1, messageNumber: 1 },
    { externalId: "m2", instagramId: "ig_zoe", direction: "in", text: "Bonjour !", sentAt: DAY2, messageNumber: null },
    { externalId: "m3", instagramId: "ig_other", direction: "out", text: "Salut", sentAt: DAY1, messageNumber: 1 },
  ], DAY2);
  const id = (db.$client.prepare("SELECT id FROM leads WHERE instagram_id = 'ig_zoe'").get() as { id: number }).id;
  db.$client.prepare(`UPDATE leads SET tags = '["vip"]' WHERE id = ?`).run(id);
  addNote(db, id, "Très motivée", NOW);
  createActivity(db, id, { type: "call", priority: "high", state: "planned", dueDate: "2026-11-25", dueTime: "18:30", durationMinutes: 30, details: "Appel découverte" }, NOW);
  const { clientId } = markWon(db, id, NOW);
  db.$client.prepare("INSERT INTO coaching_sessions (client_id, scheduled_at, created_at) VALUES (?, ?, ?)").run(clientId, NOW.getTime(), NOW.getTime());
  db.$client.prepare("INSERT INTO imports (id, file_name, created_at) VALUES (1, 'contacts.csv', ?)").run(NOW.getTime());
  db.$client.prepare("INSERT INTO import_changes (import_id, lead_id, action, before) VALUES (1, ?, 'updated', ?)").run(id, JSON.stringify({ email: PERSON.email }));
  aggregateTenant(db, ["2026-11-10", "2026-11-11"], NOW);
  return { id, clientId };
}

const LINE = { description: "Séance de coaching", quantity: 100, unitPriceCents: 8000, vatRateBps: 0 };

/** What issueInvoice does to the row, without the control DB's public link. */
function issue(db: TenantDb, invoiceId: number, number: string) {
  db.$client
    .prepare("UPDATE invoices SET state = 'issued', number = ?, series = '2026', sequence = ?, issue_date = '2026-11-20', due_date = '2026-12-20', buyer = ?, issued_at = ? WHERE id = ?")
    .run(number, Number(number.slice(-4)), JSON.stringify({ kind: "person", name: "Zoé Lemoine" }), NOW.getTime(), invoiceId);
}

/** A quote with one line, then given its status (the lines of a sent quote are locked). */
function addQuote(db: TenantDb, q: { leadId?: number; clientId?: number; status: string; buyer?: object }) {
  const sqlite = db.$client;
  const id = sqlite
    .prepare("INSERT INTO quotes (lead_id, client_id, valid_until, vat_regime, buyer, created_at, updated_at) VALUES (?, ?, '2026-12-20', 'franchise', ?, ?, ?)")
    .run(q.leadId ?? null, q.clientId ?? null, q.buyer ? JSON.stringify(q.buyer) : null, NOW.getTime(), NOW.getTime()).lastInsertRowid as number;
  sqlite.prepare("INSERT INTO quote_lines (quote_id, position, description, unit_price_cents, total_ht_cents) VALUES (?, 0, 'Forfait 5 séances', 40000, 40000)").run(id);
  sqlite.prepare("UPDATE quotes SET status = ?, accepted_at = ? WHERE id = ?").run(q.status, q.status === "accepted" ? NOW.getTime() : null, id);
  return id;
}

/** An email_sends row (the queue's columns that matter here). */
function addSend(db: TenantDb, s: { key: string; leadId?: number | null; to: string; subject: string; campaignId?: number; status?: string; sentAt?: Date }) {
  return db.$client
    .prepare(
      `INSERT INTO email_sends (idempotency_key, campaign_id, lead_id, category, to_email, subject, html, text, variables, status, next_attempt_at, created_at, sent_at)
       VALUES (?, ?, ?, 'marketing', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .pluck()
    .get(s.key, s.campaignId ?? null, s.leadId ?? null, s.to, s.subject, `<p>${s.subject}</p>`, s.subject, JSON.stringify({ firstName: s.subject }), s.status ?? "sent", DAY2.getTime(), (s.sentAt ?? DAY2).getTime(), s.sentAt?.getTime() ?? null) as number;
}

/** A campaign sent to Zoé and to the other lead, a CRM send to Zoé and one to her address from before she was a lead. */
function seedEmails(db: TenantDb, id: number) {
  const other = (db.$client.prepare("SELECT id FROM leads WHERE instagram_id = 'ig_other'").get() as { id: number }).id;
  db.$client.prepare("UPDATE leads SET email = 'autre@example.fr' WHERE id = ?").run(other);
  const campaignId = db.$client
    .prepare("INSERT INTO email_campaigns (name, subject, fallbacks, status, recipient_count, created_at, updated_at) VALUES ('Novembre', 'Bonjour {{firstName}}', '{}', 'sent', 2, 0, 0) RETURNING id")
    .pluck()
    .get() as number;
  const sends = {
    campaign: addSend(db, { key: "c-zoe", campaignId, leadId: id, to: PERSON.email, subject: "Bonjour Zoé", sentAt: DAY2 }),
    direct: addSend(db, { key: "d-zoe", leadId: id, to: PERSON.email, subject: "Votre séance", status: "queued" }),
    before: addSend(db, { key: "old-zoe", leadId: null, to: " Zoe.LEMOINE@Example.fr ", subject: "Avant", sentAt: DAY1 }),
    other: addSend(db, { key: "c-other", campaignId, leadId: other, to: "autre@example.fr", subject: "Bonjour Autre", sentAt: DAY2 }),
  };
  db.$client.prepare("INSERT INTO email_events (id, type, send_id, created_at) VALUES ('evt_1', 'email.delivered', ?, 0)").run(sends.campaign);
  db.$client.prepare("INSERT INTO email_suppressions (email_hash, reason, send_id, created_at) VALUES ('h-zoe', 'unsubscribed', ?, 0)").run(sends.campaign);
  return { campaignId, sends };
}

const count = (db: TenantDb, sql: string, ...p: unknown[]) => (db.$client.prepare(sql).get(...p) as { n: number }).n;

describe("leadAccessExport", () => {
  it("holds every table about the person", () => {
    const db = memoryTenant();
    const { id } = seed(db);
    const data = leadAccessExport(db, id, NOW)!;
    expect(data.lead).toMatchObject({ first_name: "Zoé", email: PERSON.email, tags: ["vip"], status: "won" });
    expect(data.tags).toEqual(["vip"]);
    expect(data.messages.map((m) => m.text)).toEqual(["Bonjour Zoé", "Bonjour !"]);
    expect(data.messageSequence).toMatchObject({ lead_id: id, msg1_replied: 1 });
    expect(data.notes.map((n) => n.body)).toEqual(["Très motivée"]);
    expect(data.activities).toHaveLength(1);
    expect(data.statusChanges.map((s) => s.to_status)).toEqual(["new", "engaged", "won"]);
    expect(data.importChanges).toHaveLength(1);
    expect(data.client).toMatchObject({ lead_id: id, email: PERSON.email });
    expect(data.coachingSessions).toHaveLength(1);
    expect(data.lead.created_at).toBe(DAY1.toISOString());
    expect(data.quotes).toEqual([]);
    expect(data.invoices).toEqual([]);
    expect(leadAccessExport(db, 9999, NOW)).toBeNull();
  });

  it("holds the person's quotes, invoices, credit notes, their lines and payments, and no one else's", () => {
    const db = memoryTenant();
    const { id, clientId } = seed(db);
    const leadQuote = addQuote(db, { leadId: id, status: "draft" });
    const clientQuote = addQuote(db, { clientId, status: "accepted", buyer: { kind: "person", name: "Zoé Lemoine" } });
    addQuote(db, { leadId: id + 1, status: "sent" }); // the other lead's
    const paid = createDraftInvoice(db, { clientId, lines: [LINE] }, NOW);
    issue(db, paid, "2026-0001");
    recordPayment(db, { invoiceId: paid, amountCents: 5000, method: "transfer", paidAt: NOW }, NOW);
    const credited = createDraftInvoice(db, { clientId, lines: [LINE, { ...LINE, unitPriceCents: 2000 }] }, NOW);
    issue(db, credited, "2026-0002");
    const credit = createCreditNote(db, { invoiceId: credited, amountCents: 1000, reason: "Geste commercial", coachEmail: null, now: NOW });
    const draft = createDraftInvoice(db, { clientId, lines: [LINE] }, NOW);
    const other = db.$client.prepare("INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES ('Autre', 'Client', ?, ?)").run(NOW.getTime(), NOW.getTime()).lastInsertRowid as number;
    createDraftInvoice(db, { clientId: other, lines: [LINE] }, NOW);

    const data = leadAccessExport(db, id, NOW)!;
    expect(data.quotes.map((q) => q.id)).toEqual([leadQuote, clientQuote]);
    expect(data.quotes[1]).toMatchObject({ status: "accepted", accepted_at: NOW.toISOString(), buyer: { name: "Zoé Lemoine" } });
    expect(data.quoteLines.map((l) => l.quote_id)).toEqual([leadQuote, clientQuote]);
    expect(data.invoices.map((i) => i.id)).toEqual([paid, credited, draft]);
    expect(data.invoices[0]).toMatchObject({ number: "2026-0001", buyer: { name: "Zoé Lemoine" }, issued_at: NOW.toISOString() });
    expect(data.creditNotes.map((c) => c.id)).toEqual([credit.id]);
    expect(data.creditNotes[0]).toMatchObject({ credited_invoice_id: credited, notes: "Geste commercial" });
    expect(data.invoiceLines.map((l) => l.invoice_id)).toEqual([paid, credited, credited, credit.id, draft]);
    expect(data.payments).toHaveLength(1);
    expect(data.payments[0]).toMatchObject({ invoice_id: paid, amount_cents: 5000, paid_at: NOW.toISOString() });
  });

  it("lists the emails sent to the person (subject, status, dates; not the copy), by lead or by address, and no one else's", () => {
    const db = memoryTenant();
    const { id } = seed(db);
    const { sends } = seedEmails(db, id);
    const data = leadAccessExport(db, id, NOW)!;
    expect(data.emails.map((e) => e.id)).toEqual([sends.before, sends.campaign, sends.direct]);
    expect(data.emails[1]).toMatchObject({ subject: "Bonjour Zoé", status: "sent", to_email: PERSON.email, sent_at: DAY2.toISOString(), created_at: DAY2.toISOString() });
    expect(data.emails[2]).toMatchObject({ subject: "Votre séance", status: "queued", sent_at: null });
    for (const e of data.emails) expect(Object.keys(e)).not.toEqual(expect.arrayContaining(["html"]));
    expect(Object.keys(data.emails[0])).not.toContain("variables");
  });

  it("audits each download: what, when, by whom, and nothing about the person", () => {
    const db = memoryTenant();
    const { id } = seed(db);
    const before = count(db, "SELECT count(*) AS n FROM audit_events");
    const data = leadAccessDownload(db, id, "user_coach", NOW)!;
    expect(data.lead).toMatchObject({ first_name: "Zoé" });
    const audit = db.$client.prepare("SELECT action, actor_user_id, details, created_at FROM audit_events ORDER BY id DESC LIMIT 1").get() as Record<string, string | number>;
    expect(count(db, "SELECT count(*) AS n FROM audit_events")).toBe(before + 1);
    expect(audit).toMatchObject({ action: "lead.access_export", actor_user_id: "user_coach", created_at: NOW.getTime() });
    const details = JSON.parse(String(audit.details));
    expect(details.rows).toMatchObject({ lead: 1, messages: 2, notes: 1, activities: 1, statusChanges: 3, client: 1, coachingSessions: 1 });
    for (const personal of [PERSON.email, PERSON.phone, "Zoé", "Lemoine"]) expect(String(audit.details)).not.toContain(personal);
    // Counts only: no id that would link the entry to the person.
    expect(Object.keys(details)).toEqual(["rows"]);
    for (const n of Object.values(details.rows)) expect(typeof n).toBe("number");
    // A missing lead: nothing downloaded, nothing audited.
    expect(leadAccessDownload(db, 9999, "user_coach", NOW)).toBeNull();
    expect(count(db, "SELECT count(*) AS n FROM audit_events")).toBe(before + 1);
  });
});

describe("eraseLead", () => {
  it("deletes the lead and everything attached, suppresses its identifiers, audits without personal data, recomputes the KPI days", () => {
    const db = memoryTenant();
    const { id, clientId } = seed(db);
    const before = db.$client.prepare("SELECT day, leads_created, messages_out, messages_in, leads_won FROM kpi_daily ORDER BY day").all();
    expect(before).toEqual([
      { day: "2026-11-10", leads_created: 2, messages_out: 2, messages_in: 0, leads_won: 1 },
      { day: "2026-11-11", leads_created: 0, messages_out: 0, messages_in: 1, leads_won: 0 },
    ]);

    const result = eraseLead(db, id, "u_coach", NOW);
    expect(result).toMatchObject({ ok: true, reaggregatedDays: 2 });

    for (const table of ["messages", "message_sequences", "notes", "activities", "lead_status_changes", "lead_tags", "import_changes"]) {
      expect(count(db, `SELECT count(*) AS n FROM ${table} WHERE lead_id = ?`, id), table).toBe(0);
    }
    expect(count(db, "SELECT count(*) AS n FROM leads WHERE id = ?", id)).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM clients WHERE id = ? OR lead_id = ?", clientId, id)).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM coaching_sessions WHERE client_id = ?", clientId)).toBe(0);
    expect(count(db, `SELECT count(*) AS n FROM leads_fts WHERE leads_fts MATCH '"Lemoine"'`)).toBe(0);
    expect(count(db, `SELECT count(*) AS n FROM leads_fts WHERE leads_fts MATCH '"Autre"'`)).toBe(1); // the other lead stays searchable
    expect(count(db, "SELECT count(*) AS n FROM leads")).toBe(1);

    expect(isSuppressed(db, { email: "ZOE.lemoine@example.fr" })).toBe(true);
    expect(isSuppressed(db, { phone: "06 12 34 56 78" })).toBe(true);
    expect(isSuppressed(db, { instagramId: "ig_zoe" })).toBe(true);
    expect(db.$client.prepare("SELECT DISTINCT reason FROM suppressions").all()).toEqual([{ reason: "erased" }]);

    const audit = db.$client.prepare("SELECT action, actor_user_id, details FROM audit_events").all() as { action: string; actor_user_id: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "lead.erase", actor_user_id: "u_coach" });
    expect(JSON.parse(audit[0].details).deleted).toMatchObject({ leads: 1, messages: 2, notes: 1, activities: 1, clients: 1, coaching_sessions: 1, import_changes: 1 });
    const auditText = JSON.stringify(audit);
    for (const personal of ["Zoé", "Lemoine", "zoe", "612345678", "ig_zoe"]) expect(auditText).not.toContain(personal);

    expect(db.$client.prepare("SELECT day, leads_created, messages_out, messages_in, leads_won FROM kpi_daily ORDER BY day").all()).toEqual([
      { day: "2026-11-10", leads_created: 1, messages_out: 1, messages_in: 0, leads_won: 0 },
      { day: "2026-11-11", leads_created: 0, messages_out: 0, messages_in: 0, leads_won: 0 },
    ]);
    // A repair is not the nightly run: the run stamp is the one of the aggregation above.
    expect(db.$client.prepare("SELECT value FROM settings WHERE key = 'kpi.last_aggregated_at'").get()).toEqual({ value: NOW.toISOString() });
  });

  it("deletes the emails sent to the person (by lead, by address in any case, the client's address too) and keeps the campaign's count", () => {
    const db = memoryTenant();
    const { id, clientId } = seed(db);
    const { campaignId, sends } = seedEmails(db, id);
    // The client record has another address, with a non-ASCII capital (SQLite's lower() leaves it).
    db.$client.prepare("UPDATE clients SET email = 'Zoé.Pro@Exemple.fr' WHERE id = ?").run(clientId);
    const pro = addSend(db, { key: "pro", leadId: null, to: "ZOÉ.PRO@exemple.fr", subject: "Facture", sentAt: DAY2 });
    const lookalike = addSend(db, { key: "look", leadId: null, to: "zoe.lemoine@example.fr.evil", subject: "Autre", sentAt: DAY2 });

    const result = eraseLead(db, id, "u_coach", NOW);
    expect(result).toMatchObject({ ok: true, deleted: { email_sends: 4 } });
    expect(db.$client.prepare("SELECT id FROM email_sends ORDER BY id").pluck().all()).toEqual([sends.other, lookalike]);
    expect(count(db, "SELECT count(*) AS n FROM email_sends WHERE id = ?", pro)).toBe(0);
    const leftovers = JSON.stringify(db.$client.prepare("SELECT * FROM email_sends").all());
    for (const personal of ["Zoé", "zoe.lemoine@example.fr\"", "Lemoine@"]) expect(leftovers).not.toContain(personal);
    // The campaign's stored count stays; the event and the unsubscribe hash lose only their link.
    expect(db.$client.prepare("SELECT recipient_count FROM email_campaigns WHERE id = ?").pluck().get(campaignId)).toBe(2);
    expect(db.$client.prepare("SELECT send_id FROM email_events WHERE id = 'evt_1'").pluck().get()).toBeNull();
    expect(db.$client.prepare("SELECT send_id FROM email_suppressions WHERE email_hash = 'h-zoe'").pluck().get()).toBeNull();
  });

  it("deletes the notifications that name the person (lead won, quote, payment), and only theirs", () => {
    const db = memoryTenant();
    const { id } = seed(db); // markWon: « Lead gagné : Zoé Lemoine »
    const insert = db.$client.prepare("INSERT INTO notifications (kind, title, href, created_at) VALUES (?, ?, ?, ?)");
    insert.run("lead_new", "Nouveau lead : Zoé Lemoine", `/dashboard/leads/${id}`, NOW.getTime());
    insert.run("lead_new", "Nouveau lead : Autre Personne", `/dashboard/leads/${id + 1000}`, NOW.getTime());
    expect(db.$client.prepare("SELECT count(*) FROM notifications WHERE title LIKE '%Zoé%'").pluck().get()).toBeGreaterThanOrEqual(2);
    expect(eraseLead(db, id, "u_coach", NOW)).toMatchObject({ ok: true });
    const left = db.$client.prepare("SELECT title FROM notifications").pluck().all() as string[];
    expect(left.filter((t) => t.includes("Zoé"))).toEqual([]);
    expect(left).toContain("Nouveau lead : Autre Personne");
  });

  it("a sending campaign whose last waiting email was the person's ends (sent), the others untouched", () => {
    const db = memoryTenant();
    const { id } = seed(db);
    const { campaignId } = seedEmails(db, id);
    db.$client.prepare("UPDATE email_campaigns SET status = 'sending' WHERE id = ?").run(campaignId);
    addSend(db, { key: "c-zoe-wait", campaignId, leadId: id, to: PERSON.email, subject: "Bonjour Zoé", status: "queued" });
    expect(eraseLead(db, id, "u_coach", NOW)).toMatchObject({ ok: true });
    expect(db.$client.prepare("SELECT status FROM email_campaigns WHERE id = ?").pluck().get(campaignId)).toBe("sent");
    expect(db.$client.prepare("SELECT count(*) FROM notifications WHERE kind = 'campaign_finished'").pluck().get()).toBe(1);
  });

  it("a refused erasure keeps the emails too", () => {
    const db = memoryTenant();
    const { id, clientId } = seed(db);
    seedEmails(db, id);
    issue(db, createDraftInvoice(db, { clientId, lines: [LINE] }, NOW), "2026-0001");
    expect(eraseLead(db, id, "u_coach", NOW)).toMatchObject({ ok: false, reason: "invoices" });
    expect(count(db, "SELECT count(*) AS n FROM email_sends")).toBe(4);
  });

  it("refuses (and changes nothing) while the client has issued invoices, which must be kept 10 years", () => {
    const db = memoryTenant();
    const { id, clientId } = seed(db);
    const invoiceId = createDraftInvoice(db, { clientId, lines: [LINE] }, NOW);
    issue(db, invoiceId, "2026-0001");
    const quoteId = addQuote(db, { clientId, status: "accepted" });
    expect(eraseLead(db, id, "u_coach", NOW)).toEqual({ ok: false, reason: "invoices", invoices: 1 });
    expect(count(db, "SELECT count(*) AS n FROM leads WHERE id = ?", id)).toBe(1);
    expect(count(db, "SELECT count(*) AS n FROM quotes WHERE id = ?", quoteId)).toBe(1);
    expect(count(db, "SELECT count(*) AS n FROM suppressions")).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM audit_events")).toBe(0);
  });

  it("refuses while a credit note names the client, even once the invoice it corrects is cancelled", () => {
    const db = memoryTenant();
    const { id, clientId } = seed(db);
    const invoiceId = createDraftInvoice(db, { clientId, lines: [LINE] }, NOW);
    issue(db, invoiceId, "2026-0001");
    createCreditNote(db, { invoiceId, reason: "Erreur", coachEmail: null, now: NOW });
    expect(count(db, "SELECT count(*) AS n FROM invoices WHERE state = 'cancelled'")).toBe(1);
    expect(eraseLead(db, id, "u_coach", NOW)).toEqual({ ok: false, reason: "invoices", invoices: 2 });
    expect(count(db, "SELECT count(*) AS n FROM clients WHERE id = ?", clientId)).toBe(1);
  });

  it("refuses while an issued invoice was made from one of the person's quotes (it cannot be unlinked)", () => {
    const db = memoryTenant();
    const { id } = seed(db);
    const quoteId = addQuote(db, { leadId: id, status: "accepted" });
    const other = db.$client.prepare("INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES ('Autre', 'Client', ?, ?)").run(NOW.getTime(), NOW.getTime()).lastInsertRowid as number;
    const invoiceId = createDraftInvoice(db, { clientId: other, quoteId, lines: [LINE] }, NOW);
    issue(db, invoiceId, "2026-0001");
    expect(eraseLead(db, id, "u_coach", NOW)).toEqual({ ok: false, reason: "invoices", invoices: 1 });
    expect(count(db, "SELECT count(*) AS n FROM quotes WHERE id = ?", quoteId)).toBe(1);
  });

  it("erases the drafts and every quote of the person (locked lines included), and only theirs", () => {
    const db = memoryTenant();
    const { id, clientId } = seed(db);
    const draftId = createDraftInvoice(db, { clientId, lines: [LINE, LINE] }, NOW);
    db.$client.prepare("INSERT INTO invoice_events (invoice_id, type, day, created_at) VALUES (?, 'checkout', '2026-11-20', ?)").run(draftId, NOW.getTime());
    const mine = [addQuote(db, { leadId: id, status: "draft" }), addQuote(db, { clientId, status: "accepted" }), addQuote(db, { clientId, status: "sent" })];
    const other = addQuote(db, { leadId: id + 1, status: "sent" });
    const unlinked = addQuote(db, { status: "draft" });

    const result = eraseLead(db, id, "u_coach", NOW);
    expect(result).toMatchObject({ ok: true, deleted: { invoice_drafts: 1, quotes: 3 } });
    expect(count(db, "SELECT count(*) AS n FROM invoices")).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM invoice_lines")).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM invoice_events")).toBe(0);
    expect(count(db, `SELECT count(*) AS n FROM quotes WHERE id IN (${mine.join(",")})`)).toBe(0);
    expect(count(db, `SELECT count(*) AS n FROM quote_lines WHERE quote_id IN (${mine.join(",")})`)).toBe(0);
    expect(db.$client.prepare("SELECT id FROM quotes ORDER BY id").all()).toEqual([{ id: other }, { id: unlinked }]);
    expect(count(db, "SELECT count(*) AS n FROM quote_lines")).toBe(2);
  });

  it("says not_found for a missing lead", () => {
    expect(eraseLead(memoryTenant(), 42, "u", NOW)).toEqual({ ok: false, reason: "not_found" });
  });
});

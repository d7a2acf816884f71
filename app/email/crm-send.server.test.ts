// Sends from the CRM: one lead (direct-send.server.ts) and a list selection (bulk-send.server.ts):
// the copy queued is the lead's own (variables, fallbacks, escaping, unsubscribe link), the
// exclusion rule is applied, and a second post of the same form queues nothing more.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import type { TenantDb } from "~/lib/tenant-db.server";
import { findLead } from "~/crm/lead.server";
import { BULK_SEND_MAX, listUrlOf, normaliseSelection, queueBulkEmail, selectedLeadIds } from "./bulk-send.server";
import { addLead, addTemplate, sendsOf } from "./crm-send.test-helpers";
import { findSendTemplate, previewForLead, queueLeadEmail } from "./direct-send.server";
import { suppressEmail } from "./recipients.server";

// A real tenant of the control DB (the queue marks its email work there); the leads live in memory.
let TENANT: string;
let db: TenantDb;
let templateId: number;

beforeAll(async () => {
  setupTestDb();
  TENANT = (await makeCoach("Céline Coach", "celine@example.fr")).tenant.id;
});
beforeEach(() => {
  db = memoryTenant();
  templateId = addTemplate(db);
});

const template = () => findSendTemplate(db, templateId)!;
const lead = (id: number) => findLead(db, id)!;

describe("queueLeadEmail (one lead)", () => {
  it("queues the lead's own marketing copy with its unsubscribe link, once per form token", () => {
    const id = addLead(db, { firstName: "Léa", lastName: "Martin", email: "Lea@Example.fr " });
    const first = queueLeadEmail(db, TENANT, lead(id), template(), "form-token-0000000001");
    expect(first).toEqual({ status: "queued", subject: "Une nouvelle pour vous, Léa" });
    const again = queueLeadEmail(db, TENANT, lead(id), template(), "form-token-0000000001");
    expect(again.status).toBe("duplicate");
    const rows = sendsOf(db);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ key: `lead-${id}-form-token-0000000001`, leadId: id, toEmail: "Lea@Example.fr", category: "marketing", templateId, status: "queued" });
    expect(row.html).toContain("Bonjour Léa");
    expect(row.text).toContain("Merci pour votre intérêt, Léa Martin.");
    // The unsubscribe link is left for the worker, which names this send row in it (and in the
    // List-Unsubscribe header); the preview's link goes nowhere (a real lead's copy, shown to the coach).
    expect(row.html).toContain("__COACH_OS_UNSUBSCRIBE_URL__");
    expect(row.text).toContain("__COACH_OS_UNSUBSCRIBE_URL__");
    const preview = previewForLead(db, lead(id), template()).copy!;
    expect(preview.html).toContain('href="#desinscription"');
    for (const copy of [preview.html, preview.text]) expect(copy).not.toMatch(/\/u\/|__COACH_OS_UNSUBSCRIBE_URL__/);
  });

  it("a new form (new token) is a new email; the preview is exactly what gets queued", () => {
    const id = addLead(db, { firstName: "Noé", email: "noe@example.fr" });
    const preview = previewForLead(db, lead(id), template());
    queueLeadEmail(db, TENANT, lead(id), template(), "form-token-0000000001");
    queueLeadEmail(db, TENANT, lead(id), template(), "form-token-0000000002");
    const rows = sendsOf(db);
    expect(rows.map((r) => r.key)).toEqual([`lead-${id}-form-token-0000000001`, `lead-${id}-form-token-0000000002`]);
    const linked = (s: string) => s.split("__COACH_OS_UNSUBSCRIBE_URL__").join("#desinscription");
    expect(preview.copy).toEqual({ subject: rows[0].subject, html: linked(rows[0].html), text: linked(rows[0].text) });
  });

  it("a first name with a line break reaches the queued subject on one line (one lead and bulk)", () => {
    const id = addLead(db, { firstName: "Léa\r\nBcc: victime@example.fr", email: "crlf@example.fr" });
    expect(queueLeadEmail(db, TENANT, lead(id), template(), "form-token-0000000001")).toMatchObject({ subject: "Une nouvelle pour vous, Léa Bcc: victime@example.fr" });
    queueBulkEmail(db, TENANT, template(), [id], "form-token-0000000002", { confirmed: 1 });
    expect(sendsOf(db).map((r) => r.subject)).toEqual(["Une nouvelle pour vous, Léa Bcc: victime@example.fr", "Une nouvelle pour vous, Léa Bcc: victime@example.fr"]);
  });

  it("fills a missing first name with the template's fallback and escapes values in the HTML", () => {
    const plain = addLead(db, { email: "anon@example.fr" });
    const tricky = addLead(db, { firstName: "<b>Zoé</b>", email: "zoe@example.fr" });
    queueLeadEmail(db, TENANT, lead(plain), template(), "form-token-0000000001");
    queueLeadEmail(db, TENANT, lead(tricky), template(), "form-token-0000000002");
    const [a, b] = sendsOf(db);
    expect(a.subject).toBe("Une nouvelle pour vous, cher contact");
    expect(b.html).toContain("&lt;b&gt;Zoé&lt;/b&gt;");
    expect(b.html).not.toContain("<b>Zoé</b>");
  });

  it.each([
    ["no_email", { email: null }],
    ["blacklisted", { email: "bl@example.fr", blacklisted: true }],
    ["unsubscribed", { email: "unsub@example.fr" }, "unsubscribed"],
    ["bounced", { email: "bounce@example.fr" }, "bounced"],
    ["complained", { email: "spam@example.fr" }, "complained"],
  ] as const)("refuses a lead excluded as %s and queues nothing", (reason, values, suppression?: "unsubscribed" | "bounced" | "complained") => {
    const id = addLead(db, { firstName: "X", ...values });
    if (suppression) suppressEmail(db, values.email!, suppression);
    expect(queueLeadEmail(db, TENANT, lead(id), template(), "form-token-0000000001")).toEqual({ status: "excluded", reason });
    expect(previewForLead(db, lead(id), template())).toEqual({ excluded: reason, copy: null });
    expect(sendsOf(db)).toHaveLength(0);
  });
});

describe("queueBulkEmail (a selection)", () => {
  it("queues one copy per reachable lead, explains the others by reason, and a second post queues nothing", () => {
    const ok1 = addLead(db, { firstName: "Ana", email: "ana@example.fr" });
    const ok2 = addLead(db, { firstName: "Bob", email: "bob@example.fr" });
    const none = addLead(db, { firstName: "Sans" });
    const bl = addLead(db, { firstName: "Noir", email: "noir@example.fr", blacklisted: true });
    const unsub = addLead(db, { firstName: "Parti", email: "parti@example.fr" });
    const bounced = addLead(db, { firstName: "Rebond", email: "rebond@example.fr" });
    suppressEmail(db, "parti@example.fr", "unsubscribed");
    suppressEmail(db, "rebond@example.fr", "bounced");
    const ids = [ok1, ok2, none, bl, unsub, bounced, 999_999 /* not in this tenant's file */];
    const r = queueBulkEmail(db, TENANT, template(), ids, "bulk-token-000000001", { confirmed: 2 });
    expect(r.added).toBe(2);
    expect(r.summary.map((s) => [s.reason, s.count]).sort()).toEqual([
      ["blacklisted", 1],
      ["bounced", 1],
      ["no_email", 1],
      ["unsubscribed", 1],
    ]);
    const rows = sendsOf(db);
    expect(rows.map((x) => x.key)).toEqual([`bulk-bulk-token-000000001-lead-${ok1}`, `bulk-bulk-token-000000001-lead-${ok2}`]);
    expect(rows.map((x) => x.subject)).toEqual(["Une nouvelle pour vous, Ana", "Une nouvelle pour vous, Bob"]);
    expect(queueBulkEmail(db, TENANT, template(), ids, "bulk-token-000000001", { confirmed: 2 }).added).toBe(0);
    expect(sendsOf(db)).toHaveLength(2);
  });

  it("queues nothing when the recipient count is no longer the one confirmed", () => {
    const ids = [addLead(db, { firstName: "Ana", email: "ana@example.fr" }), addLead(db, { firstName: "Bob", email: "bob@example.fr" })];
    suppressEmail(db, "bob@example.fr", "unsubscribed"); // since the preview
    for (const confirmed of [2, null, 0]) {
      expect(queueBulkEmail(db, TENANT, template(), ids, "bulk-token-000000003", { confirmed })).toMatchObject({ added: 0, changed: true });
    }
    expect(sendsOf(db)).toHaveLength(0);
    expect(queueBulkEmail(db, TENANT, template(), ids, "bulk-token-000000003", { confirmed: 1 })).toMatchObject({ added: 1, changed: false });
  });

  it("refuses a selection above BULK_SEND_MAX (a campaign's job) without queueing anything", () => {
    const insert = db.$client.prepare("INSERT INTO leads (email, status, created_at, created_day, updated_at) VALUES (?, 'new', 0, '2026-11-01', 0)");
    db.$client.transaction(() => {
      for (let i = 0; i <= BULK_SEND_MAX; i++) insert.run(`l${i}@example.fr`);
    })();
    const ids = selectedLeadIds(db, "scope=all");
    expect(ids).toHaveLength(BULK_SEND_MAX + 1);
    const r = queueBulkEmail(db, TENANT, template(), ids, "bulk-token-000000002", { confirmed: BULK_SEND_MAX + 1 });
    expect(r).toMatchObject({ added: 0, tooMany: true });
    expect(sendsOf(db)).toHaveLength(0);
  });

  it("reads the selection from the list's query: checked ids, or all the results of the filters", () => {
    const a = addLead(db, { firstName: "Ana", email: "ana@example.fr" });
    const b = addLead(db, { firstName: "Bob", email: "bob@example.fr" });
    db.$client.prepare("UPDATE leads SET status = 'qualified' WHERE id = ?").run(b);
    expect(selectedLeadIds(db, normaliseSelection(new URLSearchParams(`ids=${a},x,${b}`)))).toEqual([a, b]);
    const all = normaliseSelection(new URLSearchParams("scope=all&status=qualified&page=3"));
    expect(selectedLeadIds(db, all)).toEqual([b]);
    expect(listUrlOf(all)).toBe("/dashboard/leads?status=qualified");
  });
});

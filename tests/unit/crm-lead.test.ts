// The lead page and its resource routes: each coach sees and changes their own contacts only.
import { beforeAll, describe, expect, it } from "vitest";
import { args, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { upsertLeads } from "~/ingest/leads.server";
import { addNote } from "~/crm/notes.server";
import { createActivity } from "~/crm/activities.server";
import { isSuppressed } from "~/crm/suppressions.server";
import * as page from "~/routes/dashboard.leads.$leadId";
import * as gdpr from "~/routes/dashboard.leads.$leadId_.gdpr[.]json";
import * as erase from "~/routes/dashboard.leads.$leadId_.erase";

let a: SignedInCoach;
let b: SignedInCoach;
let aLead: number;
let bLead: number;
let bNote: number;
let bActivity: number;

const idOf = (db: TenantDb, ig: string) => (db.$client.prepare("SELECT id FROM leads WHERE instagram_id = ?").get(ig) as { id: number }).id;
const inA = <T,>(fn: (db: TenantDb) => T) => withTenantDb(a.tenant.id, fn);
const inB = <T,>(fn: (db: TenantDb) => T) => withTenantDb(b.tenant.id, fn);

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  aLead = await inA((db) => {
    upsertLeads(db, [{ instagramId: "ig_a1", firstName: "Alice", lastName: "Durand" }, { instagramId: "ig_a2", firstName: "Arthur" }]);
    return idOf(db, "ig_a1");
  });
  // B's ids are chosen beyond A's, so that "B's id" cannot also be one of A's rows.
  ({ bLead, bNote, bActivity } = await inB((db) => {
    upsertLeads(db, Array.from({ length: 5 }, (_, i) => ({ instagramId: `ig_b${i}`, firstName: `Bruno${i}`, lastName: "Secret" })));
    const id = idOf(db, "ig_b4");
    for (let i = 0; i < 4; i++) addNote(db, id, `note ${i}`);
    for (let i = 0; i < 4; i++) createActivity(db, id, { type: "call", priority: "high", state: "planned" });
    return {
      bLead: id,
      bNote: addNote(db, id, "Note de B"),
      bActivity: createActivity(db, id, { type: "email", priority: "low", state: "planned" }),
    };
  }));
});

const path = (id: number | string, tail = "") => `/dashboard/leads/${id}${tail}`;
const get = (coach: SignedInCoach, id: number | string) => settle(page.loader(args(request(path(id), { cookie: coach.cookie }), { leadId: String(id) })));
const post = (coach: SignedInCoach, id: number | string, form: Record<string, string>) =>
  settle(page.action(args(request(path(id), { cookie: coach.cookie, form }), { leadId: String(id) })));
const body = async (res: Response) => JSON.parse(await res.text());
const row = (db: TenantDb, sql: string, ...p: unknown[]) => db.$client.prepare(sql).get(...p) as Record<string, unknown>;

describe("/dashboard/leads/:leadId", () => {
  it("shows the coach's lead; a missing, malformed or other tenant's id is the same 404", async () => {
    const ok = await get(a, aLead);
    expect(ok.status).toBe(200);
    expect((await body(ok)).lead).toMatchObject({ name: "Alice Durand", status: "new" });
    const bodies = await Promise.all([get(a, bLead), get(a, 999999), get(a, "abc"), get(a, "1.5"), get(a, "0")].map(async (p) => {
      const r = await p;
      return `${r.status} ${await r.text()}`;
    }));
    expect(new Set(bodies)).toEqual(new Set(["404 Ce contact n'existe pas (ou plus)."]));
    expect((await get(b, bLead)).status).toBe(200);
  });

  it("keeps every value and names the field when the phone is invalid, then saves normalised values", async () => {
    const fields = { intent: "fields", firstName: "Alicia", lastName: "Durand", email: "ALICIA@Example.fr", phone: "123", dealValue: "1 250,50", age: "34", city: "Lyon" };
    const bad = await post(a, aLead, fields);
    expect(bad.status).toBe(400);
    const { result } = await body(bad);
    expect(result.error.phone[0]).toMatch(/Numéro de téléphone invalide/);
    expect(result.initialValue).toMatchObject({ firstName: "Alicia", dealValue: "1 250,50", city: "Lyon", phone: "123" });
    expect(await inA((db) => row(db, "SELECT first_name FROM leads WHERE id = ?", aLead))).toEqual({ first_name: "Alice" });

    const good = await post(a, aLead, { ...fields, phone: "06 12 34 56 78" });
    expect(good.status).toBe(302);
    expect(await inA((db) => row(db, "SELECT first_name, email, phone, deal_value_cents, age, city FROM leads WHERE id = ?", aLead))).toEqual({
      first_name: "Alicia", email: "alicia@example.fr", phone: "+33612345678", deal_value_cents: 125050, age: 34, city: "Lyon",
    });
  });

  it("refuses lost without a reason, then stores the reason", async () => {
    const res = await post(a, aLead, { intent: "status", status: "lost" });
    expect(res.status).toBe(400);
    expect((await body(res)).result.error.lostReason).toEqual(["Choisissez la raison de la perte."]);
    expect((await post(a, aLead, { intent: "status", status: "lost", lostReason: "Prix trop élevé" })).status).toBe(302);
    expect(await inA((db) => row(db, "SELECT status, lost_reason FROM leads WHERE id = ?", aLead))).toEqual({ status: "lost", lost_reason: "Prix trop élevé" });
  });

  it("creates exactly one client when two 'won' posts race, and links to it", async () => {
    const [r1, r2] = await Promise.all([post(a, aLead, { intent: "status", status: "won" }), post(a, aLead, { intent: "status", status: "won" })]);
    expect([r1.status, r2.status]).toEqual([302, 302]);
    const clients = await inA((db) => db.$client.prepare("SELECT id, lead_id FROM clients").all() as { id: number; lead_id: number }[]);
    expect(clients).toHaveLength(1);
    expect(clients[0].lead_id).toBe(aLead);
    const data = await body(await get(a, aLead));
    expect(data.clientId).toBe(clients[0].id);
    expect(data.lead).toMatchObject({ status: "won", score: 100, lostReason: null });
    expect(await inB((db) => row(db, "SELECT count(*) AS n FROM clients"))).toEqual({ n: 0 });
  });

  it("adds and removes tags through leads.tags (lead_tags follows), overrides and clears the score", async () => {
    await post(a, aLead, { intent: "add-tag", tag: "VIP" });
    await post(a, aLead, { intent: "add-tag", tag: "Paris" });
    await post(a, aLead, { intent: "remove-tag", tag: "VIP" });
    expect(await inA((db) => db.$client.prepare("SELECT tag FROM lead_tags WHERE lead_id = ?").all(aLead))).toEqual([{ tag: "Paris" }]);
    expect((await post(a, aLead, { intent: "score", scoreOverride: "150" })).status).toBe(400);
    await post(a, aLead, { intent: "score", scoreOverride: "42" });
    expect(await inA((db) => row(db, "SELECT score, score_override FROM leads WHERE id = ?", aLead))).toEqual({ score: 42, score_override: 42 });
    await post(a, aLead, { intent: "clear-score" });
    expect(await inA((db) => row(db, "SELECT score, score_override FROM leads WHERE id = ?", aLead))).toEqual({ score: 100, score_override: null });
  });

  it("blacklists (hashed identifiers suppressed, page says so) and lifts it", async () => {
    await post(a, aLead, { intent: "blacklist" });
    expect(await inA((db) => isSuppressed(db, { email: "alicia@example.fr" }))).toBe(true);
    expect((await body(await get(a, aLead))).lead.blacklisted).toBe(true);
    await post(a, aLead, { intent: "unblacklist" });
    expect(await inA((db) => isSuppressed(db, { email: "alicia@example.fr", instagramId: "ig_a1" }))).toBe(false);
    await post(a, aLead, { intent: "consent", consent: "on" });
    expect(await inA((db) => row(db, "SELECT consent FROM leads WHERE id = ?", aLead))).toEqual({ consent: 1 });
  });

  it("puts notes, activities and status changes on one timeline; another tenant's note or activity ids are 404 and change nothing", async () => {
    expect((await post(a, aLead, { intent: "add-note", body: "" })).status).toBe(400);
    await post(a, aLead, { intent: "add-note", body: "Rappeler lundi" });
    const bad = await post(a, aLead, { intent: "add-activity", type: "call", priority: "urgent", durationMinutes: "30", details: "garder ceci" });
    expect(bad.status).toBe(400);
    expect((await body(bad)).result.initialValue).toMatchObject({ details: "garder ceci", durationMinutes: "30" });
    await post(a, aLead, { intent: "add-activity", type: "video_call", priority: "high", state: "planned", dueDate: "2026-12-01", dueTime: "18:00", durationMinutes: "45", details: "Visio" });
    const { timeline } = await body(await get(a, aLead));
    const kinds = timeline.map((i: { kind: string }) => i.kind);
    expect(kinds).toContain("note");
    expect(kinds).toContain("status");
    const activity = timeline.find((i: { kind: string }) => i.kind === "activity");
    expect(activity).toMatchObject({ type: "video_call", dueAt: Date.parse("2026-12-01T17:00:00Z"), durationMinutes: 45, state: "planned" });
    expect((await post(a, aLead, { intent: "activity-state", activityId: String(activity.id), state: "done" })).status).toBe(302);

    expect((await post(a, aLead, { intent: "delete-note", noteId: String(bNote) })).status).toBe(404);
    expect((await post(a, aLead, { intent: "activity-state", activityId: String(bActivity), state: "cancelled" })).status).toBe(404);
    expect((await post(a, bLead, { intent: "add-note", body: "intrusion" })).status).toBe(404);
    expect((await post(a, bLead, { intent: "status", status: "won" })).status).toBe(404);
    expect(await inB((db) => row(db, "SELECT (SELECT count(*) FROM notes) AS notes, (SELECT state FROM activities WHERE id = ?) AS state, (SELECT status FROM leads WHERE id = ?) AS status", bActivity, bLead))).toEqual({
      notes: 5, state: "planned", status: "new",
    });
  });
});

describe("GDPR routes", () => {
  it("downloads everything held about the contact as an attachment; another tenant's lead is 404", async () => {
    const res = await settle(gdpr.loader(args(request(path(aLead, "/gdpr.json"), { cookie: a.cookie }), { leadId: String(aLead) })));
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="contact-\d+-donnees\.json"$/);
    const data = await body(res);
    for (const key of ["lead", "tags", "messages", "messageSequence", "notes", "activities", "statusChanges", "importChanges", "client", "coachingSessions", "quotes", "quoteLines", "invoices", "creditNotes", "invoiceLines", "payments"]) expect(data).toHaveProperty(key);
    expect(data.client.lead_id).toBe(aLead);
    const other = await settle(gdpr.loader(args(request(path(bLead, "/gdpr.json"), { cookie: a.cookie }), { leadId: String(bLead) })));
    expect([other.status, await other.text()]).toEqual([404, "Ce contact n'existe pas (ou plus)."]);
    // Audited in A's file (by A's coach), nothing in B's for the refused attempt.
    expect(await inA((db) => row(db, "SELECT count(*) AS n, max(actor_user_id) AS actor FROM audit_events WHERE action = 'lead.access_export'"))).toEqual({ n: 1, actor: a.user.id });
    expect(await inB((db) => row(db, "SELECT count(*) AS n FROM audit_events"))).toEqual({ n: 0 });
  });

  it("erases only after SUPPRIMER is typed, never another tenant's contact", async () => {
    const eraseAs = (coach: SignedInCoach, id: number, confirm: string) =>
      settle(erase.action(args(request(path(id, "/erase"), { cookie: coach.cookie, form: { confirm } }), { leadId: String(id) })));
    expect((await eraseAs(a, aLead, "supprimer")).status).toBe(400);
    expect((await eraseAs(a, bLead, "SUPPRIMER")).status).toBe(404);
    expect(await inB((db) => row(db, "SELECT first_name FROM leads WHERE id = ?", bLead))).toEqual({ first_name: "Bruno4" });
    const done = await eraseAs(a, aLead, "SUPPRIMER");
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/dashboard/leads");
    expect((await get(a, aLead)).status).toBe(404);
    expect(await inA((db) => row(db, "SELECT (SELECT count(*) FROM clients) AS clients, (SELECT action FROM audit_events WHERE action = 'lead.erase') AS action, (SELECT actor_user_id FROM audit_events WHERE action = 'lead.erase') AS actor", ))).toEqual({ clients: 0, action: "lead.erase", actor: a.user.id });
  });

  it("refuses to erase a client with issued invoices, saying why", async () => {
    const id = await inA((db) => idOf(db, "ig_a2"));
    await post(a, id, { intent: "status", status: "won" });
    await inA((db) =>
      db.$client
        .prepare("INSERT INTO invoices (client_id, state, number, series, sequence, vat_regime, created_at, updated_at) SELECT id, 'issued', '2026-0001', '2026', 1, 'franchise', 0, 0 FROM clients WHERE lead_id = ?")
        .run(id),
    );
    const res = await settle(erase.action(args(request(path(id, "/erase"), { cookie: a.cookie, form: { confirm: "SUPPRIMER" } }), { leadId: String(id) })));
    expect(res.status).toBe(409);
    expect((await body(res)).refused).toMatch(/conserver les pièces comptables .* 10 ans/);
    expect((await get(a, id)).status).toBe(200);
  });
});

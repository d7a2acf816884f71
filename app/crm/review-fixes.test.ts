// Defects found in review of the CRM, each pinned by a test.
import { describe, expect, it } from "vitest";
import { parseLeadFilters } from "./lead-filters.server";
import { listLeads } from "./leads-list.server";
import { loadPipeline, moveLead } from "./pipeline.server";
import { memoryTenant } from "./test-tenant.test-helpers";

function tenantWithLead(status = "qualified") {
  const db = memoryTenant();
  db.$client
    .prepare("INSERT INTO leads (instagram_id, first_name, last_name, status, lost_reason, created_at, created_day, updated_at) VALUES ('ig1', 'Ana', 'Bel', ?, ?, 0, '2026-01-01', 0)")
    .run(status, status === "lost" ? "Prix trop élevé" : null);
  return db;
}

describe("CRM review fixes", () => {
  it("survives control characters in the search box (a NUL broke the FTS phrase: 500)", () => {
    const db = tenantWithLead();
    const filters = parseLeadFilters(new URLSearchParams("q=%00ana\u0007"));
    expect(listLeads(db.$client, filters).total).toBe(1);
    expect(() => loadPipeline(db.$client, filters)).not.toThrow();
  });

  it("creates the client when the pipeline moves a card to won", () => {
    const db = tenantWithLead();
    expect(moveLead(db.$client, 1, "won")).toBe("moved");
    expect(db.$client.prepare("SELECT count(*) AS n FROM clients WHERE lead_id = 1").get()).toEqual({ n: 1 });
  });

  it("drops the loss reason when a lead leaves lost", () => {
    const db = tenantWithLead("lost");
    moveLead(db.$client, 1, "follow_up");
    expect(db.$client.prepare("SELECT lost_reason FROM leads WHERE id = 1").get()).toEqual({ lost_reason: null });
  });
});

describe("a coach's file locked by another writer", () => {
  it("answers 503 'occupé' after a short wait instead of freezing the server", async () => {
    const { makeCoach, cookieFor, request, args, settle, setupTestDb } = await import("../../tests/helpers");
    const { getEnv } = await import("~/env.server");
    const path = await import("node:path");
    const Database = (await import("better-sqlite3")).default;
    const lead = await import("~/routes/dashboard.leads.$leadId");
    setupTestDb();
    const { tenant, user } = await makeCoach("Busy Coach", "busy@example.fr");
    const cookie = await cookieFor(user);
    const other = new Database(path.join(getEnv().TENANTS_DIR, `${tenant.id}.sqlite`));
    const leadId = Number(other.prepare("INSERT INTO leads (instagram_id, created_at, created_day, updated_at) VALUES ('ig_busy', 0, '2026-01-01', 0)").run().lastInsertRowid);
    other.exec("BEGIN IMMEDIATE"); // like an import's worker
    try {
      const started = performance.now();
      const res = await settle(lead.action(args(request(`/dashboard/leads/${leadId}`, { cookie, form: { intent: "add-note", body: "Rappeler lundi" } }), { leadId: String(leadId) })));
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/occupé/);
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { describe, expect, it } from "vitest";
import * as schema from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { upsertLeads } from "~/ingest/leads.server";
import { memoryTenant } from "./test-tenant.test-helpers";
import { clientOfLead, markLost, markWon } from "./won-lost.server";

const NOW = new Date("2026-11-20T10:00:00Z");

function leadIn(db: TenantDb, instagramId = "ig_won") {
  upsertLeads(db, [{ instagramId, firstName: "Léa", lastName: "Martin", email: "lea@example.fr" }], NOW);
  return (db.$client.prepare("SELECT id FROM leads WHERE instagram_id = ?").get(instagramId) as { id: number }).id;
}

describe("markWon", () => {
  it("creates the client once, linked to the lead, and records the status change", () => {
    const db = memoryTenant();
    const id = leadIn(db);
    const first = markWon(db, id, NOW);
    const second = markWon(db, id, new Date(NOW.getTime() + 1000));
    expect(first.created).toBe(true);
    expect(second).toEqual({ clientId: first.clientId, created: false });
    expect(db.$client.prepare("SELECT lead_id, first_name, last_name, email FROM clients").all()).toEqual([
      { lead_id: id, first_name: "Léa", last_name: "Martin", email: "lea@example.fr" },
    ]);
    expect(clientOfLead(db, id)).toBe(first.clientId);
    const row = db.$client.prepare("SELECT status, score FROM leads WHERE id = ?").get(id);
    expect(row).toEqual({ status: "won", score: 100 });
    expect(db.$client.prepare("SELECT to_status FROM lead_status_changes WHERE lead_id = ? ORDER BY id").all(id)).toEqual([{ to_status: "new" }, { to_status: "won" }]);
  });

  it("makes one client when two connections to the same file race", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "won-")), "t.sqlite");
    const a = memoryTenant(file);
    a.$client.pragma("journal_mode = WAL");
    const id = leadIn(a);
    const bSqlite = new Database(file);
    bSqlite.pragma("busy_timeout = 5000");
    const b = drizzle(bSqlite, { schema }) as TenantDb;
    const results = await Promise.all([Promise.resolve().then(() => markWon(a, id, NOW)), Promise.resolve().then(() => markWon(b, id, NOW))]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0].clientId).toBe(results[1].clientId);
    expect((a.$client.prepare("SELECT count(*) AS n FROM clients").get() as { n: number }).n).toBe(1);
  });
});

describe("markLost", () => {
  it("stores the seed's reason in lost_reason and the free text as a note", () => {
    const db = memoryTenant();
    const id = leadIn(db);
    markLost(db, id, "Autre", "Part à l'étranger", NOW);
    expect(db.$client.prepare("SELECT status, lost_reason, score FROM leads WHERE id = ?").get(id)).toEqual({ status: "lost", lost_reason: "Autre", score: 0 });
    expect(db.$client.prepare("SELECT body FROM notes WHERE lead_id = ?").all(id)).toEqual([{ body: "Perdu (Autre) : Part à l'étranger" }]);
  });
});

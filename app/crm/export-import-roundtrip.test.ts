// The promise: exporting the leads then importing that very file creates nothing new and
// updates nothing — with the real export (not a hand-made copy of its format).
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "~/lib/migrations.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { leadsCsvStream } from "./export-csv.server";
import { createDraft } from "./import/imports.server";
import { runImport } from "./import/run.server";
import { leadQuery, parseLeadFilters } from "./lead-filters.server";
import { refreshAllScores } from "./score.server";

async function exportAll(sqlite: Database.Database, delimiter: ";" | ",") {
  const chunks: Buffer[] = [];
  for await (const chunk of leadsCsvStream(sqlite, leadQuery(sqlite, parseLeadFilters(new URLSearchParams())), { delimiter })) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

describe("export then re-import", () => {
  it.each([";", ","] as const)("creates and updates nothing (delimiter %s)", async (delimiter) => {
    const sqlite = new Database(":memory:");
    applyMigrations(sqlite, "tenant");
    const db = { $client: sqlite } as TenantDb;
    const insert = sqlite.prepare(`INSERT INTO leads (instagram_id, username, first_name, last_name, email, phone, company, job_title, city, source,
      status, tags, deal_value_cents, score_override, last_contact_at, created_at, created_day, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1767225600000, '2026-01-01', 1767225600000)`);
    insert.run("1784", "helene.d", "Hélène", "Dupont-Œuvray", "helene@cabinet.fr", "+33612345678", "=SUM(A1)", "Avocate", "Paris", "story", "qualified", '["avocat","vip"]', 125050, null, 1767312000000);
    insert.run("1785", "bob", "Bob", "L'Éclair", "bob@exemple.fr", "+33622334455", "-Moins; Plus", "Chef d'entreprise", "Lyon", "post", "won", "[]", 300000, 80, null);
    insert.run("1786", null, "Zoé", null, "zoe@exemple.fr", null, '@Groupe "Zen"', null, null, null, "follow_up", '["à relancer"]', null, null, 1767398400000);
    refreshAllScores(sqlite, new Date("2026-11-22T12:00:00Z"));
    const before = JSON.stringify(sqlite.prepare("SELECT * FROM leads ORDER BY id").all());

    const file = await exportAll(sqlite, delimiter);
    const id = createDraft(db, "export.csv", file);
    sqlite.prepare("UPDATE imports SET status = 'running', options = ? WHERE id = ?").run(JSON.stringify({ dedupeKey: "email", onDuplicate: "update", tags: [] }), id);
    const report = runImport(sqlite, id);
    expect(report).toMatchObject({ created: 0, updated: 0, rejected: 0, unchanged: 3 });
    expect(JSON.stringify(sqlite.prepare("SELECT * FROM leads ORDER BY id").all())).toBe(before);
  });
});

// Import with on-duplicate=update into a tenant of `existing` leads: a file updating the first
// `updates` of them (every indexed column changed) plus `creations` new rows; ms per row, then
// the search index's integrity check (with the content table).
// `flock /tmp/coach-os-heavy.lock npx tsx bench/import-update.ts [existing] [updates] [creations]`
import Database from "better-sqlite3";
import { applyMigrations } from "~/lib/migrations.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { createDraft } from "~/crm/import/imports.server";
import { runImport } from "~/crm/import/run.server";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
const N = Number(process.argv[2] ?? 20000);
const U = Number(process.argv[3] ?? N);
const C = Number(process.argv[4] ?? 0); // extra new rows in the update file
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-update-"));
const file = path.join(dir, "tenant.sqlite");
const sqlite = new Database(file);
sqlite.pragma("journal_mode = WAL");
applyMigrations(sqlite, "tenant");
const db = { $client: sqlite } as TenantDb;
function draft(csv: string, options: Record<string, unknown>) {
  const id = createDraft(db, "c.csv", Buffer.from(csv));
  sqlite.prepare("UPDATE imports SET status = 'running', options = ? WHERE id = ?").run(JSON.stringify({ dedupeKey: "email", onDuplicate: "skip", tags: [], ...options }), id);
  return id;
}
const head = "prénom;nom;email;téléphone;entreprise;statut;tags\n";
let csv = head;
for (let i = 0; i < N; i++) csv += `Prenom${i};Nom${i};lead${i}@exemple.fr;06${String(10000000 + i).slice(-8)};Societe ${i};Nouveau;vip\n`;
let t = performance.now();
runImport(sqlite, draft(csv, {}));
const create = performance.now() - t;
csv = head;
for (let i = 0; i < U + C; i++) csv += `Prenoma${i};Nomb${i};lead${i}@exemple.fr;06${String(10000000 + i).slice(-8)};Entreprise ${i};${i % 3 ? "Qualifié" : "Nouveau"};vip,chaud\n`;
t = performance.now();
const r = runImport(sqlite, draft(csv, { onDuplicate: "update" }));
console.log(`update file: ${U} updates + ${C} creations: ${(performance.now() - t).toFixed(0)} ms`);
const upd = performance.now() - t;
console.log(JSON.stringify(r));
console.log(`create ${N}: ${(create / N).toFixed(3)} ms/row; update ${U}: ${upd.toFixed(0)} ms, ${(upd / U).toFixed(3)} ms/updated row`);
sqlite.exec("INSERT INTO leads_fts(leads_fts) VALUES('integrity-check'); INSERT INTO leads_fts(leads_fts, rank) VALUES('integrity-check', 1)");
console.log("integrity-check ok");
sqlite.close();
fs.rmSync(dir, { recursive: true });

import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { stringify } from "csv-stringify/sync";
import iconv from "iconv-lite";
import { beforeEach, describe, expect, it } from "vitest";
import { applyMigrations } from "~/lib/migrations.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { suppress } from "../suppressions.server";
import { createDraft, getImport, lastUndoableId, previewRows, undoImport } from "./imports.server";
import { ImportAbort, runImport } from "./run.server";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../../db/tenant.schema";
import { aggregateTenant } from "~/kpis/aggregate.server";

let sqlite: Database.Database;
let db: TenantDb;

beforeEach(() => {
  sqlite = new Database(":memory:");
  applyMigrations(sqlite, "tenant");
  db = { $client: sqlite } as TenantDb;
});

/** A draft made ready to run with the given options (what the form's steps do). */
function draft(csv: string | Buffer, options: Record<string, unknown> = {}) {
  const id = createDraft(db, "contacts.csv", typeof csv === "string" ? Buffer.from(csv) : csv);
  sqlite.prepare("UPDATE imports SET status = 'running', options = ? WHERE id = ?").run(JSON.stringify({ dedupeKey: "email", onDuplicate: "skip", tags: [], ...options }), id);
  return id;
}

const leadsCount = () => (sqlite.prepare("SELECT count(*) AS n FROM leads").get() as { n: number }).n;
const lead = (email: string) => sqlite.prepare("SELECT * FROM leads WHERE email = ?").get(email) as Record<string, unknown>;

const BASE = "prénom;nom;email;téléphone;statut;tags\nAna;Bel;ana@exemple.fr;0612345678;Nouveau;vip\nBob;Cat;bob@exemple.fr;0622334455;Qualifié;\n";

describe("runImport", () => {
  it("creates leads, records the changes and the report", () => {
    const id = draft(BASE + "Cléo;Dan;cleo@exemple;;;\nDora;Eng;;;Gagné;\n", { tags: ["salon"] });
    const progress: number[] = [];
    const report = runImport(sqlite, id, (p) => progress.push(p.processed));
    expect(report).toMatchObject({ created: 2, updated: 0, skipped: 0, rejected: 2, total: 4 });
    expect(progress.at(-1)).toBe(4);
    expect(lead("ana@exemple.fr")).toMatchObject({ first_name: "Ana", phone: "+33612345678", status: "new", tags: JSON.stringify(["vip", "salon"]) });
    expect(lead("bob@exemple.fr")).toMatchObject({ status: "qualified", score: 35 });
    const imp = getImport(db, id)!;
    expect(imp).toMatchObject({ status: "done", created: 2, rejected: 2, hasRejectedCsv: true });
    expect((sqlite.prepare("SELECT source FROM imports WHERE id = ?").get(id) as { source: unknown }).source).toBeNull();
    const csv = (sqlite.prepare("SELECT rejected_csv AS csv FROM imports WHERE id = ?").get(id) as { csv: string }).csv;
    expect(csv.split("\r\n")[0]).toBe("prénom;nom;email;téléphone;statut;tags;ligne;motif du rejet");
    expect(csv).toContain("Cléo;Dan;cleo@exemple;;;;4;Email : adresse email invalide");
    expect(csv).toContain("Dora;Eng;;;Gagné;;5;ni email, ni téléphone");
    expect((sqlite.prepare("SELECT count(*) AS n FROM import_changes WHERE import_id = ? AND action = 'created'").get(id) as { n: number }).n).toBe(2);
  });

  it("skips duplicates (by email, also within the file) with on-duplicate=skip", () => {
    runImport(sqlite, draft(BASE));
    const report = runImport(sqlite, draft(BASE + "Ana2;Bel2;ANA@exemple.fr;;;\nEve;Fox;eve@exemple.fr;;;\nEve;Again;eve@exemple.fr;;;\n"));
    expect(report).toMatchObject({ created: 1, skipped: 4, updated: 0 });
    expect(lead("ana@exemple.fr").first_name).toBe("Ana");
    expect(leadsCount()).toBe(3);
  });

  it("updates duplicates by phone with on-duplicate=update, keeping tags and the stored values of empty cells", () => {
    runImport(sqlite, draft(BASE));
    const report = runImport(sqlite, draft("téléphone;entreprise;tags\n+33 6 12 34 56 78;Atelier Ana;chaud\n06 22 33 44 55;;\n", { dedupeKey: "phone", onDuplicate: "update" }));
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(lead("ana@exemple.fr")).toMatchObject({ company: "Atelier Ana", first_name: "Ana", tags: JSON.stringify(["vip", "chaud"]) });
  });

  it("rejects a contact that was erased or blacklisted", () => {
    suppress(db, { email: "bob@exemple.fr" }, "erased");
    const report = runImport(sqlite, draft(BASE));
    expect(report).toMatchObject({ created: 1, rejected: 1 });
    expect((sqlite.prepare("SELECT rejected_csv AS csv FROM imports").get() as { csv: string }).csv).toContain("contact supprimé/blacklisté");
  });

  it("round trip: re-importing the CRM's export (;, BOM, CRLF, ' guard) with update creates and updates nothing", () => {
    runImport(sqlite, draft("prénom;nom;email;téléphone;entreprise;statut;instagram;tags;score\nAna;Bel;ana@exemple.fr;0612345678;=Cœur;Qualifié;ana.ig;vip,chaud;\nBob;;bob@exemple.fr;;;;;;70\n"));
    const rows = sqlite.prepare("SELECT * FROM leads ORDER BY id").all() as Record<string, string | number | null>[];
    const guard = (v: string | number | null) => (typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ""));
    const exported =
      "\ufeff" +
      stringify(
        [
          ["prénom", "nom", "email", "téléphone", "entreprise", "poste", "ville", "source", "statut", "instagram", "tags", "score"],
          ...rows.map((r) =>
            [r.first_name, r.last_name, r.email, r.phone, r.company, r.job_title, r.city, r.source, r.status === "qualified" ? "Qualifié" : r.status, r.instagram_id, (JSON.parse(r.tags as string) as string[]).join(", "), r.score].map(guard),
          ),
        ],
        { delimiter: ";", record_delimiter: "\r\n" },
      );
    expect(exported).toContain("'=Cœur;");
    expect(exported).toContain("'+33612345678");
    const before = JSON.stringify(rows);
    const report = runImport(sqlite, draft(exported, { onDuplicate: "update" }));
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(JSON.stringify(sqlite.prepare("SELECT * FROM leads ORDER BY id").all())).toBe(before);
  });

  it("is all-or-none: a failure mid-import leaves no lead and no change behind", () => {
    runImport(sqlite, draft(BASE));
    const before = JSON.stringify(sqlite.prepare("SELECT * FROM leads ORDER BY id").all());
    const id = draft(BASE.replace("Bel", "Belle") + "Eve;Fox;eve@exemple.fr;;;\nFay;Gil;fay@exemple.fr;;;\n", { onDuplicate: "update" });
    expect(() =>
      runImport(sqlite, id, undefined, {
        afterRow: (n) => {
          if (n === 4) throw new Error("disk full");
        },
      }),
    ).toThrow("disk full");
    expect(JSON.stringify(sqlite.prepare("SELECT * FROM leads ORDER BY id").all())).toBe(before);
    expect((sqlite.prepare("SELECT count(*) AS n FROM import_changes WHERE import_id = ?").get(id) as { n: number }).n).toBe(0);
    expect(getImport(db, id)!.status).toBe("running"); // the worker's caller marks it failed
  });

  it("an import marked failed meanwhile (an orphan, by another page) never flips to done and writes nothing", () => {
    const id = draft(BASE);
    // Marked failed as orphaned between the worker's start and its transaction.
    sqlite.prepare("UPDATE imports SET status = 'failed', error = 'interrompu' WHERE id = ?").run(id);
    expect(() => runImport(sqlite, id)).toThrow(ImportAbort);
    expect(getImport(db, id)).toMatchObject({ status: "failed", error: "interrompu" });
    expect(leadsCount()).toBe(0);
  });

  it("imports the fixtures: French Excel (cp1252), Google Contacts, UTF-16, quoted multi-line, ragged rows", () => {
    const fixture = (name: string) => fs.readFileSync(path.resolve("tests/fixtures/csv", name));
    expect(runImport(sqlite, draft(fixture("excel-fr-cp1252.csv")))).toMatchObject({ created: 3, rejected: 0 });
    expect(lead("eloise.lefevre@exemple.fr")).toMatchObject({ company: "Cœur & Corps", status: "qualified", deal_value_cents: 125050, tags: JSON.stringify(["vip", "œnologie"]) });
    expect(lead("helene@exemple.fr")).toMatchObject({ status: "won", tags: JSON.stringify(["client", "€ premium"]), created_day: "2024-06-01" });
    const google = runImport(sqlite, draft(fixture("google-contacts.csv")));
    expect(google).toMatchObject({ created: 2, rejected: 1 });
    expect(lead("zoe.martin@example.fr")).toMatchObject({ first_name: "Zoé", last_name: "Martin", phone: "+33698765432", company: "Atelier Zoé", job_title: "Fondatrice", city: "Lyon" });
    expect(runImport(sqlite, draft(fixture("utf16le-bom.csv")))).toMatchObject({ created: 2 });
    expect(lead("anais@exemple.fr")).toMatchObject({ last_name: "Nœl", city: "Saint-Étienne" });
    expect(runImport(sqlite, draft(fixture("quoted-multiline.csv")))).toMatchObject({ created: 2 });
    expect(lead("marie@exemple.fr")).toMatchObject({ company: 'Institut "Radium", Paris', job_title: "Chercheuse\net directrice" });
    expect(runImport(sqlite, draft(fixture("ragged.csv")))).toMatchObject({ created: 2, rejected: 2 });
    expect((sqlite.prepare("SELECT rejected_csv AS csv FROM imports ORDER BY id DESC").get() as { csv: string }).csv).toContain("nombre de colonnes incorrect (2 au lieu de 3)");
  });

  it("imports the French Excel fixture's shape: cp1252 bytes, French amounts and dates", () => {
    const bytes = iconv.encode("Prénom;Nom;E-mail;Valeur;Date de création\nHélène;Œuvre;h@exemple.fr;1 250,50 €;03/02/2025\n", "win1252");
    runImport(sqlite, draft(bytes));
    expect(lead("h@exemple.fr")).toMatchObject({ first_name: "Hélène", last_name: "Œuvre", deal_value_cents: 125050, created_day: "2025-02-03" });
  });
});

describe("preview and import read the file the same way", () => {
  it("a stray quote inside a field: the same rows and the same errors in the preview and the import", () => {
    const csv = 'prénom;nom;email;entreprise\nJean "Jeannot";Dupont;jean@exemple.fr;Écran 27"\nAnne;O"Neil;anne@exemple;Atelier\nLéa;Roy;lea@exemple.fr;"Cœur ""&"" Co"\n';
    const id = createDraft(db, "quotes.csv", Buffer.from(csv));
    const preview = previewRows(db, getImport(db, id)!);
    expect(preview.rows.map((r) => r.cells)).toEqual([
      ['Jean "Jeannot"', "Dupont", "jean@exemple.fr", 'Écran 27"'],
      ["Anne", 'O"Neil', "anne@exemple", "Atelier"],
      ["Léa", "Roy", "lea@exemple.fr", 'Cœur "&" Co'],
    ]);
    sqlite.prepare("UPDATE imports SET status = 'running', options = ? WHERE id = ?").run(JSON.stringify({ dedupeKey: "email", onDuplicate: "skip", tags: [] }), id);
    expect(runImport(sqlite, id)).toMatchObject({ created: 2, rejected: 1 });
    for (const row of preview.rows.filter((r) => !r.reason)) {
      expect(lead(row.cells[2])).toMatchObject({ first_name: row.cells[0], last_name: row.cells[1], company: row.cells[3] });
    }
    const rejected = (sqlite.prepare("SELECT rejected_csv AS csv FROM imports WHERE id = ?").get(id) as { csv: string }).csv;
    const previewErrors = preview.rows.filter((r) => r.reason).map((r) => `${r.line};${r.reason}`);
    expect(previewErrors).toEqual(["3;Email : adresse email invalide"]);
    expect(rejected).toContain(`"O""Neil";anne@exemple;Atelier;${previewErrors[0]}`);
  });
});

describe("won and lost rows close the lead as the lead page does", () => {
  const clientsOf = (email: string) => sqlite.prepare("SELECT c.* FROM clients c JOIN leads l ON l.id = c.lead_id WHERE l.email = ?").all(email) as Record<string, unknown>[];
  const notesOf = (email: string) => sqlite.prepare("SELECT n.body FROM notes n JOIN leads l ON l.id = n.lead_id WHERE l.email = ?").pluck().all(email);

  it("a won row gets one client linked to its lead; a lost row gets the reason Autre and the note Import CSV", () => {
    runImport(sqlite, draft("prénom;nom;email;statut\nAna;Bel;ana@exemple.fr;Gagné\nBob;Cat;bob@exemple.fr;Perdu\nCléo;Dan;cleo@exemple.fr;Qualifié\n"));
    expect(clientsOf("ana@exemple.fr")).toMatchObject([{ first_name: "Ana", last_name: "Bel", email: "ana@exemple.fr" }]);
    expect(lead("ana@exemple.fr")).toMatchObject({ status: "won", lost_reason: null });
    expect(lead("bob@exemple.fr")).toMatchObject({ status: "lost", lost_reason: "Autre" });
    expect(notesOf("bob@exemple.fr")).toEqual(["Perdu (Autre) : Import CSV"]);
    expect(clientsOf("bob@exemple.fr")).toEqual([]);
    expect(clientsOf("cleo@exemple.fr")).toEqual([]);
    expect((sqlite.prepare("SELECT count(*) AS n FROM clients").get() as { n: number }).n).toBe(1);
  });

  it("an update to won of a lead that already has a client makes no second client; one without gets its client", () => {
    runImport(sqlite, draft(BASE));
    const ana = lead("ana@exemple.fr").id as number;
    sqlite.prepare("INSERT INTO clients (lead_id, first_name, last_name, created_at, updated_at) VALUES (?, 'Ana', 'Bel', 1, 1)").run(ana);
    const report = runImport(sqlite, draft("email;statut\nana@exemple.fr;Gagné\nbob@exemple.fr;Client\n", { onDuplicate: "update" }));
    expect(report).toMatchObject({ updated: 2, created: 0 });
    expect(clientsOf("ana@exemple.fr")).toHaveLength(1);
    expect(clientsOf("ana@exemple.fr")[0]).toMatchObject({ created_at: 1 });
    expect(clientsOf("bob@exemple.fr")).toHaveLength(1);
    // The same file again: unchanged rows, still one client each.
    runImport(sqlite, draft("email;statut\nana@exemple.fr;Gagné\nbob@exemple.fr;Client\n", { onDuplicate: "update" }));
    expect((sqlite.prepare("SELECT count(*) AS n FROM clients").get() as { n: number }).n).toBe(2);
  });
});

describe("runImport and the search index", () => {
  it("indexes the imported leads for search (filled after the rows) and leaves the per-row trigger as it was", () => {
    const trigger = () => (sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'leads_fts_insert'").get() as { sql: string }).sql;
    const before = trigger();
    runImport(sqlite, draft(BASE + "Cléo;Dan;cleo@exemple.fr;;;\n"));
    expect(trigger()).toBe(before);
    const find = (q: string) => sqlite.prepare("SELECT l.email FROM leads_fts f JOIN leads l ON l.id = f.rowid WHERE leads_fts MATCH ? ORDER BY l.id").pluck().all(`"${q}"`);
    expect(find("cleo@exem")).toEqual(["cleo@exemple.fr"]);
    expect(find("Bel")).toEqual(["ana@exemple.fr"]);
    // A lead written after the import is indexed by the trigger again.
    sqlite.prepare("INSERT INTO leads (first_name, email, tags, created_at, created_day, updated_at) VALUES ('Zacharie', 'z@exemple.fr', '[]', 0, '2026-01-01', 0)").run();
    expect(find("Zachar")).toEqual(["z@exemple.fr"]);
    // Throws SQLITE_CORRUPT_VTAB when the index and the leads differ.
    expect(() => sqlite.prepare("INSERT INTO leads_fts (leads_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
  });

  const integrity = () => sqlite.prepare("INSERT INTO leads_fts (leads_fts, rank) VALUES ('integrity-check', 1)").run();
  const find = (q: string) => sqlite.prepare("SELECT l.email FROM leads_fts f JOIN leads l ON l.id = f.rowid WHERE leads_fts MATCH ? ORDER BY l.id").pluck().all(`"${q}"`);

  it.each([
    ["email", "prénom;nom;email;entreprise\nAna;Bel;ana@x.fr;Alpha\nAna;Bel;ana@x.fr;Bravo\n"],
    ["phone", "prénom;nom;téléphone;email;entreprise\nAna;Bel;0698765432;ana@x.fr;Alpha\nAna;Bel;06 98 76 54 32;;Bravo\n"],
    ["instagram", "prénom;nom;instagram;email;entreprise\nAna;Bel;ana.ig;ana@x.fr;Alpha\nAna;Bel;ana.ig;;Bravo\n"],
  ] as const)("the same contact twice in one file (by %s) with update: one lead, indexed with its last values", (dedupeKey, csv) => {
    runImport(sqlite, draft(BASE));
    const report = runImport(sqlite, draft(csv, { dedupeKey, onDuplicate: "update" }));
    expect(report).toMatchObject({ created: 1, updated: 1, rejected: 0 });
    expect(() => integrity()).not.toThrow();
    expect(find("Bravo")).toEqual(["ana@x.fr"]);
    expect(find("Alpha")).toEqual([]);
    expect(find("Bel")).toEqual(["ana@exemple.fr", "ana@x.fr"]);
  });

  // Updates are indexed at the end too: one at a time when few leads change (their stale entries
  // deleted with the values they were indexed with), by a rebuild of the whole index when many do.
  it.each([
    ["few of many (each unindexed)", 120, 2],
    ["most of them (rebuilt)", 4, 3],
  ] as const)("updated leads are searchable by their new values only: %s", (_, count, changed) => {
    const triggers = () => sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'leads_fts%' ORDER BY name").all();
    const before = JSON.stringify(triggers());
    const rows = Array.from({ length: count }, (_, i) => `Prénom${i}z;Nom${i}z;p${i}@x.fr;Société${i}z`);
    runImport(sqlite, draft(`prénom;nom;email;entreprise\n${rows.join("\n")}\n`));
    sqlite.prepare("UPDATE leads SET username = 'pseudo' || id").run(); // kept by the import, indexed all along
    const updates = Array.from({ length: changed }, (_, i) => `Renommé${i};;p${i}@x.fr;Nouvelle${i}`);
    const report = runImport(sqlite, draft(`prénom;nom;email;entreprise\n${updates.join("\n")}\nNeuf;Venu;neuf@x.fr;Arrivée\n`, { onDuplicate: "update" }));
    expect(report).toMatchObject({ created: 1, updated: changed });
    expect(() => integrity()).not.toThrow();
    expect(JSON.stringify(triggers())).toBe(before);
    expect(find("Renommé0")).toEqual(["p0@x.fr"]);
    expect(find("Nouvelle1")).toEqual(["p1@x.fr"]);
    expect(find("Prénom0z")).toEqual([]);
    expect(find("Société1z")).toEqual([]);
    expect(find("Nom0z")).toEqual(["p0@x.fr"]); // an empty cell keeps the stored value
    expect(find("Arrivée")).toEqual(["neuf@x.fr"]);
    expect(find(`Prénom${changed}z`)).toEqual([`p${changed}@x.fr`]);
    // The triggers are back: a later edit is indexed as before.
    sqlite.prepare("UPDATE leads SET company = 'Plus tard' WHERE email = 'p0@x.fr'").run();
    expect(find("Plus tard")).toEqual(["p0@x.fr"]);
    expect(find("Nouvelle0")).toEqual([]);
    expect(() => integrity()).not.toThrow();
  });
});

describe("undoImport", () => {
  it("deletes the created leads and restores the updated ones, for the last import only", () => {
    const first = draft(BASE);
    runImport(sqlite, first);
    const before = JSON.stringify(sqlite.prepare("SELECT id, first_name, company, status, tags, score FROM leads ORDER BY id").all());
    const second = draft("email;entreprise;statut;tags\nana@exemple.fr;Atelier;Gagné;chaud\nnew@exemple.fr;Neuve;;\n", { onDuplicate: "update" });
    expect(runImport(sqlite, second)).toMatchObject({ created: 1, updated: 1 });
    expect(lead("ana@exemple.fr")).toMatchObject({ status: "won", score: 100 });
    expect(lastUndoableId(db)).toBe(second);
    expect(undoImport(db, first)).toBeNull(); // not the last one
    expect(undoImport(db, second)).toMatchObject({ deleted: 1, restored: 1 });
    expect(JSON.stringify(sqlite.prepare("SELECT id, first_name, company, status, tags, score FROM leads ORDER BY id").all())).toBe(before);
    expect(getImport(db, second)!.status).toBe("undone");
    expect(lastUndoableId(db)).toBeNull();
    expect(undoImport(db, second)).toBeNull();
  });
});

describe("the KPI history after an import and its undo", () => {
  it("recomputes the stored days of the leads it created or changed, and again after the undo", () => {
    const day = (d: string) => sqlite.prepare("SELECT leads_created AS created, leads_won AS won FROM kpi_daily WHERE day = ?").get(d) as { created: number; won: number };
    // The nightly job stored 2025-02-03 and 2025-02-04 with no lead.
    aggregateTenant(drizzle(sqlite, { schema }) as TenantDb, ["2025-02-03", "2025-02-04"], new Date(), { recordRun: false });
    expect(day("2025-02-03")).toEqual({ created: 0, won: 0 });
    const csv = "email;statut;date de création\nh@exemple.fr;Gagné;03/02/2025\ni@exemple.fr;Nouveau;03/02/2025\nj@exemple.fr;Nouveau;04/02/2025\n";
    const id = draft(csv);
    runImport(sqlite, id);
    expect(day("2025-02-03")).toEqual({ created: 2, won: 1 });
    expect(day("2025-02-04")).toEqual({ created: 1, won: 0 });
    undoImport(db, id);
    expect(day("2025-02-03")).toEqual({ created: 0, won: 0 });
    expect(day("2025-02-04")).toEqual({ created: 0, won: 0 });
    // Again, then an update of a past lead's status: its day's figures change, and change back on undo.
    runImport(sqlite, draft(csv));
    const update = draft("email;statut\ni@exemple.fr;Gagné\n", { onDuplicate: "update" });
    runImport(sqlite, update);
    expect(day("2025-02-03")).toEqual({ created: 2, won: 2 });
    undoImport(db, update);
    expect(day("2025-02-03")).toEqual({ created: 2, won: 1 });
  });
});

describe("undo keeps the work done since the import", () => {
  it("keeps created leads with later notes, activities, a client or edits, and does not revert leads edited again; says how many and why", () => {
    runImport(sqlite, draft("email;entreprise\nf@exemple.fr;Avant\ng@exemple.fr;Avant\n"));
    const id = draft(
      "email;entreprise;statut\na@exemple.fr;A;\nb@exemple.fr;B;\nc@exemple.fr;C;\nd@exemple.fr;D;\ne@exemple.fr;E;\nh@exemple.fr;H;Gagné\nf@exemple.fr;Après;\ng@exemple.fr;Après;Perdu\n",
      { onDuplicate: "update" },
    );
    expect(runImport(sqlite, id)).toMatchObject({ created: 6, updated: 2 });
    const later = (getImport(db, id)!.finishedAt as number) + 60_000;
    const idOf = (email: string) => lead(email).id as number;
    sqlite.prepare("INSERT INTO notes (lead_id, body, created_at) VALUES (?, 'Rappeler jeudi', ?)").run(idOf("a@exemple.fr"), later);
    sqlite.prepare("INSERT INTO activities (lead_id, type, details, created_at) VALUES (?, 'call', 'Appel', ?)").run(idOf("b@exemple.fr"), later);
    sqlite.prepare("INSERT INTO clients (lead_id, first_name, last_name, created_at, updated_at) VALUES (?, 'C', '', ?, ?)").run(idOf("c@exemple.fr"), later, later);
    sqlite.prepare("UPDATE leads SET city = 'Lyon', updated_at = ? WHERE email IN ('d@exemple.fr', 'f@exemple.fr')").run(later);
    expect(sqlite.prepare("SELECT count(*) FROM clients").pluck().get()).toBe(2); // h's (the import's) and c's

    const report = undoImport(db, id)!;
    expect(report).toEqual({ deleted: 2, restored: 1, keptCreated: { edited: 1, notes: 1, activities: 1, client: 1 }, keptUpdated: 1 });
    const emails = sqlite.prepare("SELECT email FROM leads ORDER BY email").pluck().all();
    expect(emails).toEqual(["a@exemple.fr", "b@exemple.fr", "c@exemple.fr", "d@exemple.fr", "f@exemple.fr", "g@exemple.fr"]);
    // h's client went with it (no orphan client), c's client stays.
    expect(sqlite.prepare("SELECT first_name, lead_id IS NOT NULL AS linked FROM clients").all()).toEqual([{ first_name: "C", linked: 1 }]);
    expect(lead("f@exemple.fr")).toMatchObject({ company: "Après", city: "Lyon" });
    // g is back as it was: its company, not lost, and without the import's "Perdu" note.
    expect(lead("g@exemple.fr")).toMatchObject({ company: "Avant", status: "new", lost_reason: null });
    expect(sqlite.prepare("SELECT count(*) FROM notes WHERE lead_id = ?").pluck().get(idOf("g@exemple.fr"))).toBe(0);
    expect(getImport(db, id)!.options.undo).toEqual(report);
  });
});

describe("undo of an import that touched the same lead twice", () => {
  const changesOf = (id: number) => sqlite.prepare("SELECT count(*) FROM import_changes WHERE import_id = ? AND action != 'client'").pluck().get(id);

  it("created then updated in the same file: the undo deletes it (the import's own update is not the coach's edit)", () => {
    runImport(sqlite, draft(BASE));
    const id = draft("email;entreprise\nn@exemple.fr;Alpha\nn@exemple.fr;Bravo\n", { onDuplicate: "update" });
    expect(runImport(sqlite, id)).toMatchObject({ created: 1, updated: 1 });
    expect(changesOf(id)).toBe(1);
    const report = undoImport(db, id)!;
    expect(report).toEqual({ deleted: 1, restored: 0, keptCreated: { edited: 0, notes: 0, activities: 0, client: 0 }, keptUpdated: 0 });
    expect(lead("n@exemple.fr")).toBeUndefined();
    expect(leadsCount()).toBe(2);
  });

  it("updated twice in the same file: the undo gives back the values from before the import", () => {
    runImport(sqlite, draft(BASE));
    const before = JSON.stringify(lead("ana@exemple.fr"));
    const id = draft("email;entreprise;statut\nana@exemple.fr;Alpha;Qualifié\nana@exemple.fr;Bravo;Perdu\n", { onDuplicate: "update" });
    expect(runImport(sqlite, id)).toMatchObject({ created: 0, updated: 2 });
    expect(lead("ana@exemple.fr")).toMatchObject({ company: "Bravo", status: "lost", lost_reason: "Autre" });
    expect(changesOf(id)).toBe(1);
    expect(undoImport(db, id)).toMatchObject({ restored: 1, keptUpdated: 0 });
    const after = lead("ana@exemple.fr");
    expect(after).toMatchObject({ company: null, status: "new", lost_reason: null });
    const { updated_at: _a, score: _s, ...rest } = JSON.parse(before) as Record<string, unknown>;
    expect(after).toMatchObject(rest);
  });

  it("an import recorded with both changes of a lead (before this fix) is still undone to the oldest values", () => {
    runImport(sqlite, draft(BASE));
    const ana = lead("ana@exemple.fr");
    const id = draft("email;entreprise\nana@exemple.fr;Bravo\n", { onDuplicate: "update" });
    runImport(sqlite, id);
    // What the old code also recorded: the in-between state, as a later change.
    sqlite.prepare("INSERT INTO import_changes (import_id, lead_id, action, before) VALUES (?, ?, 'updated', ?)").run(id, ana.id, JSON.stringify({ ...ana, company: "Alpha" }));
    sqlite.prepare("INSERT INTO import_changes (import_id, lead_id, action, before) VALUES (?, ?, 'updated', NULL)").run(id, 999);
    expect(undoImport(db, id)).toMatchObject({ restored: 1, keptUpdated: 0 });
    expect(lead("ana@exemple.fr")).toMatchObject({ company: null });
  });
});

describe("undo keeps a client the import made once it is followed", () => {
  const idOf = (email: string) => lead(email).id as number;
  const clientOf = (leadId: number) => sqlite.prepare("SELECT id FROM clients WHERE lead_id = ?").pluck().get(leadId) as number;
  const work = {
    session: (c: number, t: number) => sqlite.prepare("INSERT INTO coaching_sessions (client_id, scheduled_at, created_at, updated_at) VALUES (?, ?, ?, ?)").run(c, t + 86_400_000, t, t),
    goal: (c: number, t: number) => sqlite.prepare("INSERT INTO goals (client_id, title, created_at, updated_at) VALUES (?, 'Courir 10 km', ?, ?)").run(c, t, t),
    "client note": (c: number, t: number) => sqlite.prepare("INSERT INTO client_notes (client_id, body, created_at) VALUES (?, 'Premier appel', ?)").run(c, t),
    invoice: (c: number, t: number) =>
      sqlite.prepare("INSERT INTO invoices (client_id, vat_regime, created_at, updated_at) VALUES (?, 'franchise', ?, ?)").run(c, t, t),
    payment: (c: number, t: number) => sqlite.prepare("INSERT INTO payments (client_id, amount_cents, paid_at, created_at) VALUES (?, 5000, ?, ?)").run(c, t, t),
    quote: (c: number, t: number) =>
      sqlite.prepare("INSERT INTO quotes (client_id, valid_until, vat_regime, created_at, updated_at) VALUES (?, '2026-12-31', 'franchise', ?, ?)").run(c, t, t),
  };

  it.each(Object.keys(work) as (keyof typeof work)[])("a created lead whose client got a %s since: lead, client and that work are kept, and the report says why", (kind) => {
    const id = draft("prénom;nom;email;statut\nAna;Bel;ana@exemple.fr;Gagné\nBob;Cat;bob@exemple.fr;Gagné\n");
    runImport(sqlite, id);
    const later = (getImport(db, id)!.finishedAt as number) + 60_000;
    const client = clientOf(idOf("ana@exemple.fr"));
    work[kind](client, later);
    const report = undoImport(db, id)!;
    expect(report).toEqual({ deleted: 1, restored: 0, keptCreated: { edited: 0, notes: 0, activities: 0, client: 1 }, keptUpdated: 0 });
    expect(sqlite.prepare("SELECT email FROM leads").pluck().all()).toEqual(["ana@exemple.fr"]);
    expect(sqlite.prepare("SELECT id, lead_id AS leadId FROM clients").all()).toEqual([{ id: client, leadId: idOf("ana@exemple.fr") }]);
    expect(getImport(db, id)!.options.undo).toEqual(report);
  });

  it("a created lead given a quote since (the CRM's « créer un devis »): kept with it, counted with the activities", () => {
    const id = draft("prénom;nom;email\nAna;Bel;ana@exemple.fr\nBob;Cat;bob@exemple.fr\n");
    runImport(sqlite, id);
    const later = (getImport(db, id)!.finishedAt as number) + 60_000;
    sqlite.prepare("INSERT INTO quotes (lead_id, valid_until, vat_regime, created_at, updated_at) VALUES (?, '2026-12-31', 'franchise', ?, ?)").run(idOf("ana@exemple.fr"), later, later);
    expect(undoImport(db, id)).toEqual({ deleted: 1, restored: 0, keptCreated: { edited: 0, notes: 0, activities: 1, client: 0 }, keptUpdated: 0 });
    expect(sqlite.prepare("SELECT email FROM leads").pluck().all()).toEqual(["ana@exemple.fr"]);
    expect(sqlite.prepare("SELECT lead_id FROM quotes").pluck().all()).toEqual([idOf("ana@exemple.fr")]);
  });

  it("an updated lead made client by the import, with a session booked since: neither the client nor the lead is undone", () => {
    runImport(sqlite, draft(BASE));
    const id = draft("email;statut\nana@exemple.fr;Gagné\n", { onDuplicate: "update" });
    runImport(sqlite, id);
    const later = (getImport(db, id)!.finishedAt as number) + 60_000;
    const client = clientOf(idOf("ana@exemple.fr"));
    work.session(client, later);
    expect(undoImport(db, id)).toMatchObject({ restored: 0, keptUpdated: 1 });
    expect(lead("ana@exemple.fr")).toMatchObject({ status: "won" });
    expect(sqlite.prepare("SELECT count(*) FROM coaching_sessions WHERE client_id = ?").pluck().get(client)).toBe(1);
  });
});

// The import itself: every row of a stored upload applied in ONE transaction (all or none).
// Runs in a worker thread (scripts/import-worker.mjs) on its own connection to the tenant file;
// tests call it directly. Progress goes out through `onProgress` (the worker posts it to the
// main thread): a write of processed_rows inside the transaction would be invisible until the
// commit anyway.
import type Database from "better-sqlite3";
import { stringify } from "csv-stringify/sync";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../../db/tenant.schema";
import { dayKey } from "~/kpis/paris-days.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { refreshScoresSince } from "../score.server";
import { isSuppressed, normalizePhone } from "../suppressions.server";
import { notify } from "~/email/notifications.server";
import { markWon } from "../won-lost.server";
import { checkHeader, MAX_IMPORT_ROWS, readRecords, tooManyRows, type Delimiter, type Encoding } from "./decode.server";
import { IMPORT_LOST_DETAIL, IMPORT_LOST_REASON } from "./import-closing";
import { recomputeKpiDays } from "./kpi-days.server";
import type { ColumnMapping } from "./mapping";
import { readOptions, type ImportOptions } from "./options";
import { reasonOf, SUPPRESSED_REASON, validateRow, type ImportedLead } from "./validate";

export type ImportReport = { created: number; updated: number; skipped: number; unchanged: number; rejected: number; total: number };
export type Progress = { processed: number; total: number };

type StoredLead = {
  id: number;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  job_title: string | null;
  city: string | null;
  source: string | null;
  status: string;
  instagram_id: string | null;
  tags: string;
  score: number;
  score_override: number | null;
  deal_value_cents: number | null;
  updated_at: number;
  created_day: string;
  lost_reason: string | null;
  consent: number;
  consent_source: string | null;
  consent_at: number | null;
};

const LEAD_COLUMNS =
  "id, first_name, last_name, email, phone, company, job_title, city, source, status, instagram_id, tags, score, score_override, deal_value_cents, updated_at, created_day, lost_reason, consent, consent_source, consent_at";

/** Plain text columns: ImportedLead key → column. */
const TEXT_COLUMNS = [
  ["firstName", "first_name"],
  ["lastName", "last_name"],
  ["email", "email"],
  ["phone", "phone"],
  ["company", "company"],
  ["jobTitle", "job_title"],
  ["city", "city"],
  ["source", "source"],
  ["status", "status"],
  ["instagramId", "instagram_id"],
] as const;

/** Formula-injection guard for the rejected-rows CSV (text cells only; the import strips it back). */
const neutralize = (cell: string) => (/^[=+\-@\t\r]/.test(cell) && !/^-?\d+([.,]\d+)?$/.test(cell) ? `'${cell}` : cell);

export class ImportAbort extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportAbort";
  }
}

export { IMPORT_LOST_DETAIL, IMPORT_LOST_REASON } from "./import-closing";

/** The per-row search-index triggers the import replaces by set-wise statements (see `runImport`). */
const FTS_TRIGGERS = ["leads_fts_insert", "leads_fts_update"] as const;
const FTS_COLUMNS = "first_name, last_name, username, instagram_id, email, phone, company";
/** The leads created by the import (none indexed yet), with their last values. */
const FTS_FILL = `INSERT INTO leads_fts (rowid, ${FTS_COLUMNS}) SELECT id, ${FTS_COLUMNS} FROM leads WHERE id > ?`;
/**
 * The leads that existed before the import and whose indexed columns it changed: their stale
 * entries go out with the values they were indexed with (the `before` of their first change:
 * the import never writes username, so the stored one is the indexed one), then the new values go in.
 * All the deletes, then all the inserts: FTS5 with secure-delete costs ~1 ms per update when
 * each row mixes a delete and an insert (the trigger), far less set-wise.
 */
const FTS_STALE_FROM = `FROM import_changes c JOIN leads l ON l.id = c.lead_id WHERE c.import_id = ? AND c.action = 'updated'
  AND (${["first_name", "last_name", "instagram_id", "email", "phone", "company"].map((k) => `json_extract(c.before, '$.${k}') IS NOT l.${k}`).join(" OR ")})`;
const FTS_UNINDEX_STALE = `INSERT INTO leads_fts (leads_fts, rowid, ${FTS_COLUMNS}) SELECT 'delete', l.id,
  json_extract(c.before, '$.first_name'), json_extract(c.before, '$.last_name'), l.username, json_extract(c.before, '$.instagram_id'),
  json_extract(c.before, '$.email'), json_extract(c.before, '$.phone'), json_extract(c.before, '$.company') ${FTS_STALE_FROM}`;
/** From this many leads per changed one, rebuilding the whole index costs less than unindexing each. */
const FTS_REBUILD_RATIO = 50;
const FTS_REINDEX_STALE = `INSERT INTO leads_fts (rowid, ${FTS_COLUMNS}) SELECT l.id, ${FTS_COLUMNS.split(", ").map((c) => `l.${c}`).join(", ")} ${FTS_STALE_FROM}`;

/**
 * Applies import `importId` (status running) and marks it done, in one transaction. Throws
 * (and leaves nothing written) on any failure; the caller marks the import failed. Then
 * brings the KPI days it touched up to date (their own transaction: the nightly job would redo
 * them anyway).
 */
export function runImport(sqlite: Database.Database, importId: number, onProgress: (p: Progress) => void = () => {}, hooks: { afterRow?: (n: number) => void } = {}) {
  const row = sqlite.prepare("SELECT source, encoding, delimiter, mapping, options, status, total_rows AS totalRows FROM imports WHERE id = ?").get(importId) as
    | { source: Buffer | null; encoding: Encoding; delimiter: Delimiter; mapping: string; options: string; status: string; totalRows: number | null }
    | undefined;
  if (!row || !row.source) throw new ImportAbort("Import introuvable ou déjà traité.");
  const options = readOptions(row.options);
  const mapping = JSON.parse(row.mapping) as ColumnMapping;
  // Read a piece at a time as the rows are written: neither the text nor all rows are ever held.
  const records = readRecords([row.source], row.encoding, row.delimiter);
  const header = checkHeader(records.next().value ?? []);
  // Counted at the upload; the exact count goes in the report.
  let total = row.totalRows ?? 0;
  onProgress({ processed: 0, total });

  const started = Date.now();
  const db = drizzle(sqlite, { schema }) as TenantDb;
  const report: ImportReport = { created: 0, updated: 0, skipped: 0, unchanged: 0, rejected: 0, total: 0 };
  // Rejected rows written as UTF-8 bytes (in file order) outside the worker's capped JS heap: a
  // 20 MB file all rejected, as JS strings (UTF-16 for any character outside Latin-1), did not fit.
  const rejected = new ByteSink();
  let rejectedCount = 0;
  const reject = (line: number, cells: string[], reason: string) => {
    if (rejectedCount++ === 0) rejected.write(rejectedHeader(header));
    rejected.write(rejectedLine({ line, cells, reason }));
  };
  const kpiDays = new Set<string>();

  const apply = sqlite.transaction(() => {
    const index = new LeadIndex(sqlite);
    const insert = sqlite.prepare(
      `INSERT INTO leads (first_name, last_name, email, phone, company, job_title, city, source, status, instagram_id, tags, score_override, deal_value_cents, consent, consent_source, consent_at, created_at, created_day, updated_at)
       VALUES (@first_name, @last_name, @email, @phone, @company, @job_title, @city, @source, @status, @instagram_id, @tags, @score_override, @deal_value_cents, @consent, @consent_source, @consent_at, @created_at, @created_day, @updated_at)`,
    );
    const change = sqlite.prepare("INSERT INTO import_changes (import_id, lead_id, action, before) VALUES (?, ?, ?, ?)");
    // The search index is written set-wise at the end instead of by the per-row triggers (new
    // leads: 9.7 s → 5.9 s for 50,000 rows; updates: see FTS_STALE): the triggers are dropped and
    // re-created with their exact text inside this transaction, so no other writer ever sees them missing.
    const triggerSql = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").pluck();
    const ftsTriggers = FTS_TRIGGERS.map((name) => ({ name, sql: triggerSql.get(name) as string | undefined }));
    // Both or neither: an update trigger alone would delete the entries of leads not indexed yet.
    const ftsSetWise = ftsTriggers.every((t) => t.sql !== undefined);
    const maxIdBefore = (sqlite.prepare("SELECT coalesce(max(id), 0) AS id FROM leads").get() as { id: number }).id;
    if (ftsSetWise) for (const t of ftsTriggers) sqlite.exec(`DROP TRIGGER ${t.name}`);
    // One prepared UPDATE per set of changed columns (a prepare per row cost ~0.1 ms).
    const updates = new Map<string, Database.Statement>();
    const updateOf = (columns: string[]) => {
      const key = columns.join(",");
      let stmt = updates.get(key);
      if (!stmt) updates.set(key, (stmt = sqlite.prepare(`UPDATE leads SET ${columns.map((c) => `${c} = @${c}`).join(", ")} WHERE id = @id`)));
      return stmt;
    };
    // By lead: a lead closed twice in the file is closed once, as its last row says.
    const closing = new Map<number, "won" | "lost">();
    // Leads whose change is recorded: only the first (the state before the import) is, so that
    // the undo neither restores an in-between state nor takes the import's own update for the coach's.
    const recorded = new Set<number>();
    let processed = 0;
    for (const cells of records) {
      processed++;
      const line = processed + 1;
      if (processed > MAX_IMPORT_ROWS) throw tooManyRows();
      if (processed > total) total = processed;
      hooks.afterRow?.(processed);
      if (processed % 2000 === 0) onProgress({ processed, total });
      if (cells.length !== header.length) {
        reject(line, cells, `nombre de colonnes incorrect (${cells.length} au lieu de ${header.length})`);
        continue;
      }
      const check = validateRow(cells, mapping);
      if (!check.ok) {
        reject(line, cells, reasonOf(check));
        continue;
      }
      const lead = check.lead;
      if (isSuppressed(db, lead)) {
        // An erased or blacklisted person's data is not stored again, not even in the report.
        reject(line, [], SUPPRESSED_REASON);
        continue;
      }
      const tags = [...new Set([...(lead.tags ?? []), ...options.tags])];
      const existing = index.find(lead, options.dedupeKey);
      // instagram_id is UNIQUE: another lead holding it would fail the whole import.
      if (lead.instagramId) {
        const holder = index.instagramHolder(lead.instagramId);
        if (holder !== undefined && holder !== existing?.id) {
          reject(line, cells, "identifiant Instagram déjà porté par un autre contact");
          continue;
        }
      }
      const now = Date.now();
      if (!existing) {
        const createdAt = lead.createdAt?.getTime() ?? now;
        const values = {
          first_name: lead.firstName ?? null,
          last_name: lead.lastName ?? null,
          email: lead.email ?? null,
          phone: lead.phone ?? null,
          company: lead.company ?? null,
          job_title: lead.jobTitle ?? null,
          city: lead.city ?? null,
          source: lead.source ?? null,
          status: lead.status ?? "new",
          instagram_id: lead.instagramId ?? null,
          tags: JSON.stringify(tags),
          score_override: lead.score ?? null,
          deal_value_cents: lead.dealValueCents ?? null,
          consent: lead.consent ? 1 : 0,
          consent_source: lead.consent !== undefined ? "import" : null,
          consent_at: lead.consent !== undefined ? now : null,
          created_at: createdAt,
          created_day: dayKey(createdAt),
          updated_at: now,
        };
        const id = Number(insert.run(values).lastInsertRowid);
        change.run(importId, id, "created", null);
        recorded.add(id);
        index.add({ id, email: values.email, phone: values.phone, instagram_id: values.instagram_id });
        kpiDays.add(values.created_day);
        if (values.status === "won" || values.status === "lost") closing.set(id, values.status);
        report.created++;
        continue;
      }
      if (options.onDuplicate === "skip") {
        report.skipped++;
        continue;
      }
      const stored = index.load(existing.id);
      const set = changedColumns(stored, lead, tags, now);
      if (Object.keys(set).length === 0) {
        report.unchanged++;
        continue;
      }
      if (!recorded.has(stored.id)) {
        change.run(importId, stored.id, "updated", JSON.stringify(stored));
        recorded.add(stored.id);
      }
      set.updated_at = now;
      updateOf(Object.keys(set)).run({ ...set, id: stored.id });
      index.replace(stored, { ...stored, ...set } as StoredLead);
      kpiDays.add(stored.created_day);
      if (set.status === "won" || set.status === "lost") closing.set(stored.id, set.status);
      else if (set.status !== undefined) closing.delete(stored.id);
      report.updated++;
    }
    if (ftsSetWise) {
      const stale = sqlite.prepare(`SELECT count(*) ${FTS_STALE_FROM}`).pluck().get(importId) as number;
      const leads = sqlite.prepare("SELECT count(*) FROM leads").pluck().get() as number;
      if (stale * FTS_REBUILD_RATIO >= leads) {
        // Many changed: the whole index rewritten from the leads (20,000 leads: ~0.1 s, against
        // ~0.28 ms per changed lead below). The secure-delete option is kept: none of the old
        // values stays in the index.
        sqlite.exec("INSERT INTO leads_fts (leads_fts) VALUES ('rebuild')");
      } else {
        // The stale entries out first (the condition still holds after: it reads leads and the log only).
        if (stale > 0) {
          sqlite.prepare(FTS_UNINDEX_STALE).run(importId);
          sqlite.prepare(FTS_REINDEX_STALE).run(importId);
        }
        sqlite.prepare(FTS_FILL).run(maxIdBefore);
      }
      for (const t of ftsTriggers) sqlite.exec(t.sql!);
    }
    // Won as the lead page closes a lead (markWon, nested in this transaction): one client per
    // won lead, never a second one (clients.lead_id is unique). Lost: the reason and the note
    // markLost writes, in two prepared statements (markLost per row cost ~1 s at 50,000 rows;
    // scores are refreshed for every imported lead below).
    const setLost = sqlite.prepare("UPDATE leads SET lost_reason = ? WHERE id = ?");
    const lostNote = sqlite.prepare("INSERT INTO notes (lead_id, body, created_at) VALUES (?, ?, ?)");
    const clientOf = sqlite.prepare("SELECT 1 FROM clients WHERE lead_id = ?");
    const lostBody = `Perdu (${IMPORT_LOST_REASON}) : ${IMPORT_LOST_DETAIL}`;
    for (const [id, status] of closing) {
      if (status === "won") {
        const hadClient = clientOf.get(id) !== undefined;
        markWon(db, id, new Date(), { notify: false });
        if (!hadClient) change.run(importId, id, "client", null);
      } else {
        setLost.run(IMPORT_LOST_REASON, id);
        lostNote.run(id, lostBody, Date.now());
      }
    }
    report.total = processed;
    report.rejected = rejectedCount;
    // Imported leads carry updated_at ≥ started: their scores follow the rule (or the imported override).
    refreshScoresSince(sqlite, new Date(started - 1));
    // Only a running import: one marked failed meanwhile (orphaned) stays failed, and this
    // transaction rolls back (its page already says nothing was imported).
    const done = sqlite
      .prepare(
        `UPDATE imports SET status = 'done', source = NULL, total_rows = @total, processed_rows = @total, created = @created, updated = @updated,
           skipped = @skipped, rejected = @rejected, rejected_csv = CAST(@csv AS TEXT), options = @options, finished_at = @now, error = NULL WHERE id = @id AND status = 'running'`,
      )
      .run({
        ...report,
        csv: rejectedCount ? rejected.bytes() : null,
        options: JSON.stringify({ ...options, unchanged: report.unchanged }),
        now: Date.now(),
        id: importId,
      });
    if (done.changes === 0) throw new ImportAbort("L'import n'est plus en cours : rien n'a été importé.");
    // One notification for the whole file (never one per lead): its leads and wins are counted here.
    const won = [...closing.values()].filter((s) => s === "won").length;
    notify(db, "import_finished", {
      title: `Import terminé : ${report.created} lead${report.created > 1 ? "s" : ""} créé${report.created > 1 ? "s" : ""}, ${report.updated} mis à jour`,
      body: [won ? `${won} gagné${won > 1 ? "s" : ""}` : "", report.rejected ? `${report.rejected} ligne${report.rejected > 1 ? "s" : ""} rejetée${report.rejected > 1 ? "s" : ""}` : ""].filter(Boolean).join(" · ") || null,
      href: `/dashboard/leads/import/${importId}`,
    });
  });
  // The bytes are read by the generator as the rows go; let the row go once the import ends.
  row.source = null;
  apply.immediate();
  onProgress({ processed: report.total, total: report.total });
  recomputeKpiDays(sqlite, kpiDays);
  return report;
}

/** The columns a row changes on a stored lead (an equal row changes nothing: not "updated"). */
function changedColumns(stored: StoredLead, lead: ImportedLead, tags: string[], now: number) {
  const set: Record<string, unknown> = {};
  for (const [key, column] of TEXT_COLUMNS) {
    const value = lead[key];
    if (value === undefined) continue;
    const current = stored[column];
    const same = key === "email" ? current?.toLowerCase() === value : key === "phone" ? current !== null && normalizePhone(current) === value : current === value;
    if (!same) set[column] = value;
  }
  const storedTags = JSON.parse(stored.tags) as string[];
  const merged = [...new Set([...storedTags, ...tags])];
  if (merged.length !== storedTags.length) set.tags = JSON.stringify(merged);
  if (lead.score !== undefined && lead.score !== stored.score) set.score_override = lead.score;
  if (lead.dealValueCents !== undefined && lead.dealValueCents !== stored.deal_value_cents) set.deal_value_cents = lead.dealValueCents;
  // A consent the file changes is recorded as the import's, with its date (withdrawal included).
  if (lead.consent !== undefined && lead.consent !== Boolean(stored.consent)) Object.assign(set, { consent: lead.consent ? 1 : 0, consent_source: "import", consent_at: now });
  return set;
}

type IndexedLead = { id: number; email: string | null; phone: string | null; instagram_id: string | null };

/** A 30-bit FNV-1a hash: a small integer V8 keeps unboxed (no key string held on the heap). */
function hashKey(key: string) {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/** Lead ids by the hash of a key; a hash may name several leads (collisions): callers check each. */
class HashedIds {
  private ids = new Map<number, number | number[]>();

  add(key: string, id: number) {
    const h = hashKey(key);
    const held = this.ids.get(h);
    if (held === undefined) this.ids.set(h, id);
    else if (typeof held === "number") {
      if (held !== id) this.ids.set(h, [held, id]);
    } else {
      const at = held.indexOf(id);
      if (at >= 0) held.splice(at, 1);
      held.push(id);
    }
  }

  /** The ids under this key's hash, the last added first (as a Map of keys would keep the last). */
  candidates(key: string): number[] {
    const held = this.ids.get(hashKey(key));
    return held === undefined ? [] : typeof held === "number" ? [held] : [...held].reverse();
  }
}

/**
 * The tenant's leads by email and phone, read once (a lookup per row would cost more at 50k rows,
 * and neither lower(email) nor a normalized phone has an SQL index). Only hashes and ids are kept
 * (three Maps of strings took ~32 MB of the worker's heap at 100k leads): a hit is checked against
 * the stored lead. Instagram ids are UNIQUE and indexed: asked to SQL.
 */
class LeadIndex {
  private byEmail = new HashedIds();
  private byPhone = new HashedIds();
  private loadOne: Database.Statement;
  private keysOf: Database.Statement;
  private byInstagram: Database.Statement;

  constructor(sqlite: Database.Database) {
    for (const lead of sqlite.prepare("SELECT id, email, phone, instagram_id FROM leads").iterate() as IterableIterator<IndexedLead>) this.add(lead);
    this.loadOne = sqlite.prepare(`SELECT ${LEAD_COLUMNS} FROM leads WHERE id = ?`);
    this.keysOf = sqlite.prepare("SELECT email, phone FROM leads WHERE id = ?");
    this.byInstagram = sqlite.prepare("SELECT id FROM leads WHERE instagram_id = ?").pluck();
  }

  load(id: number) {
    return this.loadOne.get(id) as StoredLead;
  }

  add(lead: IndexedLead) {
    if (lead.email) this.byEmail.add(lead.email.toLowerCase(), lead.id);
    if (lead.phone) this.byPhone.add(normalizePhone(lead.phone), lead.id);
  }

  /** After an update: the new keys point to the lead (the old ones no longer match it when checked). */
  replace(_old: IndexedLead, next: IndexedLead) {
    this.add(next);
  }

  instagramHolder(instagramId: string) {
    return this.byInstagram.get(instagramId) as number | undefined;
  }

  private byKey(kind: "email" | "phone", key: string) {
    for (const id of (kind === "email" ? this.byEmail : this.byPhone).candidates(key)) {
      const stored = this.keysOf.get(id) as { email: string | null; phone: string | null } | undefined;
      if (!stored) continue;
      const value = kind === "email" ? stored.email?.toLowerCase() : stored.phone === null ? undefined : normalizePhone(stored.phone);
      if (value === key) return id;
    }
    return undefined;
  }

  /** By the chosen key; a row without it is matched by the others (a row without an email may be a known phone). */
  find(lead: ImportedLead, key: ImportOptions["dedupeKey"]): { id: number } | undefined {
    const has = { email: !!lead.email, phone: !!lead.phone, instagram: !!lead.instagramId };
    const order = has[key] ? [key] : (["email", "phone", "instagram"] as const).filter((k) => k !== key);
    for (const k of order) {
      const found =
        k === "email" ? lead.email && this.byKey("email", lead.email) : k === "phone" ? lead.phone && this.byKey("phone", lead.phone) : lead.instagramId && this.instagramHolder(lead.instagramId);
      if (found) return { id: found };
    }
    return undefined;
  }
}

const CHUNK = 1 << 20;

/** Text appended as UTF-8 into 1 MiB buffers: their bytes live outside the JS heap. */
class ByteSink {
  private chunks: Buffer[] = [];
  private current = Buffer.allocUnsafe(CHUNK);
  private used = 0;

  write(text: string) {
    const size = Buffer.byteLength(text);
    if (this.used + size > this.current.length) {
      this.chunks.push(this.current.subarray(0, this.used));
      this.current = Buffer.allocUnsafe(Math.max(CHUNK, size));
      this.used = 0;
    }
    this.used += this.current.write(text, this.used);
  }

  bytes() {
    const all = Buffer.concat([...this.chunks, this.current.subarray(0, this.used)]);
    this.chunks = [];
    this.current = Buffer.alloc(0);
    this.used = 0;
    return all;
  }
}

const CSV_OUT = { delimiter: ";", record_delimiter: "\r\n" } as const;
const rejectedHeader = (header: string[]) => stringify([[...header, "ligne", "motif du rejet"]], CSV_OUT);
const rejectedLine = (r: { line: number; cells: string[]; reason: string }) => stringify([[...r.cells.map(neutralize), String(r.line), r.reason]], CSV_OUT);

/** The rejected rows as they came (to fix and re-import), with their row number and reason. */
export function rejectedCsv(header: string[], rows: { line: number; cells: string[]; reason: string }[]) {
  rows.sort((a, b) => a.line - b.line);
  const body = stringify(
    [[...header, "ligne", "motif du rejet"], ...rows.map((r) => [...r.cells.map(neutralize), String(r.line), r.reason])],
    { delimiter: ";", record_delimiter: "\r\n" },
  );
  return body;
}

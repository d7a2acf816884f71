// The import itself: every row of a stored upload applied in ONE transaction (all or none).
// Runs in a worker thread (scripts/import-worker.mjs) on its own connection to the tenant file;
// tests call it directly. Progress goes out through `onProgress` (the worker posts it to the
// main thread): a write of processed_rows inside the transaction would be invisible until the
// commit anyway.
import type Database from "better-sqlite3";
import { stringify } from "csv-stringify/sync";
import { dayKey } from "~/kpis/paris-days.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { refreshScoresSince } from "../score.server";
import { isSuppressed, normalizePhone } from "../suppressions.server";
import { decodeFile, parseCsv, type Delimiter, type Encoding } from "./decode.server";
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
};

const LEAD_COLUMNS =
  "id, first_name, last_name, email, phone, company, job_title, city, source, status, instagram_id, tags, score, score_override, deal_value_cents, updated_at";

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

/**
 * Applies import `importId` (status running) and marks it done, in one transaction. Throws
 * (and leaves nothing written) on any failure; the caller marks the import failed.
 */
export function runImport(sqlite: Database.Database, importId: number, onProgress: (p: Progress) => void = () => {}, hooks: { afterRow?: (n: number) => void } = {}) {
  const row = sqlite.prepare("SELECT source, encoding, delimiter, mapping, options, status FROM imports WHERE id = ?").get(importId) as
    | { source: Buffer | null; encoding: Encoding; delimiter: Delimiter; mapping: string; options: string; status: string }
    | undefined;
  if (!row || !row.source) throw new ImportAbort("Import introuvable ou déjà traité.");
  const options = readOptions(row.options);
  const mapping = JSON.parse(row.mapping) as ColumnMapping;
  // Decoded and parsed in a helper so that neither the bytes nor the text outlive the parse.
  const parsed = readRows(row);
  const total = parsed.rows.length + parsed.ragged.length;
  onProgress({ processed: 0, total });

  const started = Date.now();
  const db = { $client: sqlite } as TenantDb;
  const report: ImportReport = { created: 0, updated: 0, skipped: 0, unchanged: 0, rejected: 0, total };
  const rejected: { line: number; cells: string[]; reason: string }[] = parsed.ragged.map((r) => ({
    line: r.line,
    cells: r.cells,
    reason: `nombre de colonnes incorrect (${r.cells.length} au lieu de ${parsed.header.length})`,
  }));

  const apply = sqlite.transaction(() => {
    const index = new LeadIndex(sqlite);
    const insert = sqlite.prepare(
      `INSERT INTO leads (first_name, last_name, email, phone, company, job_title, city, source, status, instagram_id, tags, score_override, deal_value_cents, created_at, created_day, updated_at)
       VALUES (@first_name, @last_name, @email, @phone, @company, @job_title, @city, @source, @status, @instagram_id, @tags, @score_override, @deal_value_cents, @created_at, @created_day, @updated_at)`,
    );
    const change = sqlite.prepare("INSERT INTO import_changes (import_id, lead_id, action, before) VALUES (?, ?, ?, ?)");
    let processed = 0;
    for (let i = 0; i < parsed.rows.length; i++) {
      const { line, cells } = parsed.rows[i];
      // Done rows are let go as the import advances: peak memory stays near one copy of the file.
      (parsed.rows as unknown[])[i] = undefined;
      processed++;
      hooks.afterRow?.(processed);
      if (processed % 2000 === 0) onProgress({ processed, total });
      const check = validateRow(cells, mapping);
      if (!check.ok) {
        rejected.push({ line, cells, reason: reasonOf(check) });
        continue;
      }
      const lead = check.lead;
      if (isSuppressed(db, lead)) {
        // An erased or blacklisted person's data is not stored again, not even in the report.
        rejected.push({ line, cells: [], reason: SUPPRESSED_REASON });
        continue;
      }
      const tags = [...new Set([...(lead.tags ?? []), ...options.tags])];
      const existing = index.find(lead, options.dedupeKey);
      // instagram_id is UNIQUE: another lead holding it would fail the whole import.
      if (lead.instagramId) {
        const holder = index.byInstagram.get(lead.instagramId);
        if (holder !== undefined && holder !== existing?.id) {
          rejected.push({ line, cells, reason: "identifiant Instagram déjà porté par un autre contact" });
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
          created_at: createdAt,
          created_day: dayKey(createdAt),
          updated_at: now,
        };
        const id = Number(insert.run(values).lastInsertRowid);
        change.run(importId, id, "created", null);
        index.add({ ...values, id, score: 0 } as StoredLead);
        report.created++;
        continue;
      }
      if (options.onDuplicate === "skip") {
        report.skipped++;
        continue;
      }
      const set = changedColumns(existing, lead, tags);
      if (Object.keys(set).length === 0) {
        report.unchanged++;
        continue;
      }
      change.run(importId, existing.id, "updated", JSON.stringify(existing));
      set.updated_at = now;
      const columns = Object.keys(set);
      sqlite.prepare(`UPDATE leads SET ${columns.map((c) => `${c} = @${c}`).join(", ")} WHERE id = @id`).run({ ...set, id: existing.id });
      index.replace(existing, { ...existing, ...set } as StoredLead);
      report.updated++;
    }
    report.rejected = rejected.length;
    // Imported leads carry updated_at ≥ started: their scores follow the rule (or the imported override).
    refreshScoresSince(sqlite, new Date(started - 1));
    sqlite
      .prepare(
        `UPDATE imports SET status = 'done', source = NULL, total_rows = @total, processed_rows = @total, created = @created, updated = @updated,
           skipped = @skipped, rejected = @rejected, rejected_csv = @csv, options = @options, finished_at = @now, error = NULL WHERE id = @id`,
      )
      .run({
        ...report,
        csv: rejected.length ? rejectedCsv(parsed.header, rejected) : null,
        options: JSON.stringify({ ...options, unchanged: report.unchanged }),
        now: Date.now(),
        id: importId,
      });
  });
  apply.immediate();
  onProgress({ processed: total, total });
  return report;
}

function readRows(row: { source: Buffer | null; encoding: Encoding; delimiter: Delimiter }) {
  const { text } = decodeFile(row.source!, { encoding: row.encoding, delimiter: row.delimiter });
  row.source = null;
  return parseCsv(text, row.delimiter);
}

/** The columns a row changes on a stored lead (an equal row changes nothing: not "updated"). */
function changedColumns(stored: StoredLead, lead: ImportedLead, tags: string[]) {
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
  return set;
}

/** The tenant's leads by email, phone and Instagram id, read once (a lookup per row would cost more at 50k rows). */
class LeadIndex {
  byEmail = new Map<string, StoredLead>();
  byPhone = new Map<string, StoredLead>();
  byInstagram = new Map<string, number>();
  private byInstagramLead = new Map<string, StoredLead>();

  constructor(sqlite: Database.Database) {
    for (const lead of sqlite.prepare(`SELECT ${LEAD_COLUMNS} FROM leads`).iterate() as IterableIterator<StoredLead>) this.add(lead);
  }

  add(lead: StoredLead) {
    if (lead.email) this.byEmail.set(lead.email.toLowerCase(), lead);
    if (lead.phone) this.byPhone.set(normalizePhone(lead.phone), lead);
    if (lead.instagram_id) {
      this.byInstagram.set(lead.instagram_id, lead.id);
      this.byInstagramLead.set(lead.instagram_id, lead);
    }
  }

  replace(old: StoredLead, next: StoredLead) {
    if (old.email && this.byEmail.get(old.email.toLowerCase())?.id === old.id) this.byEmail.delete(old.email.toLowerCase());
    if (old.phone && this.byPhone.get(normalizePhone(old.phone))?.id === old.id) this.byPhone.delete(normalizePhone(old.phone));
    if (old.instagram_id) {
      this.byInstagram.delete(old.instagram_id);
      this.byInstagramLead.delete(old.instagram_id);
    }
    this.add(next);
  }

  /** By the chosen key; a row without it is matched by the others (a row without an email may be a known phone). */
  find(lead: ImportedLead, key: ImportOptions["dedupeKey"]) {
    const has = { email: !!lead.email, phone: !!lead.phone, instagram: !!lead.instagramId };
    const order = has[key] ? [key] : (["email", "phone", "instagram"] as const).filter((k) => k !== key);
    for (const k of order) {
      const found =
        k === "email" ? lead.email && this.byEmail.get(lead.email) : k === "phone" ? lead.phone && this.byPhone.get(lead.phone) : lead.instagramId && this.byInstagramLead.get(lead.instagramId);
      if (found) return found;
    }
    return undefined;
  }
}

/** The rejected rows as they came (to fix and re-import), with their row number and reason. */
export function rejectedCsv(header: string[], rows: { line: number; cells: string[]; reason: string }[]) {
  rows.sort((a, b) => a.line - b.line);
  const body = stringify(
    [[...header, "ligne", "motif du rejet"], ...rows.map((r) => [...r.cells.map(neutralize), String(r.line), r.reason])],
    { delimiter: ";", record_delimiter: "\r\n" },
  );
  return body;
}

// The steps of an import around the worker: the draft (the uploaded bytes kept in the tenant
// file), its mapping and preview, the start, the list of past imports and undoing the last one.
import { parse } from "csv-parse/sync";
import type { TenantDb } from "~/lib/tenant-db.server";
import { bulkJobRunning, LEAD_JOB_BUSY } from "../bulk-jobs.server";
import { isSuppressed } from "../suppressions.server";
import { countRecordsOf, decodeHead, detectDelimiter, ImportFileError, inspectUpload, MAX_IMPORT_ROWS, parseHead, type Delimiter, type Encoding } from "./decode.server";
import { failOrphanImports, importProgress, startImportWorker, tenantHasJob } from "./jobs.server";
import { autoMapping, type ColumnMapping } from "./mapping";
import { readOptions, type ImportOptions } from "./options";
import { reasonOf, SUPPRESSED_REASON, validateRow, type RowCheck } from "./validate";

export type ImportRow = {
  id: number;
  fileName: string;
  status: "draft" | "queued" | "running" | "done" | "failed" | "undone";
  byteSize: number;
  encoding: Encoding;
  delimiter: Delimiter;
  mapping: ColumnMapping;
  options: ReturnType<typeof readOptions>;
  totalRows: number | null;
  processedRows: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  hasRejectedCsv: boolean;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  undoneAt: number | null;
};

const COLUMNS = `id, file_name AS fileName, status, byte_size AS byteSize, encoding, delimiter, mapping, options, total_rows AS totalRows,
  processed_rows AS processedRows, created, updated, skipped, rejected, rejected_csv IS NOT NULL AS hasRejectedCsv, error,
  created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt, undone_at AS undoneAt`;

function hydrate(row: Record<string, unknown>): ImportRow {
  return {
    ...(row as unknown as ImportRow),
    mapping: row.mapping ? (JSON.parse(row.mapping as string) as ColumnMapping) : {},
    options: readOptions((row.options as string | null) ?? null),
    hasRejectedCsv: row.hasRejectedCsv === 1,
  };
}

/** Data rows of the file (header excluded); refuses a quote that is never closed. */
function checkedRecordCount(bytes: Buffer, encoding: Encoding, delimiter: Delimiter) {
  const { records, unclosedQuoteLine } = countRecordsOf(bytes, encoding, delimiter);
  if (unclosedQuoteLine !== null) {
    throw new ImportFileError(`Fichier mal formé : le guillemet ouvert ligne ${unclosedQuoteLine} n'est jamais fermé. Corrigez-le dans votre tableur puis réessayez.`);
  }
  return records - 1;
}

/** Stores the upload as a draft after checking it is a CSV with a header and within the row limit. */
export function createDraft(db: TenantDb, fileName: string, bytes: Buffer, now = Date.now()) {
  const { encoding, delimiter, header } = inspectUpload(bytes);
  const records = checkedRecordCount(bytes, encoding, delimiter);
  if (records > MAX_IMPORT_ROWS) {
    throw new ImportFileError(`Trop de lignes : ${records.toLocaleString("fr-FR")} (au plus ${MAX_IMPORT_ROWS.toLocaleString("fr-FR")} par import). Découpez le fichier.`);
  }
  if (records < 1) throw new ImportFileError("Le fichier ne contient que la ligne d'en-tête : aucun contact à importer.");
  const result = db.$client
    .prepare(
      "INSERT INTO imports (file_name, status, source, byte_size, encoding, delimiter, mapping, total_rows, created_at) VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?)",
    )
    .run(fileName.slice(0, 200) || "import.csv", bytes, bytes.length, encoding, delimiter, JSON.stringify(autoMapping(header)), records, now);
  return Number(result.lastInsertRowid);
}

/** The import of this tenant, or null (another tenant's id is simply not in this file). */
export function getImport(db: TenantDb, id: number) {
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const row = db.$client.prepare(`SELECT ${COLUMNS} FROM imports WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  return row ? hydrate(row) : null;
}

export function listImports(db: TenantDb, tenantId: string) {
  failOrphanImports(db, tenantId);
  return (db.$client.prepare(`SELECT ${COLUMNS} FROM imports WHERE status != 'draft' ORDER BY id DESC LIMIT 50`).all() as Record<string, unknown>[]).map(hydrate);
}

/** The only import that may be undone: the most recent one that ran to the end. */
export function lastUndoableId(db: TenantDb) {
  const row = db.$client.prepare("SELECT id, status FROM imports WHERE status IN ('done', 'undone', 'running', 'queued') ORDER BY id DESC LIMIT 1").get() as
    | { id: number; status: string }
    | undefined;
  return row?.status === "done" ? row.id : null;
}

function sourceOf(db: TenantDb, id: number) {
  const row = db.$client.prepare("SELECT source FROM imports WHERE id = ? AND status = 'draft'").get(id) as { source: Buffer | null } | undefined;
  if (!row?.source) throw new ImportFileError("Ce fichier n'est plus disponible : déposez-le de nouveau.");
  return row.source;
}

/** The header and first rows in the encoding and delimiter chosen (or detected). */
export function draftHead(db: TenantDb, imp: ImportRow, rows = 10, override: { encoding?: Encoding; delimiter?: Delimiter } = {}) {
  const encoding = override.encoding ?? imp.encoding;
  const text = decodeHead(sourceOf(db, imp.id), encoding);
  const delimiter = override.delimiter ?? imp.delimiter ?? detectDelimiter(text);
  return { encoding, delimiter, ...parseHead(text, delimiter, rows) };
}

/** Saves the mapping step. A new encoding or delimiter re-reads the header and maps it afresh. */
export function saveMapping(db: TenantDb, imp: ImportRow, input: { encoding: Encoding; delimiter: Delimiter; mapping: ColumnMapping }) {
  const reread = input.encoding !== imp.encoding || input.delimiter !== imp.delimiter;
  const head = draftHead(db, imp, 0, input);
  const mapping = reread ? autoMapping(head.header) : input.mapping;
  // Counted again only when the file is read another way (the upload counted it already).
  const records = reread ? checkedRecordCount(sourceOf(db, imp.id), input.encoding, input.delimiter) : imp.totalRows;
  db.$client
    .prepare("UPDATE imports SET encoding = ?, delimiter = ?, mapping = ?, total_rows = ? WHERE id = ? AND status = 'draft'")
    .run(input.encoding, input.delimiter, JSON.stringify(mapping), records, imp.id);
  return { reread, mapping };
}

export function mappingHasKey(mapping: ColumnMapping) {
  const fields = Object.values(mapping);
  return fields.includes("email") || fields.includes("phone") || fields.includes("instagramId");
}

/** The first rows with their per-cell validation (and the blacklist), for the preview step. */
export function previewRows(db: TenantDb, imp: ImportRow) {
  const head = draftHead(db, imp, 10);
  return {
    header: head.header,
    rows: head.rows.map(({ line, cells }) => {
      let check: RowCheck = cells.length === head.header.length ? validateRow(cells, imp.mapping) : { ok: false, errors: { row: `nombre de colonnes incorrect (${cells.length} au lieu de ${head.header.length})` } };
      if (check.ok && isSuppressed(db, check.lead)) check = { ok: false, errors: { row: SUPPRESSED_REASON } };
      return { line, cells, errors: check.ok ? {} : check.errors, reason: reasonOf(check) };
    }),
  };
}

/** The imports and undos this process started and whose worker still runs (shutdown waits for them). */
const started = new Map<string, { tenantId: string; importId: number; mode: "run" | "undo"; finished: Promise<void> }>();

function startJob(tenantId: string, importId: number, mode: "run" | "undo") {
  const key = `${tenantId}:${importId}`;
  // The same promise as importFinished(tenantId, importId): resolved once the worker is done.
  const job = { tenantId, importId, mode, finished: startImportWorker(tenantId, importId, mode) };
  started.set(key, job);
  void job.finished.then(() => {
    if (started.get(key) === job) started.delete(key);
  });
}

export function runningImportJobs() {
  return [...started.values()];
}

/** Marks the draft running and hands it to a worker; returns at once. One import at a time per coach. */
export function startImport(db: TenantDb, tenantId: string, imp: ImportRow, options: ImportOptions, now = Date.now()) {
  failOrphanImports(db, tenantId);
  const running = db.$client.prepare("SELECT id FROM imports WHERE status IN ('queued', 'running') LIMIT 1").get();
  // A bulk job holds the file's write lock for seconds: the import's connection would give up.
  if (bulkJobRunning(tenantId)) return { ok: false as const, error: LEAD_JOB_BUSY };
  if (running || tenantHasJob(tenantId)) return { ok: false as const, error: "Un autre import est en cours : attendez qu'il se termine." };
  if (!mappingHasKey(imp.mapping)) return { ok: false as const, error: "Associez au moins une colonne à l'email, au téléphone ou à l'identifiant Instagram." };
  const changed = db.$client
    .prepare("UPDATE imports SET status = 'running', options = ?, started_at = ?, processed_rows = 0, error = NULL WHERE id = ? AND status = 'draft'")
    .run(JSON.stringify(options), now, imp.id).changes;
  if (changed === 0) return { ok: false as const, error: "Cet import a déjà été lancé." };
  startJob(tenantId, imp.id, "run");
  return { ok: true as const };
}

/** Hands the undo of the last import to a worker (seconds of deletes must not block the server). */
export function startUndo(db: TenantDb, tenantId: string, id: number) {
  if (lastUndoableId(db) !== id) return { ok: false as const, error: "Seul le dernier import terminé peut être annulé." };
  if (bulkJobRunning(tenantId)) return { ok: false as const, error: LEAD_JOB_BUSY };
  if (tenantHasJob(tenantId)) return { ok: false as const, error: "Un import ou une annulation est déjà en cours : attendez qu'il se termine." };
  db.$client.prepare("UPDATE imports SET error = NULL WHERE id = ?").run(id);
  startJob(tenantId, id, "undo");
  return { ok: true as const };
}

/** What the status page shows while the worker runs. */
export function runningProgress(tenantId: string, imp: ImportRow) {
  const p = importProgress(tenantId, imp.id);
  return { processed: p?.processed ?? 0, total: p?.total ?? imp.totalRows ?? 0 };
}

export function rejectedCsvOf(db: TenantDb, id: number) {
  const row = db.$client.prepare("SELECT file_name AS fileName, rejected_csv AS csv FROM imports WHERE id = ?").get(id) as { fileName: string; csv: string | null } | undefined;
  return row?.csv ? row : null;
}

/** Row number and reason of the first rejected rows, for the report page. */
export function rejectedRowsHead(db: TenantDb, id: number, n = 100) {
  const csv = rejectedCsvOf(db, id)?.csv;
  const records: string[][] = csv ? parse(csv, { delimiter: ";", relax_column_count: true, from: 2, to: n + 1 }) : [];
  return records.map((r) => ({ line: r[r.length - 2], reason: r[r.length - 1] }));
}

export { undoImport, type UndoReport } from "./undo.server";

// The leads export: exactly the rows of a LeadQuery, streamed row by row from an iterating
// statement through csv-stringify (100k leads never sit in memory), Excel-friendly (BOM, CRLF,
// ";" by default) and neutralised against formula injection (OWASP): a TEXT cell starting with
// = + - @ tab or CR gets a leading apostrophe; numbers (score, amounts, even -3) stay numbers.
// csv-stringify's escape_formulas is not used: it would also break numeric cells.
import { Readable, Transform } from "node:stream";
import type Database from "better-sqlite3";
import { stringify } from "csv-stringify";
import { dayKey } from "~/kpis/paris-days.server";
import type { LeadQuery } from "./lead-filters.server";
import { statusLabel } from "./lead-status";

export type CsvDelimiter = ";" | ",";

/** Headers the CSV import maps back to the same fields (app/crm/import/mapping.ts). */
export const EXPORT_HEADERS = [
  "prénom",
  "nom",
  "email",
  "téléphone",
  "entreprise",
  "poste",
  "ville",
  "instagram",
  "nom d'utilisateur",
  "source",
  "statut",
  "tags",
  // Not "score": the import would take it for a manual override and freeze the computed score.
  "score calculé",
  "valeur",
  "dernier contact",
  "blacklisté",
] as const;

const DANGEROUS = /^[=+\-@\t\r]/;
/** A text cell made inert for spreadsheets. */
export const safeText = (v: string | null | undefined) => (v == null ? "" : DANGEROUS.test(v) ? `'${v}` : v);
/** A number as French Excel reads it with ";" (decimal comma), left as a number (never prefixed). */
export const csvNumber = (n: number | null, delimiter: CsvDelimiter) => (n == null ? "" : delimiter === ";" ? String(n).replace(".", ",") : String(n));

type ExportRow = {
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  job_title: string | null;
  city: string | null;
  instagram_id: string | null;
  username: string | null;
  source: string | null;
  status: string;
  tags: string;
  score: number;
  deal_value_cents: number | null;
  last_contact_at: number | null;
  blacklisted: number;
};

export function toCsvRecord(r: ExportRow, delimiter: CsvDelimiter) {
  return [
    safeText(r.first_name),
    safeText(r.last_name),
    safeText(r.email),
    safeText(r.phone),
    safeText(r.company),
    safeText(r.job_title),
    safeText(r.city),
    safeText(r.instagram_id),
    safeText(r.username),
    safeText(r.source),
    statusLabel(r.status),
    safeText((JSON.parse(r.tags) as string[]).join(", ")),
    csvNumber(r.score, delimiter),
    csvNumber(r.deal_value_cents == null ? null : r.deal_value_cents / 100, delimiter),
    r.last_contact_at == null ? "" : dayKey(r.last_contact_at).split("-").reverse().join("/"),
    r.blacklisted ? "oui" : "non",
  ];
}

const SELECT = `SELECT first_name, last_name, email, phone, company, job_title, city, instagram_id, username, source, status, tags, score,
  deal_value_cents, last_contact_at, blacklisted FROM leads`;

/**
 * The CSV as a Node stream. The statement's iterator stays open while the client reads, so
 * `sqlite` must be a connection of the export's own (it is busy until the stream ends); it is
 * closed by `onEnd` once the stream finishes or is cancelled.
 */
export function leadsCsvStream(sqlite: Database.Database, q: LeadQuery, { delimiter = ";", onEnd }: { delimiter?: CsvDelimiter; onEnd?: () => void } = {}) {
  const rows = sqlite.prepare(`${SELECT} ${q.where} ${q.orderBy}`).iterate(...q.params) as IterableIterator<ExportRow>;
  return csvStream(rows, (row) => toCsvRecord(row, delimiter), { headers: EXPORT_HEADERS, delimiter, onEnd });
}

/** A client that has read nothing for this long is gone or stalled: its download is dropped. */
export const exportLimits = { idleMs: 60_000 };

/**
 * Rows of an open statement iterator as an Excel-friendly CSV stream (BOM, CRLF, `delimiter`),
 * one record per row as the client reads. `onEnd` runs once when the stream ends, fails or is
 * cancelled; the iterator is closed then. Shared by every CSV export (leads, earnings).
 * A client that reads nothing for `exportLimits.idleMs` (backpressure stops the flow) gets its
 * stream destroyed: the connection and the export slot it holds are freed.
 */
export function csvStream<Row>(
  rows: IterableIterator<Row>,
  toRecord: (row: Row) => unknown[],
  { headers, delimiter, onEnd }: { headers: readonly string[]; delimiter: CsvDelimiter; onEnd?: () => void },
) {
  function* records() {
    try {
      for (const row of rows) yield toRecord(row);
    } finally {
      rows.return?.();
    }
  }
  const csv = stringify({ bom: true, delimiter, record_delimiter: "\r\n", header: true, columns: [...headers] });
  const source = Readable.from(records());
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    source.destroy();
    onEnd?.();
  };
  csv.on("close", end).on("end", end).on("error", end);
  source.on("error", (e) => csv.destroy(e));
  // Every chunk passes here only when the client has room for it: no chunk for idleMs, no reader.
  let idle: NodeJS.Timeout | undefined;
  const watch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => out.destroy(), exportLimits.idleMs);
    idle.unref();
  };
  const out = new Transform({
    transform(chunk, _encoding, done) {
      watch();
      done(null, chunk);
    },
  });
  out.on("close", () => {
    clearTimeout(idle);
    csv.destroy(); // cancelled or dropped: the statement and the slot go too
  });
  out.on("error", () => {});
  csv.on("error", (e) => out.destroy(e));
  watch();
  return source.pipe(csv).pipe(out);
}

/**
 * Exports in flight in this process. Each holds a read connection (and its WAL snapshot) for as
 * long as the client downloads, and a slow client can take minutes: one at a time per coach and
 * at most MAX_CONCURRENT_EXPORTS in all, beyond which the route answers 429 instead of opening
 * more. One coach's downloads never lock the others out.
 */
export const MAX_CONCURRENT_EXPORTS = 4;
const exportsInFlight = new Map<string, number>();
let totalInFlight = 0;

/** A slot for one export of this tenant, or null when its slot or all are taken. The release is idempotent. */
export function takeExportSlot(tenantId: string): (() => void) | null {
  if (exportsInFlight.has(tenantId) || totalInFlight >= MAX_CONCURRENT_EXPORTS) return null;
  exportsInFlight.set(tenantId, 1);
  totalInFlight++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    exportsInFlight.delete(tenantId);
    totalInFlight--;
  };
}

/** "leads-2026-11-22.csv" (Paris day). */
export const exportFileName = (now = new Date()) => `leads-${dayKey(now)}.csv`;

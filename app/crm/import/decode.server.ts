// Turns the uploaded bytes into rows: encoding, delimiter, then csv-parse (never hand-written
// parsing). French Excel writes Windows-1252 without a BOM; Node 20's
// TextDecoder("windows-1252") is really Latin-1 and loses € and œ, so cp1252 goes through
// iconv-lite, and only after the bytes failed a strict UTF-8 check (no guessing on "é").
import { isUtf8 } from "node:buffer";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";

export const ENCODINGS = ["utf8", "utf8bom", "utf16le", "utf16be", "cp1252"] as const;
export type Encoding = (typeof ENCODINGS)[number];
export const ENCODING_LABELS: Record<Encoding, string> = {
  utf8: "UTF-8",
  utf8bom: "UTF-8 (avec BOM)",
  utf16le: "UTF-16 LE",
  utf16be: "UTF-16 BE",
  cp1252: "Windows-1252 (Excel français)",
};

export const DELIMITERS = [";", ",", "\t"] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export const DELIMITER_LABELS: Record<Delimiter, string> = { ";": "point-virgule ( ; )", ",": "virgule ( , )", "\t": "tabulation" };

/**
 * The csv-parse options of every reading of an upload (delimiter detection, mapping, preview,
 * import): one object, so that the preview shows exactly the rows the import will write. A
 * quote inside an unquoted field (`Jean "Jeannot" Dupont`, `écran 27"`) is kept as text
 * (relax_quotes): refusing the whole file for it would be worse. Ragged records are kept aside
 * and rejected with their row number, not padded (relax_column_count only lets us see them).
 */
export const CSV_OPTIONS = { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true } as const;

/** Limits stated on the upload page and enforced before parsing. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;

/** A file we refuse whole, with a message for the coach. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportFileError";
  }
}

const startsWith = (bytes: Buffer, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** The encoding of the bytes: a BOM when there is one, else strict UTF-8, else cp1252. */
export function detectEncoding(bytes: Buffer): Encoding {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) return "utf8bom";
  if (startsWith(bytes, 0xff, 0xfe)) return "utf16le";
  if (startsWith(bytes, 0xfe, 0xff)) return "utf16be";
  return isUtf8(bytes) ? "utf8" : "cp1252";
}

function looksBinary(text: string) {
  // Control characters other than tab/CR/LF/FF never appear in a spreadsheet export.
  const sample = text.slice(0, 65536);
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) controls++;
  }
  return controls > Math.max(2, sample.length / 100);
}

/** The text of the file in the given (or detected) encoding, without its BOM. */
export function decodeText(bytes: Buffer, encoding: Encoding = detectEncoding(bytes)) {
  if (bytes.length === 0) throw new ImportFileError("Le fichier est vide : exportez de nouveau vos contacts puis réessayez.");
  // NUL bytes outside UTF-16 mean an image, a zip, an .xlsx…: no encoding makes them a CSV.
  if (encoding !== "utf16le" && encoding !== "utf16be" && bytes.includes(0)) {
    throw new ImportFileError("Ce fichier n'est pas un fichier texte CSV (contenu binaire). Depuis Excel : « Enregistrer sous » › « CSV (séparateur : point-virgule) ».");
  }
  let text: string;
  if (encoding === "utf8" || encoding === "utf8bom") text = bytes.toString("utf8");
  else if (encoding === "utf16le") text = iconv.decode(bytes, "utf16le");
  else if (encoding === "utf16be") text = iconv.decode(bytes, "utf16be");
  else text = iconv.decode(bytes, "win1252");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (looksBinary(text)) {
    throw new ImportFileError("Ce fichier n'est pas un fichier texte CSV (contenu binaire). Depuis Excel : « Enregistrer sous » › « CSV (séparateur : point-virgule) ».");
  }
  if (text.trim() === "") throw new ImportFileError("Le fichier est vide : exportez de nouveau vos contacts puis réessayez.");
  return text;
}

/** The delimiter giving a consistent column count > 1 over the first records. */
export function detectDelimiter(text: string): Delimiter {
  const sample = text.slice(0, 64 * 1024);
  let best: { delimiter: Delimiter; score: number } = { delimiter: ";", score: -1 };
  for (const delimiter of DELIMITERS) {
    let records: string[][];
    try {
      records = parse(sample, { ...CSV_OPTIONS, delimiter, to: 20 });
    } catch {
      continue;
    }
    if (records.length === 0) continue;
    const width = records[0].length;
    if (width < 2) continue;
    // The sample may end mid-record: judge all but the last when there are several.
    const judged = records.length > 2 ? records.slice(0, -1) : records;
    const consistent = judged.filter((r) => r.length === width).length / judged.length;
    const score = consistent * 1000 + width;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

export type ParsedCsv = {
  header: string[];
  /** Data records in file order, with their spreadsheet row number (the header is row 1). */
  rows: { line: number; cells: string[] }[];
  /** Records whose column count differs from the header's: rejected with their row number. */
  ragged: { line: number; cells: string[] }[];
};

/** Parses the whole text (tests, small files): the import itself reads a piece at a time (readRecords). */
export function parseCsv(text: string, delimiter: Delimiter, maxRows = MAX_IMPORT_ROWS): ParsedCsv {
  const records = readRecords([Buffer.from(text)], "utf8", delimiter);
  const header = checkHeader(records.next().value ?? []);
  const rows: ParsedCsv["rows"] = [];
  const ragged: ParsedCsv["ragged"] = [];
  let line = 1;
  for (const cells of records) {
    line++;
    if (line - 1 > maxRows) throw tooManyRows(maxRows);
    (cells.length === header.length ? rows : ragged).push({ line, cells });
  }
  return { header, rows, ragged };
}

export const tooManyRows = (maxRows = MAX_IMPORT_ROWS) =>
  new ImportFileError(`Trop de lignes : plus de ${maxRows.toLocaleString("fr-FR")} par import. Découpez le fichier.`);

/** The header record, trimmed; refuses a file whose first record does not name columns. */
export function checkHeader(record: string[]) {
  const header = record.map((h) => h.trim());
  if (header.length < 2 || header.every((h) => h === "") || !hasHeaderShape(header)) {
    throw new ImportFileError("Aucune ligne d'en-tête : la première ligne doit nommer les colonnes (prénom, nom, email, téléphone…).");
  }
  return header;
}

const ICONV_NAMES: Record<Encoding, string> = { utf8: "utf8", utf8bom: "utf8", utf16le: "utf16le", utf16be: "utf16be", cp1252: "win1252" };

/**
 * The records of the file, decoded and parsed a piece (~1 MB) at a time with CSV_OPTIONS: the
 * import never holds the whole text nor all the parsed rows (50,000 rows cost hundreds of MB
 * that way). Each piece ends at a record boundary (a newline outside quotes, csv-parse's rule:
 * a quote opens a field only at its start), so csv-parse sees whole records. Refuses a quote
 * never closed, like the whole-file parse did.
 */
export function* readRecords(chunks: Iterable<Buffer>, encoding: Encoding, delimiter: Delimiter): Generator<string[], void, undefined> {
  const decoder = iconv.getDecoder(ICONV_NAMES[encoding]);
  let pending = "";
  let linesBefore = 0;
  const parsePiece = function* (piece: string) {
    let records: string[][];
    try {
      records = parse(piece, { ...CSV_OPTIONS, delimiter });
    } catch (error) {
      const e = error as { code?: string; lines?: number; message: string };
      const where = e.lines ? ` (vers la ligne ${linesBefore + e.lines})` : "";
      if (e.code === "CSV_QUOTE_NOT_CLOSED") throw new ImportFileError(`Fichier mal formé : un guillemet ouvert n'est jamais fermé${where}. Corrigez-le dans votre tableur puis réessayez.`);
      throw new ImportFileError(`Fichier CSV illisible${where} : ${e.message}`);
    }
    for (let i = 0; i < piece.length; i++) if (piece.charCodeAt(i) === 10) linesBefore++;
    yield* records;
  };
  for (const bytes of chunks) {
    for (let at = 0; at < bytes.length; at += PIECE_BYTES) {
      pending += decoder.write(bytes.subarray(at, at + PIECE_BYTES));
      const end = lastRecordEnd(pending, delimiter);
      if (end === 0) continue;
      const piece = pending.slice(0, end);
      pending = pending.slice(end);
      yield* parsePiece(piece);
    }
  }
  pending += decoder.end() ?? "";
  if (pending !== "") yield* parsePiece(pending);
}

const PIECE_BYTES = 1 << 20;

/** Index just after the last newline outside quotes (0: none yet); `text` starts at a record boundary. */
function lastRecordEnd(text: string, delimiter: Delimiter) {
  const sep = delimiter.charCodeAt(0);
  let inQuotes = false;
  let fieldStart = true;
  let end = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === 34 && fieldStart) inQuotes = true;
    else if (c === 10) {
      end = i + 1;
      fieldStart = true;
    } else if (c === sep) fieldStart = true;
    else if (c !== 13) fieldStart = false;
  }
  return end;
}

/** A header row names columns: no cell looks like an email, a phone number or an amount. */
function hasHeaderShape(header: string[]) {
  const dataLike = header.filter((h) => /@/.test(h) || /^[+\d][\d\s.,/()-]*$/.test(h)).length;
  return dataLike === 0;
}

export type DecodedFile = { encoding: Encoding; delimiter: Delimiter; text: string };

/** Encoding and delimiter, detected unless the coach chose them. */
export function decodeFile(bytes: Buffer, override: { encoding?: Encoding | null; delimiter?: Delimiter | null } = {}): DecodedFile {
  const encoding = override.encoding ?? detectEncoding(bytes);
  const text = decodeText(bytes, encoding);
  const delimiter = override.delimiter ?? detectDelimiter(text);
  return { encoding, delimiter, text };
}

/**
 * Records in the text (quoted newlines do not count), to refuse a file over the row limit
 * before csv-parse builds its rows, and a quote left open (csv-parse would fail at the end).
 * A plain scan with csv-parse's quoting rules: a quote opens a field only at its start.
 */
export function countRecords(text: string, delimiter: Delimiter = ";") {
  const sep = delimiter.charCodeAt(0);
  let records = 0;
  let line = 1;
  let openedAt = 0;
  let inQuotes = false;
  let fieldStart = true;
  let lineHasContent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === 10) line++;
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === 34 && fieldStart) {
      inQuotes = true;
      openedAt = line;
      lineHasContent = true;
      fieldStart = false;
    } else if (c === 10) {
      if (lineHasContent) records++;
      lineHasContent = false;
      fieldStart = true;
      line++;
    } else if (c === sep) {
      lineHasContent = true;
      fieldStart = true;
    } else if (c !== 13) {
      lineHasContent = true;
      fieldStart = false;
    }
  }
  return { records: records + (lineHasContent ? 1 : 0), unclosedQuoteLine: inQuotes ? openedAt : null };
}

/**
 * countRecords over the bytes: for UTF-8 and Windows-1252 the quote, the delimiters and the
 * newlines are single ASCII bytes never found inside another character, so a latin1 view of the
 * bytes (a native copy, no decoding) counts the same records as the decoded text, in a fraction
 * of the time the upload request would otherwise block the server.
 */
export function countRecordsOf(bytes: Buffer, encoding: Encoding, delimiter: Delimiter) {
  // No quote anywhere (most exports of contacts): a record per non-empty line, counted with the
  // native indexOf (≈10× faster than the character scan on 5 MB: this runs on the upload request).
  if (encoding !== "utf16le" && encoding !== "utf16be" && !bytes.includes(34)) return { records: countLines(bytes), unclosedQuoteLine: null };
  const text = encoding === "utf16le" || encoding === "utf16be" ? decodeText(bytes, encoding) : bytes.toString("latin1");
  return countRecords(text, delimiter);
}

/** Lines with content (not empty, not a lone CR) in ASCII-compatible bytes. */
function countLines(bytes: Buffer) {
  let records = 0;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    const length = end - start - (bytes[end - 1] === 13 && end > start ? 1 : 0);
    if (length > 0) records++;
    start = end + 1;
  }
  return records;
}

/** The upload's encoding, delimiter and header, from its head (the whole file is never decoded on the server's thread). */
export function inspectUpload(bytes: Buffer) {
  const encoding = detectEncoding(bytes);
  const head = decodeHead(bytes, encoding);
  if (encoding !== "utf16le" && encoding !== "utf16be" && bytes.includes(0)) {
    throw new ImportFileError("Ce fichier n'est pas un fichier texte CSV (contenu binaire). Depuis Excel : « Enregistrer sous » › « CSV (séparateur : point-virgule) ».");
  }
  const delimiter = detectDelimiter(head);
  const { header } = parseHead(head, delimiter, 0);
  return { encoding, delimiter, header };
}

/**
 * The text of the file's first `bytes` bytes only (the mapping and preview steps need its head:
 * decoding the whole 20 MB on every page would block the server for everybody).
 */
export function decodeHead(bytes: Buffer, encoding: Encoding, size = 256 * 1024) {
  if (bytes.length <= size) return decodeText(bytes, encoding);
  const head = decodeText(bytes.subarray(0, size), encoding);
  // Drop the last, maybe cut, line (and a character cut in half with it).
  const end = head.lastIndexOf("\n");
  return end > 0 ? head.slice(0, end + 1) : head;
}

/** The header and the first `n` records (the mapping and preview steps): csv-parse stops early. */
export function parseHead(text: string, delimiter: Delimiter, n: number) {
  let records: string[][];
  try {
    records = parse(text, { ...CSV_OPTIONS, delimiter, to: n + 1 });
  } catch {
    records = [];
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  if (header.length < 2 || header.every((h) => h === "") || !hasHeaderShape(header)) {
    throw new ImportFileError("Aucune ligne d'en-tête : la première ligne doit nommer les colonnes (prénom, nom, email, téléphone…). Vérifiez aussi le séparateur choisi.");
  }
  return { header, rows: records.slice(1).map((cells, i) => ({ line: i + 2, cells })) };
}

import fs from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { largeCsvBytes } from "../../../tests/fixtures/csv/generate-large";
import { countRecords, countRecordsOf, decodeFile, detectEncoding, ImportFileError, parseCsv, parseHead, readRecords } from "./decode.server";
import { parseFrenchDate, parseFrenchNumber } from "./french";

const fixture = (name: string) => fs.readFileSync(path.resolve("tests/fixtures/csv", name));
const read = (name: string) => {
  const d = decodeFile(fixture(name));
  return { ...d, ...parseCsv(d.text, d.delimiter) };
};

describe("encoding and delimiter detection on the fixtures", () => {
  it("reads French Excel (cp1252, ;, no BOM) with é, € and œ intact", () => {
    const f = read("excel-fr-cp1252.csv");
    expect([f.encoding, f.delimiter]).toEqual(["cp1252", ";"]);
    expect(f.header[0]).toBe("Prénom");
    expect(f.rows[0].cells.slice(0, 5)).toEqual(["Éloïse", "Lefèvre", "eloise.lefevre@exemple.fr", "06 12 34 56 78", "Cœur & Corps"]);
    expect(f.rows[0].cells[9]).toBe("1 250,50 €");
    expect(f.rows[1].cells[1]).toBe("Dœuf");
  });

  it("never takes the cp1252 bytes for Latin-1 (Node's TextDecoder loses € and œ)", () => {
    const bytes = iconv.encode("nom;prix\nœuf;5 €\n", "win1252");
    expect(new TextDecoder("windows-1252").decode(bytes)).not.toContain("€"); // the regression we avoid
    expect(decodeFile(bytes).text).toContain("œuf;5 €");
  });

  it("reads a Google Contacts export (UTF-8, comma)", () => {
    const f = read("google-contacts.csv");
    expect([f.encoding, f.delimiter]).toEqual(["utf8", ","]);
    expect(f.rows[1].cells[1]).toBe("Zoé");
  });

  it("reads UTF-16 LE with a BOM (tab-separated)", () => {
    const f = read("utf16le-bom.csv");
    expect([f.encoding, f.delimiter]).toEqual(["utf16le", "\t"]);
    expect(f.header[0]).toBe("first name");
    expect(f.rows[0].cells.slice(0, 2)).toEqual(["Anaïs", "Nœl"]);
  });

  it("reads UTF-8 with a BOM and UTF-16 BE", () => {
    const text = "prénom;email\nÉmile;e@x.fr\n";
    expect(decodeFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toMatchObject({ encoding: "utf8bom", text });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, "utf16be")]);
    expect(decodeFile(be)).toMatchObject({ encoding: "utf16be", text, delimiter: ";" });
  });

  it("keeps quoted multi-line fields and embedded quotes", () => {
    const f = read("quoted-multiline.csv");
    expect(f.rows).toHaveLength(2);
    expect(f.rows[0].cells[3]).toBe('Institut "Radium", Paris');
    expect(f.rows[0].cells[4]).toBe("Chercheuse\net directrice");
    expect(f.rows[1].cells[3]).toBe("Une ligne,\ndeux lignes");
    expect(countRecords(f.text, ",")).toEqual({ records: 3, unclosedQuoteLine: null });
    expect(countRecords('a;b\n5" écran;"x""y"\n"z;w\n', ";")).toEqual({ records: 3, unclosedQuoteLine: 3 });
  });

  it("sets ragged rows aside with their row number, and refuses an unclosed quote", () => {
    const f = read("ragged.csv");
    expect(f.rows.map((r) => r.line)).toEqual([2, 5]);
    expect(f.ragged.map((r) => r.line)).toEqual([3, 4]);
    expect(() => read("unterminated-quote.csv")).toThrow(/guillemet ouvert n'est jamais fermé/);
  });

  it("refuses an empty file, a binary file and a file without a header row", () => {
    expect(() => decodeFile(Buffer.alloc(0))).toThrow(/vide/);
    expect(() => decodeFile(Buffer.from("\r\n \n"))).toThrow(/vide/);
    expect(() => decodeFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toThrow(ImportFileError);
    expect(() => decodeFile(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 0x41, 0x42, 0x81, 0x8d]))).toThrow(/binaire/);
    const noHeader = decodeFile(Buffer.from("Jean;Dupont;jean@exemple.fr\nMarie;Curie;marie@exemple.fr\n"));
    expect(() => parseHead(noHeader.text, noHeader.delimiter, 1)).toThrow(/Aucune ligne d'en-tête/);
  });

  it("detects the generated 50,000-row file (cp1252, ;, 10 columns)", () => {
    const d = decodeFile(largeCsvBytes(50_000));
    expect([d.encoding, d.delimiter]).toEqual(["cp1252", ";"]);
    const f = parseCsv(d.text, d.delimiter);
    expect(f.header).toHaveLength(10);
    expect(f.rows).toHaveLength(50_000);
    expect(f.ragged).toHaveLength(0);
  });

  it("refuses more rows than the limit", () => {
    const d = decodeFile(largeCsvBytes(30));
    expect(() => parseCsv(d.text, d.delimiter, 20)).toThrow(/Trop de lignes/);
  });
});

describe("French numbers and dates", () => {
  it.each([
    ["1 250,50", 1250.5],
    ["1\u00a0250,50", 1250.5],
    ["1\u202f250,50 €", 1250.5],
    ["1.250,50", 1250.5],
    ["1250.50", 1250.5],
    ["-3", -3],
    ["abc", null],
    ["", null],
  ])("%s → %s", (raw, expected) => expect(parseFrenchNumber(raw)).toBe(expected));

  it("reads jj/mm/aaaa as that day in Paris, refuses impossible dates", () => {
    expect(parseFrenchDate("03/02/2025")?.toISOString()).toBe("2025-02-03T11:00:00.000Z");
    expect(parseFrenchDate("2025-02-03")?.toISOString()).toBe("2025-02-03T11:00:00.000Z");
    expect(parseFrenchDate("31/02/2025")).toBeNull();
    expect(parseFrenchDate("02/2025")).toBeNull();
  });
});

describe("readRecords (the import's piece-by-piece reading)", () => {
  it("gives the same records as one whole parse, across 1 MB pieces, with quoted newlines and a cut multi-byte character", () => {
    // A multi-line quoted field on every 1,000th row: some fall across a piece boundary.
    const text = Array.from({ length: 60_000 }, (_, i) => (i % 1000 === 7 ? `a${i};"ligne\nsuite ; ""${i}""";Zoé€` : `a${i};b${i};Zoé€`)).join("\r\n");
    const bytes = Buffer.from("x;y;z\r\n" + text + "\r\n");
    expect(bytes.length).toBeGreaterThan(1 << 20);
    const whole = parseCsv(bytes.toString("utf8"), ";");
    const pieces = [...readRecords([bytes], "utf8", ";")];
    expect(pieces.length).toBe(60_001);
    expect(pieces.slice(1)).toEqual(whole.rows.map((r) => r.cells));
    expect(pieces[1008]).toEqual(["a1007", 'ligne\nsuite ; "1007"', "Zoé€"]);
  });

  it("refuses a quote never closed, naming the line", () => {
    expect(() => [...readRecords([Buffer.from('a;b\n1;"2\n3;4\n')], "utf8", ";")]).toThrow(/guillemet ouvert n'est jamais fermé/);
  });
});

describe("countRecordsOf (the upload's row count, on the bytes)", () => {
  it("counts like the character scan, with and without quotes, CRLF, empty lines and no final newline", () => {
    for (const text of ["a;b\r\n1;2\r\n\r\n3;4", "a;b\n1;2\n\n3;4\n", 'a;b\n1;"x\ny"\n3;4\n', "a;b\r\n \r\n\r\n", "a;b"]) {
      const bytes = Buffer.from(text);
      expect(countRecordsOf(bytes, "utf8", ";")).toEqual(countRecords(text, ";"));
    }
    expect(countRecordsOf(largeCsvBytes(2000), "cp1252", ";").records).toBe(2001);
  });
});

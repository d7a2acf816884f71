import Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, it } from "vitest";
import { applyMigrations } from "~/lib/migrations.server";
import { csvStream, EXPORT_HEADERS, exportLimits, leadsCsvStream, MAX_CONCURRENT_EXPORTS, safeText, takeExportSlot } from "./export-csv.server";
import { buildLeadQuery, parseLeadFilters } from "./lead-filters.server";

let sqlite: Database.Database;

function add(v: Record<string, unknown>) {
  const row = { instagram_id: `ig_${Math.random()}`, status: "new", score: 0, tags: "[]", created_at: 0, created_day: "2026-11-01", updated_at: 0, ...v };
  const cols = Object.keys(row);
  sqlite.prepare(`INSERT INTO leads (${cols.join(", ")}) VALUES (${cols.map((c) => `@${c}`).join(", ")})`).run(row);
}

async function csvOf(query: string, delimiter: ";" | "," = ";") {
  const chunks: Buffer[] = [];
  for await (const c of leadsCsvStream(sqlite, buildLeadQuery(parseLeadFilters(new URLSearchParams(query))), { delimiter })) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

const rowsOf = (buf: Buffer, delimiter = ";") => parse(buf.toString("utf8").replace(/^\uFEFF/, ""), { delimiter }) as string[][];

beforeEach(() => {
  sqlite = new Database(":memory:");
  applyMigrations(sqlite, "tenant");
});

describe("CSV export", () => {
  it.each(["=SUM(A1)", "+33 6 12", "-2+3", "@cmd", "\tx", "\rx"])("neutralises a text cell starting with %j", async (value) => {
    expect(safeText(value)).toBe(`'${value}`);
    add({ first_name: value, company: value, tags: JSON.stringify([value]) });
    const [, row] = rowsOf(await csvOf(""));
    expect(row[0]).toBe(`'${value}`);
    expect(row[4]).toBe(`'${value}`);
    expect(row[11]).toBe(`'${value}`);
  });

  it("leaves safe text and numbers untouched (a negative amount stays a number)", async () => {
    add({ first_name: "Zoé", last_name: "O'Brien", score: 42, deal_value_cents: -300, status: "qualified" });
    add({ first_name: "Ana", deal_value_cents: 125_050, score: 7 });
    const [header, zoe, ana] = rowsOf(await csvOf("sort=name_desc&sort=created_asc"));
    expect(header).toEqual([...EXPORT_HEADERS]);
    expect([zoe[0], zoe[1], zoe[10], zoe[12], zoe[13]]).toEqual(["Zoé", "O'Brien", "Qualifié", "42", "-3"]);
    expect(ana[13]).toBe("1250,5");
    const comma = rowsOf(await csvOf("", ","), ",");
    expect(comma.find((r) => r[0] === "Ana")![13]).toBe("1250.5");
  });

  it("writes a UTF-8 BOM, CRLF line ends and the delimiter asked for", async () => {
    add({ first_name: "Élodie", company: "A; B, C", job_title: 'dit "Lolo"\nsur deux lignes' });
    const buf = await csvOf("");
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString("utf8");
    expect(text.split("\r\n")[0]).toBe(`\uFEFF${EXPORT_HEADERS.join(";")}`);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(rowsOf(buf)[1][4]).toBe("A; B, C");
    expect(rowsOf(buf)[1][5]).toBe('dit "Lolo"\nsur deux lignes');
    expect((await csvOf("", ",")).toString("utf8").split("\r\n")[0]).toContain("prénom,nom,email");
  });

  it("exports exactly the filtered rows; blacklisted contacts only when asked, and says so", async () => {
    add({ first_name: "Hot", tags: '["chaud"]', status: "engaged" });
    add({ first_name: "Cold", status: "engaged" });
    add({ first_name: "Banned", tags: '["chaud"]', blacklisted: 1 });
    expect(rowsOf(await csvOf("tag=chaud")).slice(1).map((r) => r[0])).toEqual(["Hot"]);
    const all = rowsOf(await csvOf("tag=chaud&blacklisted=all&sort=name_asc")).slice(1);
    expect(all.map((r) => [r[0], r[15]]).sort()).toEqual([["Banned", "oui"], ["Hot", "non"]]);
  });

  it("streams row by row: many small chunks, and a cancelled download frees the connection", async () => {
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
      INSERT INTO leads (instagram_id, first_name, last_name, email, company, status, score, tags, created_at, created_day, updated_at)
      SELECT 'ig' || i, 'Prénom' || i, 'Nom' || i, 'p' || i || '@exemple.fr', 'Société ' || i, 'new', i % 100, '["a","b"]', i, '2026-11-01', 0 FROM n`);
    let chunks = 0;
    let bytes = 0;
    let maxChunk = 0;
    let lines = 0;
    // Counted as it flows, never joined: the export must not build the whole file either.
    for await (const c of leadsCsvStream(sqlite, buildLeadQuery(parseLeadFilters(new URLSearchParams())))) {
      const b = Buffer.from(c);
      chunks++;
      bytes += b.length;
      maxChunk = Math.max(maxChunk, b.length);
      for (const x of b) if (x === 0x0a) lines++;
    }
    expect(lines).toBe(20_001);
    expect(bytes).toBeGreaterThan(1_000_000);
    expect(chunks).toBeGreaterThan(20);
    expect(maxChunk).toBeLessThan(128 * 1024);

    let ended = false;
    const stream = leadsCsvStream(sqlite, buildLeadQuery(parseLeadFilters(new URLSearchParams())), { onEnd: () => (ended = true) });
    for await (const _ of stream) break; // the client went away after the first chunk
    await new Promise((r) => setImmediate(r));
    expect(ended).toBe(true);
    expect(() => sqlite.prepare("UPDATE leads SET score = 1 WHERE id = 1").run()).not.toThrow(); // iterator closed
  });

  it("drops a download whose client has read nothing for the idle delay, and frees its statement and slot", async () => {
    let closed = false;
    function* endless() {
      try {
        for (let i = 0; ; i++) yield { i };
      } finally {
        closed = true;
      }
    }
    const saved = exportLimits.idleMs;
    exportLimits.idleMs = 150;
    try {
      // A reader slower than the data but steady (a chunk every 50 ms) keeps its download.
      let ended = false;
      const slow = csvStream(endless(), (r) => [r.i, "x".repeat(200)], { headers: ["i", "x"], delimiter: ";", onEnd: () => (ended = true) });
      let got = 0;
      for await (const _ of slow) {
        if (++got === 8) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(got).toBe(8); // not cut while it kept reading
      await new Promise((r) => setImmediate(r));
      expect(ended).toBe(true);
      closed = false;
      // A reader that stops: dropped after the idle delay, the iterator closed and onEnd run once.
      let ends = 0;
      const release = takeExportSlot("t_stalled")!;
      const stalled = csvStream(endless(), (r) => [r.i, "x".repeat(200)], {
        headers: ["i", "x"],
        delimiter: ";",
        onEnd: () => {
          ends++;
          release();
        },
      });
      const reader = stalled[Symbol.asyncIterator]();
      await reader.next(); // one chunk, then nothing
      expect(takeExportSlot("t_stalled")).toBeNull();
      await new Promise((r) => setTimeout(r, 100));
      expect([ends, closed]).toEqual([0, false]);
      await new Promise((r) => setTimeout(r, 300));
      expect([ends, closed, stalled.destroyed]).toEqual([1, true, true]);
      const again = takeExportSlot("t_stalled");
      expect(again).not.toBeNull();
      again!();
    } finally {
      exportLimits.idleMs = saved;
    }
  });
});

describe("export slots", () => {
  it("allows one export per coach and MAX_CONCURRENT_EXPORTS in all; a release frees exactly its slot", () => {
    const first = takeExportSlot("t_a")!;
    expect(first).not.toBeNull();
    expect(takeExportSlot("t_a")).toBeNull(); // the same coach waits
    const others = Array.from({ length: MAX_CONCURRENT_EXPORTS - 1 }, (_, i) => takeExportSlot(`t_other${i}`));
    expect(others.every(Boolean)).toBe(true); // other coaches do not
    expect(takeExportSlot("t_z")).toBeNull(); // the global cap
    first();
    first(); // idempotent: frees one slot only
    const z = takeExportSlot("t_z")!;
    expect(z).not.toBeNull();
    expect(takeExportSlot("t_a")).toBeNull(); // global cap again
    z();
    const a = takeExportSlot("t_a")!;
    expect(a).not.toBeNull();
    for (const release of [a, ...others]) release!();
  });
});

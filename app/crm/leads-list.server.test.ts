import { beforeAll, describe, expect, it } from "vitest";
import { memoryTenant } from "./test-tenant.test-helpers";
import { parseLeadFilters, PAGE_SIZE } from "./lead-filters.server";
import { listLeads } from "./leads-list.server";
import type Database from "better-sqlite3";

let sqlite: Database.Database;

beforeAll(() => {
  sqlite = memoryTenant().$client;
  const insert = sqlite.prepare(
    `INSERT INTO leads (instagram_id, first_name, last_name, email, status, score, tags, source, created_at, created_day, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-11-10', 0)`,
  );
  // 130 leads: even ones at gmail, every third tagged "chaud"; scores and names in a scrambled order.
  for (let i = 1; i <= 130; i++) {
    insert.run(`ig${i}`, `Prénom${i}`, `Nom${(i * 37) % 131}`, i % 2 ? `p${i}@orange.fr` : `p${i}@gmail.com`, i % 5 ? "new" : "engaged", (i * 13) % 101, JSON.stringify(i % 3 ? [] : ["chaud"]), i % 4 ? "story" : "post", i * 1000);
  }
});

/** The reference: every match in order through the plain count + LIMIT/OFFSET path (no search). */
function expected(filter: (i: number) => boolean, order: (a: number, b: number) => number) {
  return Array.from({ length: 130 }, (_, k) => k + 1).filter(filter).sort(order);
}

const list = (qs: string) => listLeads(sqlite, parseLeadFilters(new URLSearchParams(qs)));

describe("listLeads with a search (a trigram search: ids once, then the page's rows)", () => {
  it("counts every match and pages through them in the sort order, without repeats", () => {
    const want = expected((i) => i % 2 === 0, (a, b) => (b * 13) % 101 - (a * 13) % 101 || b - a);
    const p1 = list("q=gmail&sort=score_desc");
    const p2 = list("q=gmail&sort=score_desc&page=2");
    expect(p1.total).toBe(want.length);
    expect(p1.pageCount).toBe(Math.ceil(want.length / PAGE_SIZE));
    expect([...p1.rows, ...p2.rows].map((r) => r.id)).toEqual(want.slice(0, 2 * PAGE_SIZE));
    expect(p1.rows[0]).toMatchObject({ firstName: expect.stringMatching(/^Prénom/), tags: expect.any(Array), blacklisted: false });
    // Same order as the filter-only SQL for every sort (the search path sorts the matches itself).
    for (const sort of ["created_desc", "created_asc", "name_asc", "name_desc", "score_asc", "last_contact_desc"]) {
      const withSearch = list(`q=rénom&sort=${sort}`).rows.map((r) => r.id); // every lead matches "Prénom…"
      expect(withSearch).toEqual(list(`sort=${sort}`).rows.map((r) => r.id));
    }
  });

  it("clamps a page past the end to the last one", () => {
    const want = expected((i) => i % 2 === 0 && i % 3 === 0, (a, b) => b * 1000 - a * 1000);
    const last = list("q=gmail&tag=chaud&page=99");
    expect(last.total).toBe(want.length);
    expect(last.page).toBe(1);
    expect(last.rows.map((r) => r.id)).toEqual(want);
  });

  it("a short (LIKE) search gives the same total and first page as the same filters without it", () => {
    const withSearch = list("q=om&source=story&sort=name_asc"); // "Nom…"/"Prénom…": every lead
    const without = list("source=story&sort=name_asc");
    expect(withSearch.total).toBe(without.total);
    expect(withSearch.rows.map((r) => r.id)).toEqual(without.rows.map((r) => r.id));
    expect(list("q=zz").total).toBe(0);
    expect(list("q=zz").rows).toEqual([]);
  });
});

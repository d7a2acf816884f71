import { beforeAll, describe, expect, it, vi } from "vitest";
import type Database from "better-sqlite3";
import { memoryTenant } from "./test-tenant.test-helpers";
import { parseLeadFilters } from "./lead-filters.server";
import { CARDS_PER_COLUMN, loadPipeline } from "./pipeline.server";
import { FUNNEL } from "./lead-status";

let sqlite: Database.Database;

beforeAll(() => {
  sqlite = memoryTenant().$client;
  const insert = sqlite.prepare(
    `INSERT INTO leads (instagram_id, first_name, last_name, status, score, deal_value_cents, source, blacklisted, created_at, created_day, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '2026-11-10', 0)`,
  );
  // 300 leads: "Martin" for two thirds, statuses and scores scrambled (ties on score included).
  for (let i = 1; i <= 300; i++) {
    insert.run(`ig${i}`, `P${i}`, i % 3 ? "Martin" : "Durand", FUNNEL[(i * 7) % FUNNEL.length], (i * 11) % 37, i % 4 ? i * 100 : null, i % 2 ? "story" : "post", i % 29 ? 0 : 1);
  }
});

/** The reference: every column straight from SQL, filters written by hand. */
function reference(where: string) {
  return FUNNEL.map((status) => {
    const t = sqlite.prepare(`SELECT count(*) AS count, coalesce(sum(deal_value_cents), 0) AS totalCents FROM leads WHERE status = ? AND ${where}`).get(status) as {
      count: number;
      totalCents: number;
    };
    const ids = sqlite.prepare(`SELECT id FROM leads WHERE status = ? AND ${where} ORDER BY score DESC, id DESC LIMIT ${CARDS_PER_COLUMN}`).pluck().all(status);
    return { status, ...t, ids };
  });
}
const load = (qs: string) =>
  loadPipeline(sqlite, parseLeadFilters(new URLSearchParams(qs))).columns.map((c) => ({ status: c.status, count: c.count, totalCents: c.totalCents, ids: c.cards.map((r) => r.id) }));

describe("loadPipeline", () => {
  it("with a search, reads the matches once and gives the same columns, totals and cards as SQL", () => {
    const got = load("q=martin");
    expect(got).toEqual(reference("last_name = 'Martin' AND blacklisted = 0"));
    expect(got.some((c) => c.count > CARDS_PER_COLUMN) || got.every((c) => c.ids.length === c.count)).toBe(true);
    expect(load("q=martin&source=story")).toEqual(reference("last_name = 'Martin' AND source = 'story' AND blacklisted = 0"));
    expect(load("q=rt&blacklisted=yes")).toEqual(reference("last_name = 'Martin' AND blacklisted = 1")); // LIKE: "Martin" only
    expect(load("q=nobody").every((c) => c.count === 0 && c.ids.length === 0)).toBe(true);
  });

  it("without a search, the same through the indexes", () => {
    expect(load("source=post&score_min=10")).toEqual(reference("source = 'post' AND score >= 10 AND blacklisted = 0"));
  });

  it("gives the same columns for a search of 1, 2 and 3+ letters; 1–2 letters alone stay on the SQL path", () => {
    const prepared: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    const spy = vi.spyOn(sqlite, "prepare").mockImplementation(((source: string) => {
      prepared.push(source);
      return prepare(source);
    }) as never);
    const readsAllMatches = (qs: string) => {
      prepared.length = 0;
      const got = load(qs);
      return { got, all: prepared.some((s) => s.startsWith("SELECT leads.id, leads.status, leads.score, leads.deal_value_cents FROM leads")) };
    };
    try {
      const like = (w: string) => `(first_name LIKE '%${w}%' OR last_name LIKE '%${w}%' OR instagram_id LIKE '%${w}%') AND blacklisted = 0`;
      for (const [q, where, all] of [
        ["u", like("u"), false],
        ["ur", like("ur"), false],
        ["dur", like("dur"), true],
        ["durand", like("durand"), true],
        ["P1", like("P1"), false],
        ["P12", like("P12"), true],
      ] as const) {
        const r = readsAllMatches(`q=${q}`);
        expect(r.got, q).toEqual(reference(where));
        expect(r.all, q).toBe(all);
      }
      // Bounded by a filter: the 1–2 letter search reads its matches once, same columns.
      const r = readsAllMatches("q=ur&source=post");
      expect(r.got).toEqual(reference(`${like("ur")} AND source = 'post'`));
      expect(r.all).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});

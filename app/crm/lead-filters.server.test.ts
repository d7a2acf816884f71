import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "~/lib/migrations.server";
import { buildLeadQuery, leadFiltersQuery, leadQuery, parseLeadFilters, SegmentNotFound } from "./lead-filters.server";

type L = { first: string; last: string; company?: string; email?: string; status?: string; score?: number; tags?: string[]; day?: string; source?: string; blacklisted?: boolean; contact?: number | null };

let sqlite: Database.Database;
const ids: Record<string, number> = {};

function add(key: string, l: L) {
  const day = l.day ?? "2026-11-10";
  ids[key] = Number(
    sqlite
      .prepare(
        `INSERT INTO leads (instagram_id, username, first_name, last_name, company, email, status, score, tags, source, blacklisted, last_contact_at, created_at, created_day, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
      )
      .run(`ig_${key}`, key, l.first, l.last, l.company ?? null, l.email ?? null, l.status ?? "new", l.score ?? 0, JSON.stringify(l.tags ?? []), l.source ?? null, l.blacklisted ? 1 : 0, l.contact ?? null, Date.parse(`${day}T12:00:00Z`), day).lastInsertRowid,
  );
}

/** The keys of the leads the filters select, in the query's order. */
function run(query: string, opts: { ids?: number[] } = {}) {
  const q = leadQuery(sqlite, parseLeadFilters(new URLSearchParams(query)), opts);
  const rows = sqlite.prepare(`SELECT username FROM leads ${q.where} ${q.orderBy}`).all(...q.params) as { username: string }[];
  return rows.map((r) => r.username);
}

beforeAll(() => {
  sqlite = new Database(":memory:");
  applyMigrations(sqlite, "tenant");
  add("helene", { first: "Hélène", last: "Durand", company: "Cabinet Lumière", email: "helene@durand.fr", status: "qualified", score: 60, tags: ["avocat", "paris"], day: "2026-11-01", source: "story", contact: 3000 });
  add("marc", { first: "Marc", last: "Dupont", company: "Studio Forme", email: "marc@forme.fr", status: "engaged", score: 30, tags: ["paris"], day: "2026-11-05", source: "post", contact: 2000 });
  add("marie", { first: "Marie", last: "Dupont", company: "Avocats Réunis", email: "marie@ar.fr", status: "qualified", score: 60, tags: ["avocat"], day: "2026-11-10", source: "story", contact: null });
  add("li", { first: "Li", last: "Wu", company: "Wu & Co", status: "won", score: 100, day: "2026-11-20", source: "post", contact: 1000 });
  add("banned", { first: "Bruno", last: "Dupont", status: "lost", score: 0, blacklisted: true, day: "2026-11-12" });
});

describe("lead filters → SQL", () => {
  it("searches substrings through the trigram index, accents ignored, words across columns", () => {
    expect(run("q=upon&sort=name_asc")).toEqual(["marc", "marie"]); // inside "Dupont", blacklisted left out
    expect(run("q=helene")).toEqual(["helene"]);
    expect(run("q=LUMIERE")).toEqual(["helene"]);
    expect(run("q=marie dupont")).toEqual(["marie"]);
    expect(run("q=forme.fr")).toEqual(["marc"]);
    const { params } = buildLeadQuery(parseLeadFilters(new URLSearchParams("q=upon")));
    expect(params[0]).toBe('"upon"');
  });

  it("falls back to LIKE below three characters", () => {
    expect(run("q=wu")).toEqual(["li"]);
    expect(run("q=Li")).toEqual(["li"]);
    expect(run("q=%")).toEqual([]); // a wildcard typed by the coach is a literal
  });

  it("filters by status (several), source, tag, score range, Paris days and blacklist", () => {
    expect(run("status=qualified&status=won&sort=name_asc")).toEqual(["marie", "helene", "li"]); // Dupont < Durand < Wu
    expect(run("source=post&sort=name_asc")).toEqual(["marc", "li"]);
    expect(run("tag=avocat&sort=name_asc")).toEqual(["marie", "helene"]);
    expect(run("tag=avocat&source=post")).toEqual([]);
    expect(run("score_min=30&score_max=60&sort=score_asc")).toEqual(["marc", "helene", "marie"]);
    expect(run("created_from=2026-11-05&created_to=2026-11-10&sort=created_asc")).toEqual(["marc", "marie"]);
    expect(run("blacklisted=yes")).toEqual(["banned"]);
    expect(run("blacklisted=all&q=dupont&sort=name_asc")).toEqual(["banned", "marc", "marie"]);
  });

  it("sorts with the id as tie-breaker, both ways", () => {
    expect(run("sort=score_desc")).toEqual(["li", "marie", "helene", "marc"]); // equal scores: higher id first
    expect(run("sort=score_asc")).toEqual(["marc", "helene", "marie", "li"]);
    expect(run("sort=last_contact_desc")).toEqual(["helene", "marc", "li", "marie"]);
    expect(run("sort=created_desc")).toEqual(["li", "marie", "marc", "helene"]);
  });

  it("applies a saved segment, narrowed by the URL, and refuses an unknown one", () => {
    const id = Number(sqlite.prepare("INSERT INTO segments (name, query, created_at) VALUES ('Avocats', 'tag=avocat&sort=name_asc', 0)").run().lastInsertRowid);
    expect(run(`segment=${id}`)).toEqual(["marie", "helene"]);
    expect(run(`segment=${id}&q=marie`)).toEqual(["marie"]);
    expect(() => run(`segment=${id + 99}`)).toThrow(SegmentNotFound);
  });

  it("restricts to selected ids (unknown ids select nothing)", () => {
    expect(run("sort=name_asc", { ids: [ids.marc, ids.li, 999_999] })).toEqual(["marc", "li"]);
  });

  it("intersects search, tag and selection before reading rows, with the same results", () => {
    // Each pair of sets: only leads in both (the planner merges the id-sorted sets).
    expect(run("q=dupont&tag=paris")).toEqual(["marc"]);
    expect(run("q=dupont&tag=avocat")).toEqual(["marie"]);
    expect(run("q=dupont&tag=avocat", { ids: [ids.marc] })).toEqual([]);
    expect(run("q=dupont&sort=name_asc", { ids: [ids.marc, ids.marie, ids.li] })).toEqual(["marc", "marie"]);
    expect(run("tag=paris&q=du&sort=name_asc")).toEqual(["marc", "helene"]); // a short word stays a LIKE beside the sets
    expect(run("q=dupont&tag=nope")).toEqual([]);
    const { where, params } = buildLeadQuery(parseLeadFilters(new URLSearchParams("q=dupont&tag=paris&source=story")), { ids: [1, 2] });
    expect(where).toContain("INTERSECT");
    expect(params.slice(0, 3)).toEqual(['"dupont"', "paris", "[1,2]"]);
  });

  it("never writes user input into the SQL text", () => {
    const evil = `x'); DROP TABLE leads; -- "quoted" %_\\`;
    const f = parseLeadFilters(new URLSearchParams({ q: `${evil} ab`, source: evil, tag: evil, created_from: evil, sort: evil, status: evil }));
    const { where, orderBy, params } = buildLeadQuery({ ...f, status: ["new"] });
    for (const part of ["DROP", "quoted", evil]) expect(`${where} ${orderBy}`).not.toContain(part);
    expect(params).toContain(evil);
    expect(f.sort).toBe("created_desc"); // an unknown sort falls back, never reaches ORDER BY
    expect(f.created_from).toBeUndefined();
    expect(run(new URLSearchParams({ q: evil }).toString())).toEqual([]);
    expect(sqlite.prepare("SELECT count(*) n FROM leads").get()).toEqual({ n: 5 });
  });

  it("writes a canonical query string without page or defaults", () => {
    const f = parseLeadFilters(new URLSearchParams("page=3&status=won&q=a%20b&status=new&sort=created_desc&blacklisted=no&score_min=10"));
    expect(leadFiltersQuery(f)).toBe("q=a+b&status=new&status=won&score_min=10");
    expect(f.page).toBe(3);
  });
});

import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "~/lib/migrations.server";
import { refreshAllScores, refreshScores } from "./score.server";

const NOW = new Date("2026-11-22T12:00:00Z");
const DAY = 86_400_000;

function tenant() {
  const sqlite = new Database(":memory:");
  applyMigrations(sqlite, "tenant");
  return sqlite;
}

function lead(sqlite: Database.Database, fields: { status: string; received?: number; lastContactDaysAgo?: number | null; override?: number | null }) {
  const last = fields.lastContactDaysAgo == null ? null : NOW.getTime() - fields.lastContactDaysAgo * DAY;
  return Number(
    sqlite
      .prepare(
        `INSERT INTO leads (instagram_id, status, messages_received, last_contact_at, score_override, created_at, created_day, updated_at)
         VALUES (?, ?, ?, ?, ?, 0, '2026-11-01', 0)`,
      )
      .run(`ig_${Math.random()}`, fields.status, fields.received ?? 0, last, fields.override ?? null).lastInsertRowid,
  );
}

const scoreOf = (sqlite: Database.Database, id: number) => (sqlite.prepare("SELECT score FROM leads WHERE id = ?").get(id) as { score: number }).score;

describe("lead score rule", () => {
  it.each([
    [{ status: "new" }, 0],
    [{ status: "engaged", received: 1, lastContactDaysAgo: 2 }, 15 + 5 + 10],
    [{ status: "qualified", received: 3, lastContactDaysAgo: 20 }, 35 + 15 + 5],
    [{ status: "call_booked", received: 9, lastContactDaysAgo: 1 }, 95], // 65 + 25 + 10 = 100, capped at 95 until won
    [{ status: "call_proposed", received: 2, lastContactDaysAgo: 45 }, 50 + 10],
    [{ status: "follow_up", received: 0, lastContactDaysAgo: null }, 15],
    [{ status: "won", received: 0 }, 100],
    [{ status: "lost", received: 5, lastContactDaysAgo: 1 }, 0],
    [{ status: "lost", override: 40 }, 40],
  ])("%o scores %i", (fields, expected) => {
    const sqlite = tenant();
    const id = lead(sqlite, fields);
    refreshAllScores(sqlite, NOW);
    expect(scoreOf(sqlite, id)).toBe(expected);
  });

  it("decays with time without any write, and refreshes one lead after an edit", () => {
    const sqlite = tenant();
    const id = lead(sqlite, { status: "engaged", received: 1, lastContactDaysAgo: 6 });
    refreshAllScores(sqlite, NOW);
    expect(scoreOf(sqlite, id)).toBe(30);
    refreshAllScores(sqlite, new Date(NOW.getTime() + 2 * DAY));
    expect(scoreOf(sqlite, id)).toBe(25);
    sqlite.prepare("UPDATE leads SET score_override = 80 WHERE id = ?").run(id);
    refreshScores(sqlite, [id], NOW);
    expect(scoreOf(sqlite, id)).toBe(80);
  });
});

describe("refreshing after a write", () => {
  it("finds the touched leads through an index, not a scan of every lead", () => {
    const sqlite = tenant();
    const plan = sqlite
      .prepare(`EXPLAIN QUERY PLAN UPDATE leads SET score = 0 WHERE updated_at >= ? AND score IS NOT 1`)
      .all(0)
      .map((r) => (r as { detail: string }).detail)
      .join(" | ");
    expect(plan).toMatch(/USING INDEX leads_updated_idx/);
  });
});

// Migration 0006 moves the old free-text client goal and the sessions' JSON list of marked
// moments into their own tables: a file seeded before it must keep every goal and moment.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, describe, expect, it } from "vitest";
import { migrationsFolder } from "~/lib/migrations.server";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The tenant migrations up to (and including) `lastTag`, in a folder of their own. */
function migrationsUpTo(lastTag: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mig-"));
  dirs.push(dir);
  const source = migrationsFolder("tenant");
  fs.cpSync(source, dir, { recursive: true });
  const journalFile = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8"));
  const last = journal.entries.findIndex((e: { tag: string }) => e.tag === lastTag);
  journal.entries = journal.entries.slice(0, last + 1);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

describe("migration 0006_clients_sessions", () => {
  it("keeps old goals and marked moments, and back-fills the session timestamps", () => {
    const sqlite = new Database(":memory:");
    sqlite.pragma("foreign_keys = ON");
    migrate(drizzle(sqlite), { migrationsFolder: migrationsUpTo("0005_leads_updated_index") });
    const at = Date.UTC(2026, 5, 1, 8);
    sqlite.prepare("INSERT INTO clients (id, first_name, last_name, goals, created_at, updated_at) VALUES (1, 'Marie', 'Dupont', ' Oser dire non ', 1, 2), (2, 'Jean', 'Martin', '', 1, 2)").run();
    const insert = sqlite.prepare(
      "INSERT INTO coaching_sessions (id, client_id, scheduled_at, duration_minutes, price_cents, status, marked_moments, created_at) VALUES (?, 1, ?, 60, 8000, ?, ?, 0)",
    );
    insert.run(1, at, "completed", JSON.stringify(["Déclic culpabilité", "Premier objectif atteint"]));
    insert.run(2, at + 86_400_000, "cancelled", "[]");
    insert.run(3, at + 2 * 86_400_000, "refunded", "not json");

    migrate(drizzle(sqlite), { migrationsFolder: migrationsFolder("tenant") });

    expect(sqlite.prepare("SELECT client_id, title, status, progress FROM goals").all()).toEqual([
      { client_id: 1, title: "Oser dire non", status: "in_progress", progress: 0 },
    ]);
    expect(sqlite.prepare("SELECT session_id, body FROM session_moments ORDER BY id").all()).toEqual([
      { session_id: 1, body: "Déclic culpabilité" },
      { session_id: 1, body: "Premier objectif atteint" },
    ]);
    const sessions = sqlite.prepare("SELECT id, completed_at, cancelled_at, refunded_at, paid_at FROM coaching_sessions ORDER BY id").all();
    expect(sessions).toEqual([
      { id: 1, completed_at: at + 3_600_000, cancelled_at: null, refunded_at: null, paid_at: at + 3_600_000 },
      { id: 2, completed_at: null, cancelled_at: at + 86_400_000, refunded_at: null, paid_at: null },
      { id: 3, completed_at: at + 2 * 86_400_000 + 3_600_000, cancelled_at: null, refunded_at: at + 2 * 86_400_000 + 3_600_000, paid_at: null },
    ]);
    const columns = (table: string) => (sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns("clients")).not.toContain("goals");
    expect(columns("coaching_sessions")).not.toContain("marked_moments");
  });
});

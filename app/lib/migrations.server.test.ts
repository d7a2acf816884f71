import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { args, cookieFor, makeCoach, request, settle, setupTestDb } from "../../tests/helpers";
import * as focus from "~/routes/dashboard._index";
import { getEnv } from "~/env.server";
import { SchemaBehindError, latestMigration } from "./migrations.server";
import { openSqlite } from "./sqlite.server";
import { closeAllTenantDbs, createTenantFile, withTenantDb } from "./tenant-db.server";
import { newTenantId } from "./tenant-id.server";

const tables = (file: string) =>
  (openSqlite(file).prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe("migrations", () => {
  it("creates every control table on a fresh control DB", () => {
    setupTestDb();
    expect(tables(getEnv().CONTROL_DB_PATH)).toEqual(
      expect.arrayContaining(["tenants", "users", "memberships", "sessions", "invites", "audit_log", "outbox", "__drizzle_migrations"]),
    );
  });

  it("creates a tenant file at the latest schema, with WAL and foreign keys", async () => {
    setupTestDb();
    const id = newTenantId();
    const file = createTenantFile(id);
    expect(tables(file)).toEqual(
      expect.arrayContaining(["leads", "messages", "message_sequences", "clients", "coaching_sessions", "invoices", "payments", "settings"]),
    );
    await withTenantDb(id, (db) => {
      expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(db.$client.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
    });
  });

  it("refuses a tenant file whose schema is behind, with a clear error", async () => {
    setupTestDb();
    const id = newTenantId();
    const file = path.join(getEnv().TENANTS_DIR, `${id}.sqlite`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const sqlite = openSqlite(file);
    sqlite.exec("CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY, hash text NOT NULL, created_at numeric)");
    sqlite.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('old', ?)").run(latestMigration("tenant").when - 1);
    sqlite.close();
    const attempt = withTenantDb(id, () => "used");
    await expect(attempt).rejects.toBeInstanceOf(SchemaBehindError);
    await expect(withTenantDb(id, () => "used")).rejects.toThrow(/npm run migrate/);
  });

  it("shows a coach whose file is behind a clear 503, not their data and not a crash", async () => {
    setupTestDb();
    const { tenant, user } = await makeCoach("Behind Coach", "behind@example.fr");
    closeAllTenantDbs();
    const file = path.join(getEnv().TENANTS_DIR, `${tenant.id}.sqlite`);
    const sqlite = openSqlite(file, { fileMustExist: true });
    sqlite.prepare("UPDATE __drizzle_migrations SET created_at = created_at - 1").run(); // as if the last migration never ran
    sqlite.close();
    const res = await settle(focus.loader(args(request("/dashboard", { cookie: await cookieFor(user) }))));
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("en cours de mise à jour");
  });

  it("refuses a tenant file that does not exist instead of creating it", async () => {
    setupTestDb();
    const id = newTenantId();
    await expect(withTenantDb(id, () => "used")).rejects.toThrow();
    expect(fs.existsSync(path.join(getEnv().TENANTS_DIR, `${id}.sqlite`))).toBe(false);
  });
});

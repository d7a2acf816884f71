import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { setupTestDb } from "../../tests/helpers";
import { getEnv, resetEnvForTests } from "~/env.server";
import { SchemaBehindError } from "./migrations.server";
import { openSqlite } from "./sqlite.server";
import { asUnavailable, closeAllTenantDbs, createTenantFile, TenantUnavailableError, withTenantDb } from "./tenant-db.server";
import { newTenantId } from "./tenant-id.server";

const fileOf = (id: string) => path.join(getEnv().TENANTS_DIR, `${id}.sqlite`);
const openDescriptors = () => fs.readdirSync("/proc/self/fd").length;

afterEach(() => {
  closeAllTenantDbs();
  delete process.env.TENANT_HANDLE_CACHE;
  resetEnvForTests();
});

describe("tenant files that cannot be used", () => {
  it("refuses a garbage file as unavailable and never leaks a file descriptor trying", async () => {
    setupTestDb();
    const id = newTenantId();
    fs.mkdirSync(getEnv().TENANTS_DIR, { recursive: true });
    // A valid SQLite header followed by garbage: opens, then fails at the first pragma.
    fs.writeFileSync(fileOf(id), Buffer.concat([Buffer.from("SQLite format 3\0", "latin1"), Buffer.alloc(8192, 0xab)]));
    const before = openDescriptors();
    for (let i = 0; i < 200; i++) await expect(withTenantDb(id, () => "used")).rejects.toBeInstanceOf(TenantUnavailableError);
    expect(openDescriptors() - before).toBeLessThan(5);
  });

  it("refuses a 0-byte file as unavailable (not 'behind') and leaves it as it is", async () => {
    setupTestDb();
    const id = newTenantId();
    fs.mkdirSync(getEnv().TENANTS_DIR, { recursive: true });
    fs.writeFileSync(fileOf(id), "");
    const error = await withTenantDb(id, () => "used").catch((e) => e);
    expect(error).toBeInstanceOf(TenantUnavailableError);
    expect(error).not.toBeInstanceOf(SchemaBehindError);
    expect(error.reason).toMatch(/vide/);
    expect(fs.statSync(fileOf(id)).size).toBe(0);
  });

  it("refuses a SQLite file without a migrations table: not ours, never migrated in place", async () => {
    setupTestDb();
    const id = newTenantId();
    fs.mkdirSync(getEnv().TENANTS_DIR, { recursive: true });
    const foreign = openSqlite(fileOf(id));
    foreign.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    foreign.close();
    const error = await withTenantDb(id, () => "used").catch((e) => e);
    expect(error).toBeInstanceOf(TenantUnavailableError);
    expect(error.reason).toMatch(/migrations/);
  });

  it("reports a missing file as unavailable without creating it", async () => {
    setupTestDb();
    const id = newTenantId();
    const error = await withTenantDb(id, () => "used").catch((e) => e);
    expect(error).toBeInstanceOf(TenantUnavailableError);
    expect(error.reason).toMatch(/absent/);
    expect(fs.existsSync(fileOf(id))).toBe(false);
  });
});

describe("what counts as the file's fault", () => {
  it("treats a directory in place of the file as unavailable, not as a crash", async () => {
    setupTestDb();
    const id = newTenantId();
    fs.mkdirSync(fileOf(id), { recursive: true });
    const error = await withTenantDb(id, () => "used").catch((e) => e);
    expect(error).toBeInstanceOf(TenantUnavailableError);
    expect(error.reason).toMatch(/illisible/);
  });

  it("flags damage for good but a failed open or I/O error only for this request", () => {
    const id = newTenantId();
    expect(asUnavailable(id, Object.assign(new Error("database disk image is malformed"), { code: "SQLITE_CORRUPT" }))?.persistent).toBe(true);
    expect(asUnavailable(id, Object.assign(new Error("file is not a database"), { code: "SQLITE_NOTADB" }))?.persistent).toBe(true);
    expect(asUnavailable(id, Object.assign(new Error("unable to open database file"), { code: "SQLITE_CANTOPEN" }))?.persistent).toBe(false);
    expect(asUnavailable(id, Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR_READ" }))?.persistent).toBe(false);
    expect(asUnavailable(id, Object.assign(new Error("UNIQUE constraint failed"), { code: "SQLITE_CONSTRAINT_UNIQUE" }))).toBeNull();
  });
});

describe("the handle cache", () => {
  it("never closes a handle that a call still uses, even when evicted meanwhile", async () => {
    process.env.TENANT_HANDLE_CACHE = "2";
    setupTestDb();
    const ids = Array.from({ length: 8 }, () => newTenantId());
    for (const id of ids) createTenantFile(id);
    // 60 calls over 8 tenants with a cache of 2: every call sees its handle evicted while it
    // awaits a timer, then queries it.
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        withTenantDb(ids[i % ids.length], async (db) => {
          await sleep(1 + (i % 5));
          return db.$client.prepare("SELECT count(*) AS n FROM leads").get();
        }),
      ),
    );
    const failures = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
  });

  it("closes evicted handles once their last call is done", async () => {
    process.env.TENANT_HANDLE_CACHE = "1";
    setupTestDb();
    const [a, b] = [newTenantId(), newTenantId()];
    createTenantFile(a);
    createTenantFile(b);
    let handleA: { open: boolean } | undefined;
    await withTenantDb(a, async (db) => {
      handleA = db.$client;
      await withTenantDb(b, () => null); // evicts a while a's call is running
      expect(db.$client.open).toBe(true);
    });
    expect(handleA?.open).toBe(false);
  });
});

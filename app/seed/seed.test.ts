// The seed, checked by reading its output back with plain SQL (not through the code under test).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientHealth, type HealthInput } from "~/clients/health";

type Seed = typeof import("./seed.server");
type Env = typeof import("~/env.server");

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const dirs: string[] = [];
let seed: Seed;
let env: Env;
let now: Date;

/** Points the app at a brand-new data directory (env is cached, hence the reset). */
function freshDataDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coach-os-seed-"));
  dirs.push(dir);
  process.env.CONTROL_DB_PATH = path.join(dir, "control.sqlite");
  process.env.TENANTS_DIR = path.join(dir, "tenants");
  env.resetEnvForTests();
  return dir;
}

function openDb(file: string) {
  return new Database(file, { readonly: true, fileMustExist: true });
}

function control(dir: string) {
  return openDb(path.join(dir, "control.sqlite"));
}

function tenantFiles(dir: string) {
  return fs
    .readdirSync(path.join(dir, "tenants"))
    .filter((f) => f.endsWith(".sqlite"))
    .sort();
}

function all<T = Record<string, unknown>>(db: Database.Database, sql: string, ...params: unknown[]) {
  return db.prepare(sql).all(...params) as T[];
}

function value(db: Database.Database, sql: string, ...params: unknown[]) {
  return db.prepare(sql).pluck().get(...params) as number;
}

/** Everything in a data directory as comparable text: control rows and every tenant table. */
function dump(dir: string) {
  const out: Record<string, unknown> = {};
  const c = control(dir);
  for (const t of ["users", "tenants", "memberships"]) out[t] = all(c, `SELECT * FROM ${t} ORDER BY 1, 2`);
  c.close();
  for (const file of tenantFiles(dir)) {
    const db = openDb(path.join(dir, "tenants", file));
    for (const t of ["leads", "messages", "message_sequences", "clients", "coaching_sessions", "invoices", "invoice_lines", "payments"]) {
      out[`${file}:${t}`] = all(db, `SELECT * FROM ${t} ORDER BY id`);
    }
    db.close();
  }
  return JSON.stringify(out);
}

beforeAll(async () => {
  env = await import("~/env.server");
  freshDataDir(); // before the first app import, like any other entry point
  seed = await import("./seed.server");
  const { anchorNow } = await import("./clock.server");
  now = anchorNow();
});

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("anchorNow", () => {
  it("truncates to the start of the hour", async () => {
    const { anchorNow } = await import("./clock.server");
    expect(anchorNow(new Date("2026-03-05T14:37:12.345Z")).toISOString()).toBe("2026-03-05T14:00:00.000Z");
  });
});

describe("runSeed with 2 coaches and 60 leads", () => {
  let dir: string;
  let result: Awaited<ReturnType<Seed["runSeed"]>>;

  beforeAll(async () => {
    dir = freshDataDir();
    result = await seed.runSeed({ coaches: 2, leads: 60, now });
  });

  it("creates the admin, the support user and one owner per coach tenant", async () => {
    expect(result.kind).toBe("seeded");
    const c = control(dir);
    const users = all<{ email: string; platform_role: string | null; password_hash: string }>(
      c,
      "SELECT email, platform_role, password_hash FROM users ORDER BY email",
    );
    expect(users.map((u) => [u.email, u.platform_role])).toEqual([
      ["admin@example.com", "admin"],
      ["coach1@example.com", null],
      ["coach2@example.com", null],
      ["support@example.com", "support"],
    ]);
    const { verifyPassword } = await import("~/auth/password.server");
    expect(await verifyPassword(users[1].password_hash, "coach-os-demo")).toBe(true);
    expect(await verifyPassword(users[1].password_hash, "wrong-password")).toBe(false);

    const tenants = all<{ id: string; slug: string; name: string; specialty: string; file_name: string; owner: string; role: string }>(
      c,
      `SELECT t.id, t.slug, t.name, t.specialty, t.file_name, u.email AS owner, m.role
       FROM tenants t JOIN memberships m ON m.tenant_id = t.id JOIN users u ON u.id = m.user_id ORDER BY u.email`,
    );
    c.close();
    expect(tenants.map((t) => t.owner)).toEqual(["coach1@example.com", "coach2@example.com"]);
    for (const t of tenants) {
      expect(t.id).toMatch(/^t_[a-z2-7]{20}$/);
      expect(t.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(t.role).toBe("owner");
      expect(t.name).toMatch(/\S+ \S+/);
      expect(["fitness", "musculation", "yoga", "nutrition", "business", "mindset"]).toContain(t.specialty);
    }
    expect(new Set(tenants.map((t) => t.specialty)).size).toBe(2);
    expect(tenantFiles(dir)).toEqual(tenants.map((t) => t.file_name).sort());
  });

  it("fills each tenant file with enough, consistent demo data", () => {
    const end = now.getTime();
    for (const file of tenantFiles(dir)) {
      const db = openDb(path.join(dir, "tenants", file));
      expect(value(db, "SELECT count(*) FROM leads")).toBeGreaterThanOrEqual(60);
      expect(value(db, "SELECT count(*) FROM messages")).toBeGreaterThanOrEqual(100);
      expect(value(db, "SELECT count(*) FROM message_sequences")).toBeGreaterThanOrEqual(30);
      expect(value(db, "SELECT count(*) FROM clients")).toBeGreaterThanOrEqual(10);

      // Every pipeline stage, every source, the spec's lost reasons only.
      expect(all(db, "SELECT DISTINCT status FROM leads ORDER BY 1").map((r) => r.status)).toEqual([
        "call_booked", "call_proposed", "engaged", "follow_up", "lost", "new", "qualified", "won",
      ]);
      expect(all(db, "SELECT DISTINCT source FROM leads ORDER BY 1").map((r) => r.source)).toEqual(["dm_organique", "keyword", "post", "story"]);
      for (const r of all<{ lost_reason: string | null }>(db, "SELECT lost_reason FROM leads WHERE status = 'lost'")) {
        expect(["Prix trop élevé", "Manque de temps", "Déjà essayé", "Hésitation", "Autre"]).toContain(r.lost_reason);
      }
      expect(value(db, "SELECT count(*) FROM leads WHERE status <> 'lost' AND lost_reason IS NOT NULL")).toBe(0);
      expect(value(db, "SELECT count(*) FROM leads WHERE status = 'won' AND (deal_value_cents IS NULL OR deal_value_cents <= 0)")).toBe(0);
      expect(value(db, "SELECT count(*) FROM leads WHERE status IN ('won', 'call_booked') AND time_to_action_minutes IS NULL")).toBe(0);
      expect(value(db, "SELECT count(*) FROM leads WHERE created_at < ? OR created_at > ?", end - 90 * DAY, end)).toBe(0);
      expect(value(db, "SELECT count(DISTINCT job_title) FROM leads")).toBeGreaterThanOrEqual(5);
      expect(value(db, "SELECT count(*) FROM leads WHERE gender IS NULL OR age IS NULL")).toBeGreaterThan(0);

      // Lead counters agree with the messages; messages come after the lead and before now.
      expect(
        value(
          db,
          `SELECT count(*) FROM leads l WHERE
             messages_sent <> (SELECT count(*) FROM messages m WHERE m.lead_id = l.id AND direction = 'out')
             OR messages_received <> (SELECT count(*) FROM messages m WHERE m.lead_id = l.id AND direction = 'in')
             OR last_contact_at IS NOT (SELECT max(sent_at) FROM messages m WHERE m.lead_id = l.id)`,
        ),
      ).toBe(0);
      expect(value(db, "SELECT count(*) FROM messages m JOIN leads l ON l.id = m.lead_id WHERE m.sent_at <= l.created_at OR m.sent_at > ?", end)).toBe(0);
      expect(value(db, "SELECT count(*) FROM messages WHERE message_number IS NOT NULL AND (direction <> 'out' OR message_number NOT BETWEEN 1 AND 4)")).toBe(0);
      expect(value(db, "SELECT count(*) FROM messages WHERE is_replied = 1 AND (direction <> 'out' OR replied_at IS NULL OR replied_at <= sent_at)")).toBe(0);

      // One sequence per lead that got msg1, mirroring that message and the call milestones.
      expect(value(db, "SELECT count(*) FROM message_sequences")).toBe(value(db, "SELECT count(*) FROM messages WHERE message_number = 1"));
      expect(
        value(
          db,
          `SELECT count(*) FROM message_sequences s JOIN messages m ON m.lead_id = s.lead_id AND m.message_number = 1
           WHERE m.sent_at <> s.msg1_sent_at OR m.is_replied <> s.msg1_replied`,
        ),
      ).toBe(0);
      expect(value(db, "SELECT count(*) FROM message_sequences s JOIN leads l ON l.id = s.lead_id WHERE l.status IN ('call_proposed', 'call_booked', 'won') AND s.call_proposed_at IS NULL")).toBe(0);
      expect(value(db, "SELECT count(*) FROM message_sequences s JOIN leads l ON l.id = s.lead_id WHERE l.status IN ('call_booked', 'won') AND s.call_booked_at IS NULL")).toBe(0);

      // Clients: won leads first; sessions in the past six months and in the next two weeks.
      expect(value(db, "SELECT count(*) FROM clients c JOIN leads l ON l.id = c.lead_id WHERE l.status = 'won'")).toBe(
        value(db, "SELECT count(*) FROM leads WHERE status = 'won'"),
      );
      expect(value(db, "SELECT count(*) FROM coaching_sessions WHERE scheduled_at < ? AND status = 'completed'", end)).toBeGreaterThan(0);
      expect(value(db, "SELECT count(*) FROM coaching_sessions WHERE scheduled_at >= ? AND status = 'confirmed'", end)).toBeGreaterThan(0);
      expect(value(db, "SELECT count(*) FROM coaching_sessions WHERE scheduled_at < ? OR scheduled_at > ?", end - 190 * DAY, end + 14 * DAY)).toBe(0);
      expect(value(db, "SELECT count(*) FROM coaching_sessions WHERE scheduled_at >= ? AND status <> 'confirmed'", end)).toBe(0);
      expect(value(db, "SELECT count(*) FROM coaching_sessions WHERE price_cents NOT BETWEEN 6000 AND 15000")).toBe(0);

      // Every health badge is on show, Focus has sessions in the next 48 h, and the coach is
      // never booked twice at once.
      const health = (db.prepare(
        `SELECT (SELECT count(*) FROM coaching_sessions s WHERE s.client_id = c.id AND s.status = 'completed') AS doneCount,
                (SELECT max(scheduled_at) FROM coaching_sessions s WHERE s.client_id = c.id AND s.status = 'completed') AS lastDoneAt,
                (SELECT min(scheduled_at) FROM coaching_sessions s WHERE s.client_id = c.id AND s.status = 'confirmed' AND s.scheduled_at > ?) AS nextPlannedAt
         FROM clients c`,
      ).all(end) as HealthInput[]).map((h) => clientHealth(h, end));
      expect(new Set(health)).toEqual(new Set(["new", "active", "review", "inactive"]));
      expect(value(db, "SELECT count(*) FROM coaching_sessions WHERE status = 'confirmed' AND scheduled_at BETWEEN ? AND ?", end, end + 48 * HOUR)).toBeGreaterThanOrEqual(2);
      expect(
        value(
          db,
          `SELECT count(*) FROM coaching_sessions a JOIN coaching_sessions b ON a.id < b.id
           WHERE a.status IN ('confirmed', 'completed', 'no_show') AND b.status IN ('confirmed', 'completed', 'no_show')
             AND a.scheduled_at < b.scheduled_at + b.duration_minutes * 60000 AND b.scheduled_at < a.scheduled_at + a.duration_minutes * 60000`,
        ),
      ).toBe(0);
      expect(value(db, "SELECT count(*) FROM session_moments")).toBeGreaterThan(0);
      expect(value(db, "SELECT count(*) FROM goals WHERE status = 'in_progress'")).toBe(value(db, "SELECT count(*) FROM clients"));
      expect(value(db, "SELECT count(*) FROM coaching_sessions WHERE status = 'completed' AND (summary IS NULL OR completed_at IS NULL)")).toBe(0);
      expect(value(db, "SELECT count(*) FROM coaching_sessions WHERE status = 'refunded' AND (paid_at IS NULL OR refunded_at IS NULL)")).toBe(0);

      // Invoices: numbered, totals equal their lines, one payment per paid invoice.
      expect(value(db, "SELECT count(*) FROM invoices")).toBeGreaterThan(0);
      expect(value(db, "SELECT count(*) FROM invoices WHERE state <> 'draft' AND number NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'")).toBe(0);
      expect(value(db, "SELECT count(*) FROM invoices i WHERE total_ht_cents <> (SELECT sum(total_ht_cents) FROM invoice_lines WHERE invoice_id = i.id)")).toBe(0);
      expect(value(db, "SELECT count(*) FROM payments")).toBeGreaterThan(0);
      expect(value(db, "SELECT count(*) FROM payments")).toBe(value(db, "SELECT count(*) FROM invoices WHERE paid_at IS NOT NULL"));
      expect(value(db, "SELECT count(*) FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.amount_cents <> i.total_ttc_cents OR i.paid_cents <> i.total_ttc_cents OR p.paid_at < i.issued_at")).toBe(0);
      db.close();
    }
  });

  it("does nothing when run again without --reset", async () => {
    const before = dump(dir);
    const again = await seed.runSeed({ coaches: 2, leads: 60, now });
    expect(again.kind).toBe("already-seeded");
    expect(again.logins.map((l) => `${l.email}:${l.role}`)).toEqual([
      "admin@example.com:admin",
      "support@example.com:support",
      "coach1@example.com:coach",
      "coach2@example.com:coach",
    ]);
    expect(again.password).toBe("coach-os-demo");
    // Asking for more coaches does not add any either.
    const other = await seed.runSeed({ coaches: 5, leads: 100, password: "another-password" });
    expect(other.kind).toBe("already-seeded");
    expect(other.password).toBeNull();
    expect(dump(dir)).toBe(before);
  });

  it("is deterministic: the same rows in another directory", async () => {
    const second = freshDataDir();
    await seed.runSeed({ coaches: 2, leads: 60, now });
    const a = JSON.parse(dump(dir));
    const b = JSON.parse(dump(second));
    // Password hashes are salted: everything else must be identical.
    for (const d of [a, b]) for (const u of d.users) delete u.password_hash;
    expect(b).toEqual(a);
  });

  it("--reset replaces everything, tenant files included", async () => {
    const oldFiles = tenantFiles(dir);
    process.env.CONTROL_DB_PATH = path.join(dir, "control.sqlite");
    process.env.TENANTS_DIR = path.join(dir, "tenants");
    env.resetEnvForTests();
    const reset = await seed.runSeed({ reset: true, coaches: 1, leads: 60, now });
    expect(reset.kind).toBe("seeded");
    if (reset.kind === "seeded") expect(reset.removedTenants).toBe(2);
    const c = control(dir);
    expect(value(c, "SELECT count(*) FROM users")).toBe(3);
    expect(value(c, "SELECT count(*) FROM tenants")).toBe(1);
    const fileName = value(c, "SELECT file_name FROM tenants") as unknown as string;
    c.close();
    // Tenant ids are deterministic, so coach1 keeps its file name; coach2's file is gone.
    expect(tenantFiles(dir)).toEqual([fileName]);
    expect(oldFiles).toContain(fileName);
  });
});

describe("runSeed refusals", () => {
  it("rejects a non-positive coach count", async () => {
    freshDataDir();
    await expect(seed.runSeed({ coaches: 0 })).rejects.toThrow(/coaches/);
  });

  it("refuses when demo emails exist without the admin (a half-foreign database)", async () => {
    const dir = freshDataDir();
    await seed.runSeed({ coaches: 1, leads: 60, now });
    const db = new Database(path.join(dir, "control.sqlite"));
    db.prepare("DELETE FROM users WHERE email = 'admin@example.com'").run();
    db.close();
    await expect(seed.runSeed({ coaches: 1, leads: 60, now })).rejects.toThrow(/--reset/);
  });
});

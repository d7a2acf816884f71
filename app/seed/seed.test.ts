// The seed, checked by reading its output back with plain SQL (not through the code under test).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { isValidBIC, isValidIBAN } from "ibantools";
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

const BILLING_TABLES = ["billing_profile", "quotes", "quote_lines", "invoices", "invoice_lines", "invoice_events", "payments"];

/** Everything in a data directory as comparable text: control rows and every tenant table. */
function dump(dir: string) {
  const out: Record<string, unknown> = {};
  const c = control(dir);
  for (const t of ["users", "tenants", "memberships", "public_links"]) out[t] = all(c, `SELECT * FROM ${t} ORDER BY 1, 2`);
  c.close();
  for (const file of tenantFiles(dir)) {
    const db = openDb(path.join(dir, "tenants", file));
    for (const t of ["leads", "messages", "message_sequences", "clients", "coaching_sessions", ...BILLING_TABLES]) {
      out[`${file}:${t}`] = all(db, `SELECT * FROM ${t} ORDER BY id`);
    }
    db.close();
  }
  return JSON.stringify(out);
}

/** The Luhn check (SIREN, SIRET), written here independently of the seed's generator. */
function luhn(digits: string) {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  [...digits].reverse().forEach((ch, i) => {
    const d = Number(ch) * (i % 2 === 1 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  });
  return sum % 10 === 0;
}

const vatNumberOf = (siren: string) => `FR${String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, "0")}${siren}`;

/** snake_case row → camelCase keys (the drizzle shape missingSellerFields reads). */
const camel = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()), v]));

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
      // The notification centre has something to show: new leads, a lead won, a payment; one read.
      expect(all(db, "SELECT DISTINCT kind FROM notifications ORDER BY 1").map((r) => r.kind)).toEqual(["lead_new", "lead_won", "payment_received"]);
      expect(value(db, "SELECT count(*) FROM notifications WHERE read_at IS NULL")).toBe(3);
      expect(value(db, "SELECT count(*) FROM notifications WHERE created_at > ?", end)).toBe(0);

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

      db.close();
    }
  });

  it("gives every coach a complete billing history in the shape the billing module writes", async () => {
    const { computeTotals, lineTotalHt } = await import("~/billing/money");
    const { creditedCentsSql, invoiceStatusSql } = await import("~/billing/invoice-status");
    const { missingSellerFields } = await import("~/billing/snapshots.server");
    const { dayKey } = await import("~/kpis/paris-days.server");
    const today = dayKey(now);
    const c = control(dir);
    const coaches = all<{ email: string; tenant_id: string; file_name: string }>(
      c,
      "SELECT u.email, t.id AS tenant_id, t.file_name FROM tenants t JOIN memberships m ON m.tenant_id = t.id JOIN users u ON u.id = m.user_id ORDER BY u.email",
    );
    expect(coaches).toHaveLength(2);
    for (const coach of coaches) {
      const db = openDb(path.join(dir, "tenants", coach.file_name));
      const label = coach.email;

      // The company settings: complete, with identifiers that pass their checksums.
      const profile = db.prepare("SELECT * FROM billing_profile").get() as Record<string, string | number | null>;
      expect(profile.id, label).toBe(1);
      expect(profile.legal_name).toMatch(/\S+ \S+ EI$/);
      expect(luhn(String(profile.siren))).toBe(true);
      expect(String(profile.siret)).toMatch(/^\d{14}$/);
      expect(String(profile.siret).startsWith(String(profile.siren))).toBe(true);
      expect(luhn(String(profile.siret))).toBe(true);
      expect(isValidIBAN(String(profile.iban))).toBe(true);
      expect(String(profile.iban)).toMatch(/^FR\d{2}/);
      expect(isValidBIC(String(profile.bic))).toBe(true);
      expect(profile).toMatchObject({ payment_terms_days: 30, penalty_rate_bps: 1000, reminder1_days: 1, reminder2_days: 15, reminder3_days: 30 });
      expect(String(profile.legal_mentions).length).toBeGreaterThan(20);
      expect(String(profile.terms_of_sale).length).toBeGreaterThan(20);
      expect(missingSellerFields(camel(profile) as never), label).toEqual([]);
      // Coach 1 is VAT-exempt, coach 2 charges 20 % with a valid French VAT number.
      if (coach.email === "coach1@example.com") {
        expect(profile).toMatchObject({ vat_regime: "franchise", vat_number: null });
        expect(value(db, "SELECT count(*) FROM invoice_lines WHERE vat_rate_bps <> 0")).toBe(0);
        expect(value(db, "SELECT count(*) FROM invoices WHERE total_vat_cents <> 0")).toBe(0);
      } else {
        expect(profile.vat_regime).toBe("standard");
        expect(profile.vat_number).toBe(vatNumberOf(String(profile.siren)));
        expect(value(db, "SELECT count(*) FROM invoice_lines WHERE vat_rate_bps <> 2000")).toBe(0);
        expect(value(db, "SELECT count(*) FROM invoices WHERE state <> 'draft' AND total_vat_cents <= 0")).toBe(0);
      }

      // Clients: all have an address; some are businesses with a valid SIREN and VAT number.
      expect(value(db, "SELECT count(*) FROM clients WHERE address IS NULL OR postal_code IS NULL OR city IS NULL")).toBe(0);
      const businesses = all<{ company: string | null; siren: string; vat_number: string }>(db, "SELECT company, siren, vat_number FROM clients WHERE kind = 'business'");
      expect(businesses.length).toBeGreaterThanOrEqual(2);
      for (const b of businesses) {
        expect(b.company).toBeTruthy();
        expect(luhn(b.siren)).toBe(true);
        expect(b.vat_number).toBe(vatNumberOf(b.siren));
      }

      // Numbering: every series (2026, A-2026, D-2026) is 1..n without gap, in issue-date order;
      // drafts carry no number.
      for (const table of ["invoices", "quotes"]) {
        const rows = all<{ series: string; sequence: number; number: string; issue_date: string }>(
          db,
          `SELECT series, sequence, number, issue_date FROM ${table} WHERE number IS NOT NULL ORDER BY series, sequence`,
        );
        const bySeries = new Map<string, typeof rows>();
        for (const r of rows) bySeries.set(r.series, [...(bySeries.get(r.series) ?? []), r]);
        for (const [series, list] of bySeries) {
          expect(series).toMatch(table === "quotes" ? /^D-\d{4}$/ : /^(A-)?\d{4}$/);
          expect(list.map((r) => r.sequence)).toEqual(list.map((_, i) => i + 1));
          for (const r of list) {
            expect(r.number).toBe(`${series}-${String(r.sequence).padStart(4, "0")}`);
            expect(r.issue_date.slice(0, 4)).toBe(series.slice(-4));
          }
          const dates = list.map((r) => r.issue_date);
          expect(dates).toEqual([...dates].sort());
        }
      }
      expect(value(db, "SELECT count(*) FROM invoices WHERE state = 'draft' AND (number IS NOT NULL OR series IS NOT NULL OR sequence IS NOT NULL OR seller IS NOT NULL)")).toBe(0);
      expect(value(db, "SELECT count(*) FROM invoices WHERE state <> 'draft' AND (number IS NULL OR issue_date IS NULL OR service_date IS NULL OR issued_at IS NULL)")).toBe(0);
      expect(value(db, "SELECT count(*) FROM invoices WHERE kind = 'invoice' AND state <> 'draft' AND (due_date IS NULL OR due_date < issue_date OR public_token IS NULL)")).toBe(0);

      // Totals: each line, then per rate, exactly as computeTotals does.
      for (const [docs, lines, key] of [["invoices", "invoice_lines", "invoice_id"], ["quotes", "quote_lines", "quote_id"]]) {
        const docRows = all<{ id: number; vat_regime: "franchise" | "standard"; total_ht_cents: number; total_vat_cents: number; total_ttc_cents: number }>(db, `SELECT * FROM ${docs}`);
        expect(docRows.length).toBeGreaterThan(0);
        for (const d of docRows) {
          const ls = all<{ quantity: number; unit_price_cents: number; vat_rate_bps: number; total_ht_cents: number }>(db, `SELECT * FROM ${lines} WHERE ${key} = ? ORDER BY position`, d.id);
          expect(ls.length).toBeGreaterThan(0);
          for (const l of ls) expect(l.total_ht_cents).toBe(lineTotalHt({ quantity: l.quantity, unitPriceCents: l.unit_price_cents }));
          const totals = computeTotals(ls.map((l) => ({ quantity: l.quantity, unitPriceCents: l.unit_price_cents, vatRateBps: l.vat_rate_bps })), d.vat_regime);
          expect([d.total_ht_cents, d.total_vat_cents, d.total_ttc_cents], `${docs} ${d.id}`).toEqual([totals.totalHtCents, totals.totalVatCents, totals.totalTtcCents]);
        }
      }

      // Snapshots: frozen on every issued document, complete enough to issue.
      const issued = all<{ id: number; seller: string; buyer: string; client_id: number; kind: string }>(db, "SELECT id, seller, buyer, client_id, kind FROM invoices WHERE state <> 'draft'");
      for (const i of issued) {
        const seller = JSON.parse(i.seller);
        expect(seller.email).toBe(coach.email);
        expect(missingSellerFields(seller)).toEqual([]);
        const buyer = JSON.parse(i.buyer);
        const client = db.prepare("SELECT * FROM clients WHERE id = ?").get(i.client_id) as Record<string, string>;
        expect(buyer).toMatchObject({ kind: client.kind, address: client.address, postalCode: client.postal_code, city: client.city, email: client.email });
        if (client.kind === "business") expect(buyer).toMatchObject({ name: client.company, siren: client.siren, vatNumber: client.vat_number });
        else expect(buyer).toMatchObject({ name: `${client.first_name} ${client.last_name}`, siren: null });
      }

      // The ledger: paid cache = sum of payments, payments only on issued invoices, after issue;
      // the sessions of a fully paid invoice carry its paid date, those of an unpaid one none.
      expect(value(db, "SELECT count(*) FROM invoices i WHERE paid_cents <> (SELECT coalesce(sum(amount_cents), 0) FROM payments WHERE invoice_id = i.id)")).toBe(0);
      expect(value(db, "SELECT count(*) FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.state <> 'issued' OR i.kind <> 'invoice' OR p.paid_at < i.issued_at OR p.paid_at > ? OR p.client_id IS NOT i.client_id", now.getTime())).toBe(0);
      expect(value(db, `SELECT count(*) FROM invoices i WHERE kind = 'invoice' AND (paid_at IS NOT NULL) <> (paid_cents > 0 AND paid_cents >= total_ttc_cents - ${creditedCentsSql("i")})`)).toBe(0);
      expect(
        value(
          db,
          `SELECT count(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN coaching_sessions s ON s.id = l.session_id
           WHERE i.kind = 'invoice' AND i.state = 'issued' AND s.paid_at IS NOT i.paid_at`,
        ),
      ).toBe(0);
      expect(value(db, "SELECT count(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN coaching_sessions s ON s.id = l.session_id WHERE s.status <> 'completed' OR s.client_id <> i.client_id")).toBe(0);
      // A session is billed by one live invoice at most.
      expect(value(db, "SELECT count(*) FROM (SELECT l.session_id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.kind = 'invoice' AND i.state IN ('draft', 'issued') AND l.session_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1)")).toBe(0);

      // Every status a coach must see.
      const statuses = all<{ status: string; n: number }>(
        db,
        `SELECT ${invoiceStatusSql("i", creditedCentsSql("i"), "?")} AS status, count(*) AS n FROM invoices i WHERE kind = 'invoice' GROUP BY 1`,
        today,
      );
      const byStatus = Object.fromEntries(statuses.map((s) => [s.status, s.n]));
      for (const status of ["draft", "paid", "overdue", "partially_paid", "cancelled"]) expect(byStatus[status] ?? 0, `${label} ${status}`).toBeGreaterThanOrEqual(1);
      expect(value(db, "SELECT count(*) FROM invoices WHERE kind = 'invoice' AND state = 'issued' AND paid_cents = 0 AND due_date < ?", today)).toBeGreaterThanOrEqual(2);

      // A credit note of its own series fully cancels the invoice it names.
      const credits = all<{ number: string; credited: number; total: number; credited_total: number; credited_state: string; cancelled_at: number | null }>(
        db,
        `SELECT cn.number, cn.credited_invoice_id AS credited, cn.total_ttc_cents AS total, i.total_ttc_cents AS credited_total, i.state AS credited_state, i.cancelled_at
         FROM invoices cn JOIN invoices i ON i.id = cn.credited_invoice_id WHERE cn.kind = 'credit_note'`,
      );
      expect(credits.length).toBeGreaterThanOrEqual(1);
      expect(credits[0].number).toMatch(/^A-\d{4}-0001$/);
      for (const cn of credits) expect(cn).toMatchObject({ total: cn.credited_total, credited_state: "cancelled", cancelled_at: expect.any(Number) });
      expect(value(db, "SELECT count(*) FROM invoices WHERE state = 'cancelled' AND id NOT IN (SELECT credited_invoice_id FROM invoices WHERE kind = 'credit_note')")).toBe(0);

      // Quotes: one accepted (who, when, from where), one sent, one draft.
      const quotes = all<Record<string, string | number | null>>(db, "SELECT * FROM quotes ORDER BY id");
      expect(quotes.map((q) => q.status).sort()).toEqual(["accepted", "draft", "sent"]);
      const accepted = quotes.find((q) => q.status === "accepted")!;
      expect(accepted.number).toMatch(/^D-\d{4}-0001$/);
      expect(accepted).toMatchObject({ accepted_at: expect.any(Number), accepted_name: expect.stringMatching(/\S+ \S+/), accepted_ip: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/) });
      expect(Number(accepted.accepted_at)).toBeGreaterThan(Number(accepted.sent_at));
      expect(Number(accepted.accepted_at)).toBeLessThanOrEqual(now.getTime());
      for (const q of quotes.filter((q) => q.status !== "draft")) {
        expect(q.public_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(missingSellerFields(JSON.parse(String(q.seller)))).toEqual([]);
        expect(JSON.parse(String(q.buyer)).name).toBeTruthy();
      }
      const draft = quotes.find((q) => q.status === "draft")!;
      expect(draft).toMatchObject({ number: null, seller: null, public_token: null });
      expect(draft.client_id !== null || draft.lead_id !== null).toBe(true);

      // Public pages route to this tenant: every token's hash is in the control DB.
      const tokens = [
        ...all<{ id: number; token: string }>(db, "SELECT id, public_token AS token FROM invoices WHERE public_token IS NOT NULL").map((r) => ({ kind: "invoice", ...r })),
        ...all<{ id: number; token: string }>(db, "SELECT id, public_token AS token FROM quotes WHERE public_token IS NOT NULL").map((r) => ({ kind: "quote", ...r })),
      ];
      for (const t of tokens) {
        const hash = crypto.createHash("sha256").update(t.token).digest("hex");
        expect(c.prepare("SELECT tenant_id, kind, document_id FROM public_links WHERE token_hash = ?").get(hash)).toEqual({ tenant_id: coach.tenant_id, kind: t.kind, document_id: t.id });
      }
      expect(value(c, "SELECT count(*) FROM public_links WHERE tenant_id = ?", coach.tenant_id)).toBe(tokens.length);
      db.close();

      // The rows really are issued: the triggers refuse to edit them.
      const writable = new Database(path.join(dir, "tenants", coach.file_name));
      const issuedId = writable.prepare("SELECT id FROM invoices WHERE state = 'issued' LIMIT 1").pluck().get();
      expect(() => writable.prepare("UPDATE invoices SET total_ttc_cents = 1 WHERE id = ?").run(issuedId)).toThrow(/FROZEN/);
      expect(() => writable.prepare("DELETE FROM invoice_lines WHERE invoice_id = ?").run(issuedId)).toThrow(/FROZEN/);
      writable.close();
    }
    c.close();
  });

  it("reports the billing counts it wrote", async () => {
    if (result.kind !== "seeded") throw new Error("expected a seed");
    let invoices = 0;
    let creditNotes = 0;
    let quotes = 0;
    let payments = 0;
    for (const file of tenantFiles(dir)) {
      const db = openDb(path.join(dir, "tenants", file));
      invoices += value(db, "SELECT count(*) FROM invoices WHERE kind = 'invoice'");
      creditNotes += value(db, "SELECT count(*) FROM invoices WHERE kind = 'credit_note'");
      quotes += value(db, "SELECT count(*) FROM quotes");
      payments += value(db, "SELECT count(*) FROM payments");
      db.close();
    }
    expect(result.counts).toMatchObject({ invoices, creditNotes, quotes, payments });
    const { formatSummary } = await import("./report.server");
    expect(formatSummary(result.counts, 1.5)).toContain(`  quotes ${quotes} · invoices ${invoices} · credit notes ${creditNotes} · payments ${payments}`);
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

// Two bookings of the same slot at the same time, from two connections (two requests, two
// processes): the overlap check and the insert must be one immediate transaction, or both pass.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import type { TenantDb } from "~/lib/tenant-db.server";
import { createSession, findSession, rescheduleSession } from "./sessions.server";

const SLOT = Date.UTC(2026, 10, 12, 13); // 12 nov. 14:00 Paris

// The other booking, in its own thread and connection: it takes the write lock, inserts the
// 14:00 session, says so, and commits 300 ms later — the window where a check made outside the
// lock reads the old table.
const OTHER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
db.exec("BEGIN IMMEDIATE");
db.prepare("INSERT INTO coaching_sessions (client_id, scheduled_at, duration_minutes, price_cents, status, created_at, updated_at) VALUES (?, ?, 60, 8000, 'confirmed', 0, 0)").run(workerData.clientId, workerData.at);
parentPort.postMessage("locked");
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
db.exec("COMMIT");
db.close();
parentPort.postMessage("committed");
`;

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fileTenant() {
  dir = mkdtempSync(path.join(tmpdir(), "sessions-race-"));
  const file = path.join(dir, "tenant.sqlite");
  const db = memoryTenant(file);
  db.$client.pragma("journal_mode = WAL");
  db.$client.pragma("busy_timeout = 5000");
  const clientId = (db.$client.prepare("INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES ('Marie', 'Dupont', 0, 0) RETURNING id").get() as { id: number }).id;
  return { db, file, clientId };
}

/** Runs `mine` while the other connection holds the lock with its 14:00 booking not yet committed. */
async function whileOtherBooks(file: string, clientId: number, mine: () => unknown) {
  const worker = new Worker(OTHER, { eval: true, workerData: { file, clientId, at: SLOT, driver: require.resolve("better-sqlite3") } });
  const messages: string[] = [];
  const committed = new Promise<void>((resolve, reject) => {
    worker.on("message", (m: string) => {
      messages.push(m);
      if (m === "committed") resolve();
    });
    worker.on("error", reject);
  });
  await new Promise<void>((resolve) => worker.once("message", () => resolve()));
  const result = mine();
  await committed;
  await worker.terminate();
  return result;
}

const count = (db: TenantDb) => (db.$client.prepare("SELECT count(*) n FROM coaching_sessions WHERE status = 'confirmed'").get() as { n: number }).n;

describe("booking the same slot twice at once", () => {
  it("lets one create succeed and gives the other the overlap error", async () => {
    const { db, file, clientId } = fileTenant();
    const r = await whileOtherBooks(file, clientId, () =>
      createSession(db, { clientId, date: "2026-11-12", time: "14:30", durationMinutes: 60, priceCents: 8000 }, new Date("2026-11-01T00:00:00Z")),
    );
    expect(r).toEqual({ ok: false, errors: { time: ["Chevauche la séance de Marie Dupont le 12 nov. à 14:00."] } });
    expect(count(db)).toBe(1);
    db.$client.close();
  });

  it("refuses a reschedule into a slot being booked at the same time", async () => {
    const { db, file, clientId } = fileTenant();
    const mine = createSession(db, { clientId, date: "2026-11-13", time: "09:00", durationMinutes: 60, priceCents: 8000 }, new Date("2026-11-01T00:00:00Z"));
    if (!mine.ok) throw new Error("setup");
    const r = await whileOtherBooks(file, clientId, () =>
      rescheduleSession(db, findSession(db, mine.id)!, { date: "2026-11-12", time: "14:30", durationMinutes: 60 }, new Date("2026-11-01T00:00:00Z")),
    );
    expect(r).toMatchObject({ ok: false, errors: { time: [expect.stringContaining("Marie Dupont")] } });
    expect(findSession(db, mine.id)!.scheduledAt).toEqual(new Date("2026-11-13T08:00:00Z"));
    db.$client.close();
  });
});

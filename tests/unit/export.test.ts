import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { args, cookieFor, makeCoach, makeStaff, request, settle, setupTestDb } from "../helpers";
import { getEnv } from "~/env.server";
import { controlDb } from "~/lib/control-db.server";
import { listAudit } from "~/platform/audit.server";
import * as exportRoute from "~/routes/admin.tenants.$tenantId.export[.]sqlite";

const WRITER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(require.resolve("better-sqlite3", { paths: [process.cwd()] }));
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("journal_mode = WAL");
db.pragma("busy_timeout = 5000");
const insert = db.prepare("INSERT INTO leads (instagram_id, username, status, tags, created_at, created_day, updated_at) VALUES (?, ?, 'new', '[]', ?, '2026-11-21', ?)");
const batch = db.transaction((from) => { for (let i = from; i < from + 200; i++) insert.run("ig_" + i, "user_" + i, Date.now(), Date.now()); });
let written = 0, stop = false;
parentPort.on("message", () => { stop = true; });
function loop() {
  for (let k = 0; k < 5; k++) { batch(written); written += 200; }
  if (written === 1000) parentPort.postMessage("started");
  if (stop) { db.close(); parentPort.postMessage(written); return; }
  setImmediate(loop);
}
loop();
`;

describe("GDPR export", () => {
  it("downloads a consistent snapshot while another connection keeps writing, and audit-logs it", async () => {
    setupTestDb();
    const { tenant } = await makeCoach("Export Coach", "export@example.fr");
    const support = await makeStaff("support");
    const cookie = await cookieFor(support);

    // Another thread keeps committing 200-lead transactions during the export, like live traffic.
    const file0 = path.join(getEnv().TENANTS_DIR, `${tenant.id}.sqlite`);
    const writer = new Worker(WRITER, { eval: true, workerData: { file: file0 } });
    const firstBatches = new Promise((resolve) => writer.once("message", resolve));
    await firstBatches;

    let res: Response;
    try {
      res = await settle(exportRoute.loader(args(request(`/admin/tenants/${tenant.id}/export.sqlite`, { cookie }), { tenantId: tenant.id })));
    } finally {
      writer.postMessage("stop");
    }
    const written: number = await new Promise((resolve) => writer.on("message", (m) => typeof m === "number" && resolve(m)));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.sqlite3");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="export-coach-\d{4}-\d{2}-\d{2}\.sqlite"$/);

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "export-")), "snap.sqlite");
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const snap = new Database(file, { readonly: true });
    expect(snap.pragma("integrity_check", { simple: true })).toBe("ok");
    const n = (snap.prepare("SELECT count(*) AS n FROM leads").get() as { n: number }).n;
    expect(n).toBeGreaterThanOrEqual(1000);
    expect(n).toBeLessThanOrEqual(written);
    expect(n % 200).toBe(0); // whole transactions only
    snap.close();
    await writer.terminate();

    const entry = listAudit(controlDb()).find((r) => r.entry.action === "tenant.export");
    expect(entry?.entry.actorEmail).toBe(support.email);
    expect(entry?.entry.tenantId).toBe(tenant.id);
    expect(entry?.entry.ip).toBeTruthy();
  });
});

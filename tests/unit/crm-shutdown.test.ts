// A deploy (SIGTERM) lets running imports, undos and bulk actions finish within the grace period
// before the tenant files are closed, and logs what the end of the grace cut short.
import { beforeAll, describe, expect, it } from "vitest";
import { makeTwoCoaches, setupTestDb, type SignedInCoach } from "../helpers";
import { dayKey } from "~/kpis/paris-days.server";
import { withTenantDb } from "~/lib/tenant-db.server";
import { bulkJobFinished, bulkJobRunning, startBulkJob, takeBulkJobBanner } from "~/crm/bulk-jobs.server";
import { getImport, startUndo } from "~/crm/import/imports.server";
import { tenantHasJob } from "~/crm/import/jobs.server";
import { shutdown } from "~/entry.server";

let a: SignedInCoach;
let b: SignedInCoach;

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  const now = Date.now();
  await withTenantDb(a.tenant.id, (db) => {
    const add = db.$client.prepare("INSERT INTO leads (instagram_id, first_name, tags, status, score, created_at, created_day, updated_at) VALUES (?, ?, '[]', 'new', 0, ?, ?, ?)");
    for (let i = 0; i < 5; i++) add.run(`ig${i}`, `P${i}`, now, dayKey(new Date(now)), now);
  });
});

function recorder() {
  const lines: { level: string; data: object; msg: string }[] = [];
  return {
    lines,
    info: (data: object, msg: string) => lines.push({ level: "info", data, msg }),
    warn: (data: object, msg: string) => lines.push({ level: "warn", data, msg }),
  };
}
const all = { where: "WHERE 1", orderBy: "", params: [] };

describe("shutdown", () => {
  it("waits for the running undo and bulk job before closing the files", async () => {
    const importId = await withTenantDb(b.tenant.id, (db) =>
      Number(db.$client.prepare("INSERT INTO imports (file_name, status, created_at) VALUES ('c.csv', 'done', 1)").run().lastInsertRowid),
    );
    await withTenantDb(b.tenant.id, (db) => expect(startUndo(db, b.tenant.id, importId)).toEqual({ ok: true }));
    expect(startBulkJob(a.tenant.id, { op: "tag_add", tag: "deploy" }, all, 5, a.user.id)).toBe(true);
    const log = recorder();
    const left = await shutdown(60_000, log);
    expect(left).toEqual([]);
    // Both ran to the end (not killed at the close): their work is in the files.
    expect([bulkJobRunning(a.tenant.id), tenantHasJob(b.tenant.id)]).toEqual([false, false]);
    expect(takeBulkJobBanner(a.tenant.id)).toMatchObject({ running: false, failed: false, message: "Action terminée : Tag « deploy » ajouté à 5 leads." });
    expect(await withTenantDb(b.tenant.id, (db) => getImport(db, importId)!.status)).toBe("undone");
    expect(await withTenantDb(a.tenant.id, (db) => db.$client.prepare("SELECT count(*) FROM lead_tags WHERE tag = 'deploy'").pluck().get())).toBe(5);
    expect(log.lines).toEqual([{ level: "info", data: { jobs: 2, graceMs: 60_000 }, msg: "waiting for running lead jobs (imports, bulk actions)" }]);
  }, 60_000);

  it("stops waiting when the grace period ends, and logs what was still running", async () => {
    expect(startBulkJob(a.tenant.id, { op: "tag_add", tag: "late" }, all, 5, a.user.id)).toBe(true);
    const log = recorder();
    const started = Date.now();
    const left = await shutdown(50, log);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(left).toEqual([{ job: "bulk tag_add", tenantId: a.tenant.id }]);
    expect(log.lines.at(-1)).toEqual({ level: "warn", data: { jobs: left }, msg: "grace period over: lead jobs still running are cut short" });
    await bulkJobFinished(a.tenant.id);
  }, 30_000);

  it("closes at once when nothing runs", async () => {
    const log = recorder();
    expect(await shutdown(60_000, log)).toEqual([]);
    expect(log.lines).toEqual([]);
  });
});

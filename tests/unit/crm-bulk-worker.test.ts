// The bulk worker runs from its bundle in production (no tsx register() per job), from the
// sources elsewhere or when the bundle is missing or older than the app's build.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { beforeAll, describe, expect, it } from "vitest";
import { makeTwoCoaches, setupTestDb, type SignedInCoach } from "../helpers";
import { bulkWorkerScript } from "~/crm/bulk-jobs.server";
import { getEnv } from "~/env.server";
import { dayKey } from "~/kpis/paris-days.server";
import { tenantFilePath } from "~/lib/tenant-id.server";
import { withTenantDb } from "~/lib/tenant-db.server";

let a: SignedInCoach;
const BUNDLE = path.resolve("build/bulk-worker.mjs");
const SOURCES = path.resolve("scripts/bulk-worker.mjs");

beforeAll(async () => {
  setupTestDb();
  ({ a } = await makeTwoCoaches());
  const now = Date.now();
  await withTenantDb(a.tenant.id, (db) => {
    const add = db.$client.prepare("INSERT INTO leads (instagram_id, first_name, tags, status, score, created_at, created_day, updated_at) VALUES (?, ?, '[]', 'new', 0, ?, ?, ?)");
    for (let i = 0; i < 4; i++) add.run(`ig${i}`, `P${i}`, now, dayKey(new Date(now)), now);
  });
  // What `npm run build` runs after `remix build`.
  execFileSync(process.execPath, ["scripts/build-import-worker.mjs"], { stdio: "pipe" });
}, 60_000);

describe("bulk worker script", () => {
  it("is the bundle in production when it is fresh, the sources otherwise", () => {
    expect(bulkWorkerScript("development")).toBe(SOURCES);
    expect(bulkWorkerScript("test")).toBe(SOURCES);
    const app = fs.statSync("build/index.js", { throwIfNoEntry: false });
    if (app) {
      fs.utimesSync(BUNDLE, app.atime, new Date(app.mtimeMs - 60_000)); // older than the app's build
      expect(bulkWorkerScript("production")).toBe(SOURCES);
    }
    const now = new Date(Math.max(Date.now(), (app?.mtimeMs ?? 0) + 1000));
    fs.utimesSync(BUNDLE, now, now);
    expect(bulkWorkerScript("production")).toBe(BUNDLE);
  });

  it("the bundle does the job on its own (no TypeScript, no tsx)", async () => {
    expect(fs.readFileSync(BUNDLE, "utf8")).not.toMatch(/["']tsx[/"']|(import|from) *\(?["'][^"']*\.tsx?["']/);
    const worker = new Worker(BUNDLE, {
      workerData: {
        file: tenantFilePath(getEnv().TENANTS_DIR, a.tenant.id),
        op: "tag_add",
        tag: "bundle",
        query: { where: "WHERE leads.id > ?", orderBy: "", params: [1] },
        actorUserId: a.user.id,
        now: Date.now(),
      },
    });
    const message = await new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    expect(message).toEqual({ type: "done", count: 3 });
    expect(await withTenantDb(a.tenant.id, (db) => db.$client.prepare("SELECT lead_id FROM lead_tags WHERE tag = 'bundle' ORDER BY lead_id").pluck().all())).toEqual([2, 3, 4]);
  }, 30_000);
});

// Bulk actions: checked ids or the whole filtered view; another tenant's ids change nothing and
// the flash says how many leads were affected; delete asks first and audits counts only.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { leads } from "../../db/tenant.schema";
import { args, makeTwoCoaches, ORIGIN, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { dayKey } from "~/kpis/paris-days.server";
import { withTenantDb } from "~/lib/tenant-db.server";
import { isSuppressed } from "~/crm/suppressions.server";
import * as list from "~/routes/dashboard.leads._index";
import * as bulk from "~/routes/dashboard.leads.bulk";
import { bulkJobFinished, bulkLimits, LEAD_JOB_BUSY, startBulkJob, takeBulkJobBanner } from "~/crm/bulk-jobs.server";
import { getImport, startImport, startUndo } from "~/crm/import/imports.server";
import { importFinished, startImportWorker } from "~/crm/import/jobs.server";

let a: SignedInCoach;
let b: SignedInCoach;

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
});

// Each test starts from two empty files.
beforeEach(async () => {
  for (const c of [a, b]) await withTenantDb(c.tenant.id, (db) => db.$client.exec("DELETE FROM leads; DELETE FROM audit_events; DELETE FROM suppressions;"));
});

async function seed(coach: SignedInCoach, n: number, offset = 0) {
  return withTenantDb(coach.tenant.id, (db) => {
    const now = new Date();
    db.insert(leads)
      .values(Array.from({ length: n }, (_, i) => ({ id: offset + i + 1, instagramId: `ig${offset + i}`, firstName: `P${i}`, email: `p${i}@x.fr`, tags: i % 2 ? ["vip"] : [], createdAt: now, createdDay: dayKey(now) })))
      .run();
  });
}

function post(coach: SignedInCoach, fields: [string, string][]) {
  const req = new Request(`${ORIGIN}/dashboard/leads/bulk`, { method: "POST", headers: { Cookie: coach.cookie, Origin: ORIGIN }, body: new URLSearchParams(fields) });
  return settle(bulk.action(args(req)));
}

/** The flash shown by the list after a redirect. */
async function flashAfter(coach: SignedInCoach, res: Response) {
  const cookie = res.headers.get("Set-Cookie")!.split(";")[0];
  const page = await settle(list.loader(args(new Request(`${ORIGIN}${res.headers.get("Location")}`, { headers: { Cookie: cookie } }))));
  return JSON.parse(await page.text()).flash as string;
}

const tagsOf = (coach: SignedInCoach) =>
  withTenantDb(coach.tenant.id, (db) => Object.fromEntries((db.$client.prepare("SELECT id, tags FROM leads ORDER BY id").all() as { id: number; tags: string }[]).map((r) => [r.id, JSON.parse(r.tags)])));

describe("/dashboard/leads/bulk", () => {
  it("tags the checked leads only, once, and says how many", async () => {
    await seed(a, 5);
    const res = await post(a, [["op", "tag_add"], ["tag", "chaud"], ["id", "1"], ["id", "2"], ["id", "3"], ["id", "3"]]);
    expect(res.status).toBe(302);
    expect(await flashAfter(a, res)).toBe("Tag « chaud » ajouté à 3 leads.");
    const tags = await tagsOf(a);
    expect([tags[1], tags[2], tags[3], tags[4]]).toEqual([["chaud"], ["vip", "chaud"], ["chaud"], ["vip"]]);
    const again = await post(a, [["op", "tag_add"], ["tag", "chaud"], ["id", "1"]]);
    expect(await flashAfter(a, again)).toBe("Tag « chaud » ajouté à 0 lead.");
    const tagged = await withTenantDb(a.tenant.id, (db) => db.$client.prepare("SELECT count(*) FROM lead_tags WHERE tag = 'chaud'").pluck().get());
    expect(tagged).toBe(3);
  });

  it("applies to the whole filtered set with 'all N results', carried as the query", async () => {
    await seed(a, 6);
    const res = await post(a, [["op", "tag_remove"], ["tag", "vip"], ["scope", "all"], ["query", "tag=vip"]]);
    expect(await flashAfter(a, res)).toBe("Tag « vip » retiré de 3 leads.");
    expect(Object.values(await tagsOf(a)).flat()).toEqual([]);
    const st = await post(a, [["op", "status"], ["status", "qualified"], ["scope", "all"], ["query", "q=P1"]]);
    expect(await flashAfter(a, st)).toBe("Statut changé pour 1 lead.");
    expect(await post(a, [["op", "status"], ["status", "won"], ["scope", "all"]]).then((r) => r.headers.get("Location"))).toBe("/dashboard/leads");
  });

  it("ids of another tenant's leads change nothing in either file", async () => {
    await seed(a, 3);
    await seed(b, 3, 100); // B's leads are 101..103: absent from A's file
    const res = await post(a, [["op", "blacklist"], ["id", "101"], ["id", "102"]]);
    expect(await flashAfter(a, res)).toBe("0 lead blacklisté(s) : ils ne recevront plus rien.");
    const del = await post(a, [["op", "delete"], ["confirm", "yes"], ["expected", "0"], ["id", "101"]]);
    expect(await flashAfter(a, del)).toBe("0 lead supprimé(s).");
    expect(await withTenantDb(b.tenant.id, (db) => db.$client.prepare("SELECT count(*) FROM leads WHERE blacklisted = 0").pluck().get())).toBe(3);
    expect(await withTenantDb(a.tenant.id, (db) => db.$client.prepare("SELECT count(*) FROM leads").pluck().get())).toBe(3);
  });

  it("blacklists and suppresses the identifiers", async () => {
    await seed(a, 2);
    await post(a, [["op", "blacklist"], ["id", "2"]]);
    await withTenantDb(a.tenant.id, (db) => {
      expect(db.$client.prepare("SELECT id FROM leads WHERE blacklisted = 1").pluck().all()).toEqual([2]);
      expect(isSuppressed(db, { email: "P1@X.fr" })).toBe(true);
      expect(isSuppressed(db, { email: "p0@x.fr" })).toBe(false);
    });
  });

  it("deletes only after a confirmation stating the count, and audits the count only", async () => {
    await seed(a, 4);
    const ask = await post(a, [["op", "delete"], ["scope", "all"], ["query", "tag=vip"]]);
    const body = JSON.parse(await ask.text());
    expect(body.confirm.count).toBe(2);
    expect(await withTenantDb(a.tenant.id, (db) => db.$client.prepare("SELECT count(*) FROM leads").pluck().get())).toBe(4);
    const stale = await post(a, [["op", "delete"], ["scope", "all"], ["query", "tag=vip"], ["confirm", "yes"], ["expected", "3"]]);
    expect(JSON.parse(await stale.text()).confirm.count).toBe(2); // the view changed: asked again
    const done = await post(a, [["op", "delete"], ["scope", "all"], ["query", "tag=vip"], ["confirm", "yes"], ["expected", "2"]]);
    expect(await flashAfter(a, done)).toBe("2 leads supprimé(s).");
    await withTenantDb(a.tenant.id, (db) => {
      expect(db.$client.prepare("SELECT id FROM leads ORDER BY id").pluck().all()).toEqual([1, 3]);
      const audit = db.$client.prepare("SELECT action, details FROM audit_events").all() as { action: string; details: string }[];
      expect(audit).toEqual([{ action: "leads.bulk_delete", details: expect.stringMatching(/^\{"count":2,"kpiDays":\d+\}$/) }]);
    });
  });

  it("runs a large selection in a worker: the list says it is under way, then once how many leads it changed", async () => {
    await seed(a, 8);
    await seed(b, 3, 100);
    bulkLimits.inlineMax = 2; // "large" for the test: the 4 vip leads go to the worker
    try {
      const banner = async (coach: SignedInCoach) => JSON.parse(await (await settle(list.loader(args(new Request(`${ORIGIN}/dashboard/leads`, { headers: { Cookie: coach.cookie } }))))).text()).bulkJob;
      const res = await post(a, [["op", "tag_add"], ["tag", "relance"], ["scope", "all"], ["query", "tag=vip"]]);
      expect([res.status, res.headers.get("Location")]).toEqual([302, "/dashboard/leads?tag=vip"]);
      expect(await banner(a)).toEqual({ running: true, failed: false, message: expect.stringContaining("Action en cours… ajout du tag « relance » sur 4 leads.") });
      // One job per tenant at a time; B's list knows nothing of A's job.
      const second = await post(a, [["op", "blacklist"], ["scope", "all"]]);
      expect(await flashAfter(a, second)).toBe(LEAD_JOB_BUSY);
      expect(await banner(b)).toBeNull();
      await bulkJobFinished(a.tenant.id);
      expect(await banner(a)).toEqual({ running: false, failed: false, message: "Action terminée : Tag « relance » ajouté à 4 leads." });
      expect(await banner(a)).toBeNull(); // shown once
      const tags = await tagsOf(a);
      expect(Object.keys(tags).filter((id) => tags[id].includes("relance")).map(Number)).toEqual([2, 4, 6, 8]);
      expect(await withTenantDb(b.tenant.id, (db) => db.$client.prepare("SELECT count(*) FROM lead_tags WHERE tag = 'relance'").pluck().get())).toBe(0);
      // Delete through the worker too, after the confirmation, audited the same way.
      const del = await post(a, [["op", "delete"], ["scope", "all"], ["query", "tag=relance"], ["confirm", "yes"], ["expected", "4"]]);
      expect(del.status).toBe(302);
      await bulkJobFinished(a.tenant.id);
      expect((await banner(a)).message).toBe("Action terminée : 4 leads supprimé(s).");
      await withTenantDb(a.tenant.id, (db) => {
        expect(db.$client.prepare("SELECT id FROM leads ORDER BY id").pluck().all()).toEqual([1, 3, 5, 7]);
        expect(db.$client.prepare("SELECT action FROM audit_events").pluck().all()).toEqual(["leads.bulk_delete"]);
      });
    } finally {
      bulkLimits.inlineMax = 1000;
    }
  });

  it("runs one lead job per coach at a time across imports, undos and bulk jobs, and says why", async () => {
    await seed(a, 4);
    const [done, draft] = await withTenantDb(a.tenant.id, (db) => {
      const add = db.$client.prepare("INSERT INTO imports (file_name, status, source, byte_size, encoding, delimiter, mapping, total_rows, created_at) VALUES (?, ?, ?, 10, 'utf8', ';', ?, 1, 1)");
      const done = Number(add.run("a.csv", "done", null, "{}").lastInsertRowid);
      const draft = Number(add.run("b.csv", "draft", Buffer.from("email\nz@x.fr\n"), JSON.stringify({ 0: "email" })).lastInsertRowid);
      return [done, draft];
    });
    const all = { where: "WHERE 1", orderBy: "", params: [] };
    // A bulk job running: the import and the undo wait, with the same message.
    expect(startBulkJob(a.tenant.id, { op: "tag_add", tag: "x" }, all, 4, a.user.id)).toBe(true);
    await withTenantDb(a.tenant.id, (db) => {
      const opts = { dedupeKey: "email", onDuplicate: "skip", tags: [] } as unknown as Parameters<typeof startImport>[3];
      expect(startImport(db, a.tenant.id, getImport(db, draft)!, opts)).toEqual({ ok: false, error: LEAD_JOB_BUSY });
      expect(startUndo(db, a.tenant.id, done)).toEqual({ ok: false, error: LEAD_JOB_BUSY });
      expect(getImport(db, draft)!.status).toBe("draft");
    });
    // Another coach is not held up.
    await withTenantDb(b.tenant.id, (db) => {
      const id = Number(db.$client.prepare("INSERT INTO imports (file_name, status, created_at) VALUES ('c.csv', 'done', 1)").run().lastInsertRowid);
      expect(startUndo(db, b.tenant.id, id)).toEqual({ ok: true });
      return importFinished(b.tenant.id, id);
    });
    await bulkJobFinished(a.tenant.id);
    takeBulkJobBanner(a.tenant.id);
    // An undo running: the bulk job waits (the route flashes the same message).
    startImportWorker(a.tenant.id, done, "undo");
    expect(startBulkJob(a.tenant.id, { op: "tag_add", tag: "y" }, all, 4, a.user.id)).toBe(false);
    bulkLimits.inlineMax = 2;
    try {
      const res = await post(a, [["op", "tag_add"], ["tag", "y"], ["scope", "all"]]);
      expect(await flashAfter(a, res)).toBe(LEAD_JOB_BUSY);
    } finally {
      bulkLimits.inlineMax = 1000;
    }
    await importFinished(a.tenant.id, done);
    expect(startBulkJob(a.tenant.id, { op: "tag_add", tag: "y" }, all, 4, a.user.id)).toBe(true);
    await bulkJobFinished(a.tenant.id);
    takeBulkJobBanner(a.tenant.id);
  });

  it("says so, in the banner, when a job fails (here: its file is gone)", async () => {
    const gone = "t_aaaaaaaaaaaaaaaaaaaa";
    expect(startBulkJob(gone, { op: "tag_add", tag: "x" }, { where: "WHERE 1", orderBy: "", params: [] }, 5, a.user.id)).toBe(true);
    await bulkJobFinished(gone);
    expect(takeBulkJobBanner(gone)).toEqual({ running: false, failed: true, message: expect.stringMatching(/^L'action groupée n'a pas abouti, rien n'a été modifié : /) });
  });

  it("exports the selection as a download of the same view", async () => {
    const res = await post(a, [["op", "export"], ["id", "1"], ["id", "2"], ["query", "tag=vip&page=2"]]);
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/dashboard/leads/export.csv?tag=vip&ids=1%2C2");
  });
});

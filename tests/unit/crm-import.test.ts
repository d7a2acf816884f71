// The CSV import routes: upload limits, the steps, the worker, the report, undo, and isolation.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { args, ORIGIN, request, settle, setupTestDb, makeTwoCoaches, type SignedInCoach } from "../helpers";
import { importFinished, ORPHAN_MESSAGE } from "~/crm/import/jobs.server";
import { withTenantDb } from "~/lib/tenant-db.server";
import { migratePlatform } from "~/platform/migrate-platform.server";
import * as upload from "~/routes/dashboard.leads.import._index";
import * as step from "~/routes/dashboard.leads.import.$importId";
import * as rejected from "~/routes/dashboard.leads.import.$importId.rejected[.]csv";

let a: SignedInCoach;
let b: SignedInCoach;

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
});

const fixture = (name: string) => fs.readFileSync(path.resolve("tests/fixtures/csv", name));
const body = async (res: Response) => JSON.parse(await res.text());

function uploadRequest(coach: SignedInCoach, bytes: Buffer | null, name = "contacts.csv", headers: Record<string, string> = {}) {
  const form = new FormData();
  if (bytes) form.append("file", new File([new Uint8Array(bytes)], name, { type: "text/csv" }));
  return new Request(`${ORIGIN}/dashboard/leads/import?index`, { method: "POST", headers: { Cookie: coach.cookie, Origin: ORIGIN, ...headers }, body: form });
}

async function uploadFile(coach: SignedInCoach, bytes: Buffer, name?: string) {
  const res = await settle(upload.action(args(uploadRequest(coach, bytes, name))));
  expect(res.status).toBe(302);
  return Number(res.headers.get("Location")!.split("/").pop());
}

const stepLoader = (coach: SignedInCoach, id: number | string, query = "") =>
  settle(step.loader(args(request(`/dashboard/leads/import/${id}${query}`, { cookie: coach.cookie }), { importId: String(id) })));
const stepAction = (coach: SignedInCoach, id: number | string, form: Record<string, string>) =>
  settle(step.action(args(request(`/dashboard/leads/import/${id}`, { cookie: coach.cookie, form }), { importId: String(id) })));

/** Mapping as loaded, then preview, then start with these options; waits for the worker. */
async function runThrough(coach: SignedInCoach, id: number, options: Record<string, string>) {
  const page = await body(await stepLoader(coach, id));
  const cols = Object.fromEntries(page.header.map((_: string, i: number) => [`col-${i}`, page.mapping[String(i)] ?? ""]));
  const delimiter = { ";": "semicolon", ",": "comma", "\t": "tab" }[page.imp.delimiter as string]!;
  const mapped = await stepAction(coach, id, { intent: "mapping", encoding: page.imp.encoding, delimiter, ...cols });
  expect(mapped.headers.get("Location")).toBe(`/dashboard/leads/import/${id}?step=preview`);
  const started = await stepAction(coach, id, { intent: "start", dedupeKey: "email", onDuplicate: "skip", tags: "", ...options });
  expect(started.status).toBe(302);
  await importFinished(coach.tenant.id, id);
  return body(await stepLoader(coach, id));
}

const leadEmails = (coach: SignedInCoach) =>
  withTenantDb(coach.tenant.id, (db) => (db.$client.prepare("SELECT email FROM leads ORDER BY id").all() as { email: string }[]).map((r) => r.email));

describe("upload", () => {
  it("stores the French Excel file as a draft and shows the detected encoding, delimiter and mapping", async () => {
    const id = await uploadFile(a, fixture("excel-fr-cp1252.csv"), "export excel.csv");
    const page = await body(await stepLoader(a, id));
    expect(page.view).toBe("mapping");
    expect(page.imp).toMatchObject({ status: "draft", encoding: "cp1252", delimiter: ";", totalRows: 3, fileName: "export excel.csv" });
    expect(page.header[0]).toBe("Prénom");
    expect(page.samples[0][4]).toBe("Cœur & Corps");
    expect(page.mapping).toMatchObject({ 0: "firstName", 2: "email", 3: "phone", 9: "dealValue" });
  });

  it("answers 413 on a declared body over 20 MB without reading it", async () => {
    let pulled = 0;
    const stream = new ReadableStream({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const req = new Request(`${ORIGIN}/dashboard/leads/import?index`, {
      method: "POST",
      headers: { Cookie: a.cookie, Origin: ORIGIN, "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(25 * 1024 * 1024) },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const res = await settle(upload.action(args(req)));
    expect(res.status).toBe(413);
    expect((await body(res)).error).toMatch(/20 Mo au plus/);
    expect(pulled).toBeLessThan(5);
  });

  it("answers 413 on a streamed file over 20 MB without a Content-Length, cutting it at the limit", async () => {
    const res = await settle(upload.action(args(uploadRequest(a, Buffer.alloc(21 * 1024 * 1024, "a;b\n")))));
    expect(res.status).toBe(413);
  });

  it.each([
    ["an empty file", Buffer.alloc(0), /Choisissez un fichier|vide/],
    ["a binary file", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x14, 0, 0x06, 0]), /binaire/],
    ["a file without a header row", Buffer.from("Jean;Dupont;jean@exemple.fr\nMarie;Curie;marie@exemple.fr\n"), /Aucune ligne d'en-tête/],
    ["an unclosed quote", fixture("unterminated-quote.csv"), /guillemet/],
  ])("refuses %s with a clear message", async (_name, bytes, message) => {
    const res = await settle(upload.action(args(uploadRequest(a, bytes))));
    expect(res.status).toBe(400);
    expect((await body(res)).error).toMatch(message);
  });

  it("answers 413 on a file over 100,000 rows, before parsing it", async () => {
    const res = await settle(upload.action(args(uploadRequest(a, Buffer.from("email;nom\n" + "x@exemple.fr;X\n".repeat(100_001))))));
    expect(res.status).toBe(413);
    expect((await body(res)).error).toMatch(/Trop de lignes : 100\s001/);
    const ok = await settle(upload.action(args(uploadRequest(a, Buffer.from("email;nom\n" + "x@exemple.fr;X\n".repeat(100_000))))));
    expect(ok.status).toBe(302);
  });

  it("lets the coach override the encoding and delimiter, refusing a reading that makes no CSV", async () => {
    const id = await uploadFile(a, fixture("google-contacts.csv"));
    const refused = await stepAction(a, id, { intent: "mapping", encoding: "utf8", delimiter: "semicolon" });
    expect(refused.status).toBe(400);
    expect((await body(refused)).error).toMatch(/Avec cet encodage et ce séparateur, le fichier est illisible/);
    expect((await body(await stepLoader(a, id))).imp).toMatchObject({ encoding: "utf8", delimiter: "," });

    const other = await stepAction(a, id, { intent: "mapping", encoding: "cp1252", delimiter: "comma" });
    expect(other.headers.get("Location")).toBe(`/dashboard/leads/import/${id}?step=mapping`);
    const page = await body(await stepLoader(a, id));
    expect(page.imp.encoding).toBe("cp1252");
    expect(page.samples[1][1]).toBe("ZoÃ©"); // the coach sees the wrong accents and switches back
    await stepAction(a, id, { intent: "mapping", encoding: "utf8", delimiter: "comma" });
    const fixed = await body(await stepLoader(a, id));
    expect(fixed.samples[1][1]).toBe("Zoé");
    expect(fixed.mapping).toMatchObject({ 1: "firstName", 9: "email" });

    const edited = await stepAction(a, id, { intent: "mapping", encoding: "utf8", delimiter: "comma", "col-1": "lastName", "col-9": "", "col-11": "" });
    expect(edited.status).toBe(400); // no email, phone or Instagram column left
    expect((await body(await stepLoader(a, id))).mapping).toEqual({ 1: "lastName" }); // what the coach chose is kept
  });

  it("states the limits on the page", async () => {
    const page = await body(await settle(upload.loader(args(request("/dashboard/leads/import", { cookie: a.cookie })))));
    expect(page).toMatchObject({ maxBytes: 20 * 1024 * 1024, maxRows: 100_000 });
  });
});

describe("the steps, the worker and the report", () => {
  it("imports with a duplicate and bad rows, reports them, serves the rejected rows and undoes", async () => {
    await uploadFile(a, Buffer.from("prénom;email\nZed;ana@exemple.fr\n")).then((id) => runThrough(a, id, {}));
    const csv = "prénom;nom;email;téléphone\nAna;Bel;ana@exemple.fr;\nBob;Cat;bob@exemple.fr;0612345678\nCléo;Dan;pas-un-email;\nDora;Eng;dora@exemple.fr;12\n";
    const id = await uploadFile(a, Buffer.from(csv));
    const preview = await body(await stepLoader(a, id, "?step=preview"));
    expect(preview.view).toBe("preview");
    expect(preview.preview.rows.map((r: { reason: string }) => r.reason)).toEqual(["", "", "Email : adresse email invalide", "Téléphone : numéro de téléphone invalide"]);
    const report = await runThrough(a, id, { tags: "salon" });
    expect(report.view).toBe("report");
    expect(report.imp).toMatchObject({ status: "done", created: 1, skipped: 1, rejected: 2 });
    expect(report.rejectedRows).toEqual([
      { line: "4", reason: "Email : adresse email invalide" },
      { line: "5", reason: "Téléphone : numéro de téléphone invalide" },
    ]);
    expect(report.canUndo).toBe(true);
    expect(await leadEmails(a)).toEqual(["ana@exemple.fr", "bob@exemple.fr"]);

    const file = await settle(rejected.loader(args(request(`/dashboard/leads/import/${id}/rejected.csv`, { cookie: a.cookie }), { importId: String(id) })));
    expect(file.headers.get("Content-Type")).toContain("text/csv");
    const bytes = Buffer.from(await file.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text.startsWith("\ufeffprénom;nom;email;téléphone;ligne;motif du rejet\r\n")).toBe(true);
    expect(text).toContain("Cléo;Dan;pas-un-email;;4;Email : adresse email invalide");

    // The undo runs in a worker too: the page says so until it is done.
    const undone = await stepAction(a, id, { intent: "undo" });
    expect(undone.status).toBe(302);
    const during = await body(await stepLoader(a, id));
    expect(during.view).toBe("running");
    expect(during.progress.undo).toBe(true);
    expect((await stepAction(a, id, { intent: "undo" })).status).toBe(409); // one at a time
    await importFinished(a.tenant.id, id);
    expect(await leadEmails(a)).toEqual(["ana@exemple.fr"]);
    const after = await body(await stepLoader(a, id));
    expect(after.imp.status).toBe("undone");
    expect(after.canUndo).toBe(false);
    expect((await stepAction(a, id, { intent: "undo" })).status).toBe(409);
  });

  it("keeps the coach's choices when an option is invalid", async () => {
    const id = await uploadFile(a, Buffer.from("email;nom\nx@exemple.fr;X\n"));
    const res = await stepAction(a, id, { intent: "start", dedupeKey: "siret", onDuplicate: "skip", tags: "a" });
    expect(res.status).toBe(400);
    expect(await body(res)).toMatchObject({ optionErrors: { dedupeKey: ["Choisissez la clé de dédoublonnage."] }, values: { tags: "a" } });
  });

  it("marks failed an import left running by a killed server; nothing of it is in the file", async () => {
    const id = await uploadFile(a, Buffer.from("email;nom\nghost@exemple.fr;G\n"));
    await withTenantDb(a.tenant.id, (db) => db.$client.prepare("UPDATE imports SET status = 'running' WHERE id = ?").run(id));
    const page = await body(await stepLoader(a, id));
    expect(page.imp).toMatchObject({ status: "failed", error: ORPHAN_MESSAGE });
    expect(await leadEmails(a)).not.toContain("ghost@exemple.fr");
  });
});

describe("boot", () => {
  it("marks failed, at boot, the imports a killed server left running (before any page reads them), and only those", async () => {
    const done = await uploadFile(a, Buffer.from("email;nom\ndone@exemple.fr;D\n"));
    await runThrough(a, done, {});
    const killed = await uploadFile(a, Buffer.from("email;nom\nkilled@exemple.fr;K\n"));
    const draftId = await uploadFile(a, Buffer.from("email;nom\ndraft@exemple.fr;D\n"));
    await withTenantDb(a.tenant.id, (db) => db.$client.prepare("UPDATE imports SET status = 'running' WHERE id = ?").run(killed));
    const statusOf = (coach: SignedInCoach, id: number) =>
      withTenantDb(coach.tenant.id, (db) => db.$client.prepare("SELECT status, error FROM imports WHERE id = ?").get(id) as { status: string; error: string | null });
    migratePlatform();
    expect(await statusOf(a, killed)).toEqual({ status: "failed", error: ORPHAN_MESSAGE });
    expect((await statusOf(a, draftId)).status).toBe("draft");
    expect(await statusOf(a, done)).toEqual({ status: "done", error: null });
    expect(await leadEmails(a)).not.toContain("killed@exemple.fr");
  });
});

describe("isolation", () => {
  it("refuses another coach's import id with the same 404 as a missing one, and changes nothing", async () => {
    // B's import ids start far beyond A's, so that A's file holds no import with those numbers.
    await withTenantDb(b.tenant.id, (db) => {
      db.$client.prepare("DELETE FROM sqlite_sequence WHERE name = 'imports'").run();
      db.$client.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('imports', 5000)").run();
    });
    const idB = await uploadFile(b, Buffer.from("email;nom\nb1@exemple.fr;B\n"));
    const reportB = await runThrough(b, idB, {});
    expect(reportB.imp.created).toBe(1);
    const idDraftB = await uploadFile(b, Buffer.from("email;nom\nb2@exemple.fr;B\n"));
    const missing = await stepLoader(a, 999_999);
    expect(missing.status).toBe(404);
    const missingBody = await missing.text();
    for (const id of [idB, idDraftB]) {
      expect(id).toBeGreaterThan(5000);
      for (const res of [
        await stepLoader(a, id),
        await stepAction(a, id, { intent: "undo" }),
        await stepAction(a, id, { intent: "start", dedupeKey: "email", onDuplicate: "skip" }),
        await stepAction(a, id, { intent: "discard" }),
        await settle(rejected.loader(args(request(`/dashboard/leads/import/${id}/rejected.csv`, { cookie: a.cookie }), { importId: String(id) }))),
      ]) {
        expect(res.status).toBe(404);
        if (res.headers.get("Content-Type")?.includes("text/plain")) expect(await res.text()).toBe(missingBody);
      }
    }
    // Hidden fields naming B's import or tenant in A's own import change nothing of B's.
    const idA = await uploadFile(a, Buffer.from("email;nom\na9@exemple.fr;A\n"));
    await runThrough(a, idA, { importId: String(idB), tenantId: b.tenant.id });
    expect(await leadEmails(b)).toEqual(["b1@exemple.fr"]);
    expect((await body(await stepLoader(b, idB))).imp.status).toBe("done");
    expect(await leadEmails(a)).toContain("a9@exemple.fr");
  });
});

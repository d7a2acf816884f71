// The import worker under its real heap cap (jobs.server.ts → scripts/import-worker.mjs) on a
// large file that is mostly rejected: the rejected rows must not live on the worker's heap.
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, makeTwoCoaches, type SignedInCoach } from "../helpers";
import { createDraft, getImport } from "~/crm/import/imports.server";
import { MAX_IMPORT_BYTES } from "~/crm/import/decode.server";
import { startImportWorker } from "~/crm/import/jobs.server";
import { withTenantDb } from "~/lib/tenant-db.server";

let a: SignedInCoach;

beforeAll(async () => {
  setupTestDb();
  ({ a } = await makeTwoCoaches());
});

/**
 * Near the 20 MB cap, every row but one in 20 rejected (invalid email), mostly ASCII with one
 * character outside Latin-1 per row (V8 then keeps a line as UTF-16: twice its bytes).
 */
function mostlyRejectedCsv(rows: number) {
  const lines = ["prénom;nom;email;entreprise;ville;poste"];
  const filler = "x".repeat(80);
  for (let i = 0; i < rows; i++) {
    const email = i % 20 === 0 ? `ok${i}@exemple.fr` : `sans-arobase-${i}.exemple.fr`;
    lines.push(`Zoé${i};Œuvre-${filler};${email};Atelier ${filler};Saint-Étienne;Fondatrice ${i}`);
  }
  return Buffer.from(lines.join("\n") + "\n");
}

describe("a large, mostly rejected import in the real worker", () => {
  it("finishes under the worker's heap cap with every rejected row in its CSV", async () => {
    const rows = 80_000;
    const bytes = mostlyRejectedCsv(rows);
    expect(bytes.length).toBeGreaterThan(18 * 1024 * 1024);
    expect(bytes.length).toBeLessThanOrEqual(MAX_IMPORT_BYTES);
    const id = await withTenantDb(a.tenant.id, (db) => {
      const draft = createDraft(db, "gros.csv", bytes);
      db.$client.prepare("UPDATE imports SET status = 'running', options = ? WHERE id = ?").run(JSON.stringify({ dedupeKey: "email", onDuplicate: "skip", tags: [] }), draft);
      return draft;
    });
    await startImportWorker(a.tenant.id, id);
    const imp = await withTenantDb(a.tenant.id, (db) => getImport(db, id)!);
    expect(imp.error).toBeNull();
    expect(imp).toMatchObject({ status: "done", created: rows / 20, rejected: rows - rows / 20, hasRejectedCsv: true });
    const csv = await withTenantDb(a.tenant.id, (db) => db.$client.prepare("SELECT rejected_csv FROM imports WHERE id = ?").pluck().get(id) as string);
    expect(typeof csv).toBe("string");
    const out = csv.split("\r\n");
    expect(out[0]).toBe("prénom;nom;email;entreprise;ville;poste;ligne;motif du rejet");
    expect(out[1]).toMatch(/^Zoé1;Œuvre-x+;sans-arobase-1\.exemple\.fr;Atelier x+;Saint-Étienne;Fondatrice 1;3;Email : /);
    expect(out.at(-2)).toMatch(new RegExp(`^Zoé${rows - 1};.*;${rows + 1};Email : `));
    expect(out).toHaveLength(rows - rows / 20 + 2);
  }, 60_000);
});

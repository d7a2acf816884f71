// A lead's consent record (issue 10 §6, 001 §7.2): who gave or withdrew it (coach, API, import)
// and when, shown on the lead page with the address's email suppressions.
import { describe, expect, it } from "vitest";
import { suppressEmail } from "~/email/recipients.server";
import { upsertLeads } from "~/ingest/leads.server";
import { leadInput } from "~/ingest/schemas";
import type { TenantDb } from "~/lib/tenant-db.server";
import { createDraft, lastUndoableId, undoImport } from "./import/imports.server";
import { runImport } from "./import/run.server";
import { loadLeadPage } from "./lead-page.server";
import { consentLine } from "./lead-side-panel";
import { findLead, setConsent } from "./lead.server";
import { memoryTenant } from "./test-tenant.test-helpers";

const consentOf = (db: TenantDb, id: number) => {
  const l = findLead(db, id)!;
  return { consent: l.consent, source: l.consentSource, at: l.consentAt?.getTime() ?? null };
};
const idOf = (db: TenantDb, where: string, value: string) => (db.$client.prepare(`SELECT id FROM leads WHERE ${where} = ?`).get(value) as { id: number }).id;

describe("consent set by the coach", () => {
  it("records source coach and the date on a change only; a withdrawal keeps its own date", () => {
    const db = memoryTenant();
    upsertLeads(db, [leadInput.parse({ instagram_id: "lea" })]);
    const id = idOf(db, "instagram_id", "lea");
    expect(consentOf(db, id)).toEqual({ consent: false, source: null, at: null });
    expect(setConsent(db, findLead(db, id)!, true, new Date(1_000_000))).toBe(true);
    expect(consentOf(db, id)).toEqual({ consent: true, source: "coach", at: 1_000_000 });
    expect(setConsent(db, findLead(db, id)!, true, new Date(2_000_000))).toBe(false);
    expect(consentOf(db, id).at).toBe(1_000_000);
    setConsent(db, findLead(db, id)!, false, new Date(3_000_000));
    expect(consentOf(db, id)).toEqual({ consent: false, source: "coach", at: 3_000_000 });
  });
});

describe("consent brought by the API", () => {
  it("consent=true on create: source api and the time of receipt; a later withdrawal too; no field leaves it alone", () => {
    const db = memoryTenant();
    upsertLeads(db, [leadInput.parse({ instagram_id: "api.1", consent: true })], new Date(5_000_000));
    const id = idOf(db, "instagram_id", "api.1");
    expect(consentOf(db, id)).toEqual({ consent: true, source: "api", at: 5_000_000 });
    upsertLeads(db, [leadInput.parse({ instagram_id: "api.1", first_name: "Ana" })], new Date(6_000_000));
    expect(consentOf(db, id)).toEqual({ consent: true, source: "api", at: 5_000_000 });
    upsertLeads(db, [leadInput.parse({ instagram_id: "api.1", consent: false })], new Date(7_000_000));
    expect(consentOf(db, id)).toEqual({ consent: false, source: "api", at: 7_000_000 });
    expect(leadInput.safeParse({ instagram_id: "x", consent: "oui" }).success).toBe(false);
  });
});

describe("consent brought by a CSV import", () => {
  it("a consent column (oui/non) sets source import and the date; undoing the import restores the previous record", () => {
    const db = memoryTenant();
    const sqlite = db.$client;
    const run = (csv: string) => {
      const id = createDraft(db, "c.csv", Buffer.from(csv));
      sqlite.prepare("UPDATE imports SET status = 'running', options = ? WHERE id = ?").run(JSON.stringify({ dedupeKey: "email", onDuplicate: "update", tags: [] }), id);
      return runImport(sqlite, id);
    };
    const before = Date.now();
    run("prénom;email;consentement\nAna;ana@example.fr;oui\nBob;bob@example.fr;non\nCid;cid@example.fr;\n");
    const ana = idOf(db, "email", "ana@example.fr");
    expect(consentOf(db, ana)).toMatchObject({ consent: true, source: "import" });
    expect(consentOf(db, ana).at).toBeGreaterThanOrEqual(before);
    expect(consentOf(db, idOf(db, "email", "bob@example.fr"))).toMatchObject({ consent: false, source: "import" });
    expect(consentOf(db, idOf(db, "email", "cid@example.fr"))).toEqual({ consent: false, source: null, at: null });
    const givenAt = consentOf(db, ana).at;
    expect(run("email;consentement\nana@example.fr;non\n")).toMatchObject({ updated: 1 });
    expect(consentOf(db, ana)).toMatchObject({ consent: false, source: "import" });
    expect(undoImport(db, lastUndoableId(db)!)).toBeTruthy();
    expect(consentOf(db, ana)).toEqual({ consent: true, source: "import", at: givenAt });
    expect(run("email;consentement\nzed@example.fr;peut-être\n")).toMatchObject({ created: 0, rejected: 1 });
  });
});

describe("what the lead page says", () => {
  it("consent: yes with source and date, no, or withdrawn with who and when", () => {
    const at = Date.UTC(2026, 10, 12, 10);
    expect(consentLine({ given: true, source: "import", at })).toBe("Consentement : oui — import CSV, 12 nov. 2026");
    expect(consentLine({ given: true, source: "coach", at })).toBe("Consentement : oui — saisi par vous, 12 nov. 2026");
    expect(consentLine({ given: true, source: null, at: null })).toBe("Consentement : oui");
    expect(consentLine({ given: false, source: null, at: null })).toBe("Consentement : non");
    expect(consentLine({ given: false, source: "api", at })).toBe("Consentement : non — retiré (API (N8N, ManyChat), 12 nov. 2026)");
  });

  it("the address's email suppressions and the marketing exclusion", () => {
    const db = memoryTenant();
    upsertLeads(db, [leadInput.parse({ instagram_id: "s", email: "s@example.fr", consent: true })]);
    const lead = findLead(db, idOf(db, "instagram_id", "s"))!;
    expect(loadLeadPage(db, lead).emailState).toEqual({ suppressions: [], marketingExcluded: null });
    suppressEmail(db, "s@example.fr", "unsubscribed");
    suppressEmail(db, "S@example.fr", "bounced");
    expect(loadLeadPage(db, lead).emailState).toEqual({ suppressions: ["adresse en échec (bounce)", "désinscrit"], marketingExcluded: "adresse en échec (bounce)" });
    expect(loadLeadPage(db, lead).consent).toMatchObject({ given: true, source: "api" });
  });
});

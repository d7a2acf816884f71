// Invoices at the model level: the yearly numbering under concurrent issuers (separate threads,
// separate connections), credit notes, the VAT arithmetic end to end, freezing, the B2B cap,
// sessions billed once.
import { rmSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { publicLinks } from "../../db/control.schema";
import { controlDb } from "~/lib/control-db.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError, isFrozenError } from "./billing-error";
import { addClient, addSession, fileTenant, fillSeller, freeLine } from "./billing.test-helpers";
import {
  createCreditNote,
  createDraftInvoice,
  deleteDraftInvoice,
  findInvoice,
  invoiceLinesOf,
  issueInvoice,
  uninvoicedSessions,
  partialCreditLines,
  updateDraftInvoice,
  type DraftLine,
} from "./invoices.server";
import { computeTotals } from "./money";
import { recordPayment } from "./ledger.server";

const dirs: string[] = [];
let tenantId: string;
beforeAll(async () => {
  setupTestDb();
  tenantId = (await makeCoach("Marie Dupont", "marie@example.fr")).tenant.id; // public links name a real tenant
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tenant() {
  const t = fileTenant();
  dirs.push(t.dir);
  return t;
}

const NOV = new Date("2026-11-10T10:00:00Z");
const issue = (db: TenantDb, id: number, now = NOV) => issueInvoice(db, id, { tenantId, coachEmail: "coach@example.fr", now });
const draft = (db: TenantDb, clientId: number, lines: DraftLine[] = [freeLine("Séance individuelle", 8000)], extra = {}) => createDraftInvoice(db, { clientId, lines, ...extra }, NOV);
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a refusal");
};

describe("numbering", () => {
  it("gives 20 concurrent issuers, each on its own connection, 2026-0001…2026-0020: no gap, no duplicate", async () => {
    const { db, file } = tenant();
    fillSeller(db);
    const clientId = addClient(db, "Marie", "Martin");
    const ids = Array.from({ length: 20 }, (_, i) => draft(db, clientId, [freeLine(`Prestation ${i + 1}`, 1000 + i)]));
    const go = new SharedArrayBuffer(4);
    const workers = ids.map(
      (invoiceId) =>
        new Worker(path.resolve(__dirname, "issue-worker.test-helper.mjs"), {
          workerData: { file, invoiceId, tenantId, now: NOV.getTime(), go },
        }),
    );
    const results = workers.map(
      (w) =>
        new Promise<{ number?: string; error?: string }>((resolve, reject) => {
          w.on("message", (m: { ready?: boolean; number?: string; error?: string }) => {
            if (!m.ready) resolve(m);
          });
          w.on("error", reject);
        }),
    );
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once("message", resolve))));
    // Every thread has its connection open and waits on the flag: release them together.
    Atomics.store(new Int32Array(go), 0, 1);
    Atomics.notify(new Int32Array(go), 0);
    const answers = await Promise.all(results);
    await Promise.all(workers.map((w) => w.terminate()));
    expect(answers.filter((a) => a.error)).toEqual([]);
    const expected = Array.from({ length: 20 }, (_, i) => `2026-${String(i + 1).padStart(4, "0")}`);
    expect(answers.map((a) => a.number).sort()).toEqual(expected);
    const rows = db.$client.prepare("SELECT number, sequence, series, state FROM invoices ORDER BY sequence").all() as { number: string; sequence: number; series: string; state: string }[];
    expect(rows.map((r) => r.number)).toEqual(expected);
    expect(rows.map((r) => r.sequence)).toEqual(expected.map((_, i) => i + 1));
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(["issued"]));
  }, 60_000);

  it("numbers credit notes in their own series, A-2026-0001, and keeps the invoices' series going", () => {
    const { db } = tenant();
    fillSeller(db);
    const c = addClient(db, "Marie", "Martin");
    const first = draft(db, c);
    expect(issue(db, first).number).toBe("2026-0001");
    expect(createCreditNote(db, { invoiceId: first, amountCents: 1000, reason: "Geste commercial", coachEmail: null, now: NOV }).number).toBe("A-2026-0001");
    expect(createCreditNote(db, { invoiceId: first, reason: "Annulation", coachEmail: null, now: NOV }).number).toBe("A-2026-0002");
    expect(issue(db, draft(db, c)).number).toBe("2026-0002");
  });

  it("starts a new series on the 1st of January, Paris time", () => {
    const { db } = tenant();
    fillSeller(db);
    const c = addClient(db, "Marie", "Martin");
    expect(issue(db, draft(db, c), new Date("2026-12-31T22:30:00Z")).number).toBe("2026-0001"); // 23:30 in Paris
    const jan = new Date("2026-12-31T23:30:00Z"); // 00:30 on 1 January in Paris
    const inJanuary = draft(db, c);
    expect(issue(db, inJanuary, jan).number).toBe("2027-0001");
    expect(findInvoice(db, inJanuary)?.issueDate).toBe("2027-01-01");
    expect(createCreditNote(db, { invoiceId: inJanuary, reason: "Erreur", coachEmail: null, now: jan }).number).toBe("A-2027-0001");
  });

  it("never numbers a document dated before its predecessor in the series", () => {
    const { db } = tenant();
    fillSeller(db);
    const c = addClient(db, "Marie", "Martin");
    issue(db, draft(db, c), new Date("2026-11-20T10:00:00Z"));
    const late = draft(db, c);
    const error = refusal(() => issue(db, late, new Date("2026-11-19T10:00:00Z")));
    expect(error).toBeInstanceOf(BillingError);
    expect(findInvoice(db, late)?.state).toBe("draft");
  });
});

describe("totals and VAT", () => {
  it("rounds each line, then the VAT once per rate, and stores what the document shows", () => {
    const { db } = tenant();
    fillSeller(db, { vatRegime: "standard", vatNumber: "FR40732829320" });
    const c = addClient(db, "Marie", "Martin");
    const id = draft(db, c, [
      freeLine("Atelier", 3333, 300, 2000), // 3 × 33,33 = 99,99
      freeLine("Livret", 1001, 150, 550), // 1,5 × 10,01 = 15,015 → 15,02
      freeLine("Support", 1, 50, 2000), // 0,5 × 0,01 = 0,005 → 0,01
    ]);
    issue(db, id);
    const inv = findInvoice(db, id)!;
    expect(invoiceLinesOf(db, id).map((l) => l.totalHtCents)).toEqual([9999, 1502, 1]);
    // 20 %: base 100,00 → VAT 20,00; 5,5 %: base 15,02 → 0,8261 → 0,83.
    expect([inv.totalHtCents, inv.totalVatCents, inv.totalTtcCents]).toEqual([11502, 2083, 13585]);
    expect(inv.vatRegime).toBe("standard");
    expect(inv.seller?.vatNumber).toBe("FR40732829320");
  });

  it("puts every line at 0 % under the franchise, whatever the form said", () => {
    const { db } = tenant();
    fillSeller(db);
    const c = addClient(db, "Marie", "Martin");
    const id = draft(db, c, [freeLine("Séance", 8000, 100, 2000)]);
    issue(db, id);
    const inv = findInvoice(db, id)!;
    expect(invoiceLinesOf(db, id)[0].vatRateBps).toBe(0);
    expect([inv.totalHtCents, inv.totalVatCents, inv.totalTtcCents]).toEqual([8000, 0, 8000]);
  });

  it("refuses to issue a franchise-era draft once the coach is VAT-registered (its rates are unknown)", () => {
    const { db } = tenant();
    fillSeller(db);
    const c = addClient(db, "Marie", "Martin");
    const id = draft(db, c);
    fillSeller(db, { vatRegime: "standard", vatNumber: "FR40732829320" });
    expect(refusal(() => issue(db, id))).toMatchObject({ code: "incomplete" });
  });

  it("never credits more than asked when no HT gives the exact TTC, or would leave a rest that cannot be credited exactly", () => {
    const { db } = tenant();
    fillSeller(db, { vatRegime: "standard", vatNumber: "FR40732829320" });
    const c = addClient(db, "Marie", "Martin");
    const id = draft(db, c, [freeLine("Atelier", 10000, 100, 2000)]);
    issue(db, id);
    // At 20 %, HT 2 gives 2 cents TTC and HT 3 gives 4: 3 cents is unreachable.
    const credit = createCreditNote(db, { invoiceId: id, amountCents: 3, reason: "Arrondi", coachEmail: null, now: NOV });
    expect(findInvoice(db, credit.id)!.totalTtcCents).toBe(2);
    expect(credit.shortCents).toBe(1);
    // Left: 99,98 € HT and 20,00 € VAT. 50 € TTC would be 41,67 € HT + 8,33 € VAT, leaving 58,31 € HT whose
    // VAT (11,66 €) is a cent short of the 11,67 € left: the whole invoice could never be reversed exactly.
    const near = createCreditNote(db, { invoiceId: id, amountCents: 5000, reason: "Geste", coachEmail: null, now: NOV });
    const row = findInvoice(db, near.id)!;
    expect([row.totalHtCents, row.totalVatCents, row.totalTtcCents, near.shortCents]).toEqual([4165, 833, 4998, 2]);
    const rest = createCreditNote(db, { invoiceId: id, reason: "Solde", coachEmail: null, now: NOV });
    const last = findInvoice(db, rest.id)!;
    expect([last.totalHtCents, last.totalVatCents, last.totalTtcCents]).toEqual([10000 - 2 - 4165, 2000 - 833, 7000]);
    expect(findInvoice(db, id)!.state).toBe("cancelled");
  });
});

describe("partial credit notes", () => {
  const standard = () => {
    const { db } = tenant();
    fillSeller(db, { vatRegime: "standard", vatNumber: "FR40732829320" });
    return { db, c: addClient(db, "Marie", "Martin") };
  };
  const linesOf = (db: TenantDb, id: number) => invoiceLinesOf(db, id).map((l) => [l.description, l.vatRateBps, l.totalHtCents]);

  it("splits the credit across the invoice's VAT rates, one line per rate, TTC exactly the amount asked", () => {
    const { db, c } = standard();
    // 100 € HT at 20 % + 90 € HT at 5,5 % = 214,95 € TTC.
    const id = draft(db, c, [freeLine("Atelier", 10000, 100, 2000), freeLine("Livre", 9000, 100, 550)]);
    const { number } = issue(db, id);
    expect(findInvoice(db, id)!.totalTtcCents).toBe(21495);
    const credit = createCreditNote(db, { invoiceId: id, amountCents: 21489, reason: "Geste", coachEmail: null, now: NOV });
    expect(credit.shortCents).toBe(0);
    const row = findInvoice(db, credit.id)!;
    expect(row.totalTtcCents).toBe(21489);
    const lines = linesOf(db, credit.id);
    expect(lines.map((l) => l[1])).toEqual([2000, 550]);
    expect(lines.map((l) => l[0])).toEqual([`Avoir partiel sur la facture n° ${number} (TVA 20 %)`, `Avoir partiel sur la facture n° ${number} (TVA 5,5 %)`]);
    // Each rate in proportion to its TTC (120 / 214,95 and 94,95 / 214,95), give or take a cent.
    const [ht20, ht55] = [lines[0][2] as number, lines[1][2] as number];
    expect(Math.abs(ht20 - 9997)).toBeLessThanOrEqual(1);
    expect(Math.abs(ht55 - 8997)).toBeLessThanOrEqual(1);
    // No VAT reversed beyond what each rate charged.
    expect(row.totalVatCents).toBeLessThanOrEqual(findInvoice(db, id)!.totalVatCents);
    // The last 6 cents: the invoice ends fully credited, hence cancelled (not overdue for cents).
    const rest = createCreditNote(db, { invoiceId: id, amountCents: 6, reason: "Solde", coachEmail: null, now: NOV });
    expect(findInvoice(db, rest.id)!.totalTtcCents).toBe(6);
    expect(findInvoice(db, id)!.state).toBe("cancelled");
  });

  it("credits every cent amount from 1 cent to the total exactly on a two-rate invoice", () => {
    const { db, c } = standard();
    const id = draft(db, c, [freeLine("Atelier", 10000, 100, 2000), freeLine("Livre", 9000, 100, 550)]);
    issue(db, id);
    const invoice = findInvoice(db, id)!;
    const lines = invoiceLinesOf(db, id);
    let short = 0;
    for (let amount = 1; amount <= invoice.totalTtcCents; amount += 1) {
      const split = partialCreditLines(invoice, lines, amount);
      const totals = computeTotals(split.lines, "standard");
      expect(totals.totalTtcCents + split.shortCents, String(amount)).toBe(amount);
      expect(split.shortCents).toBeGreaterThanOrEqual(0);
      short += split.shortCents > 0 ? 1 : 0;
    }
    expect(short).toBe(0);
  });

  /** HT and VAT reversed per rate by the invoice's credit notes, from their stored lines. */
  const reversed = (db: TenantDb, invoiceId: number) => {
    const notes = db.$client.prepare("SELECT id FROM invoices WHERE credited_invoice_id = ? AND kind = 'credit_note'").all(invoiceId) as { id: number }[];
    const sum: Record<number, { ht: number; vat: number }> = {};
    for (const n of notes) {
      for (const v of computeTotals(invoiceLinesOf(db, n.id), "standard").vat) {
        sum[v.rateBps] = { ht: (sum[v.rateBps]?.ht ?? 0) + v.baseCents, vat: (sum[v.rateBps]?.vat ?? 0) + v.vatCents };
      }
    }
    return sum;
  };
  const charged = (db: TenantDb, invoiceId: number) =>
    Object.fromEntries(computeTotals(invoiceLinesOf(db, invoiceId), "standard").vat.map((v) => [v.rateBps, { ht: v.baseCents, vat: v.vatCents }]));

  it("reverses each rate exactly when several partial credit notes add up to the invoice", () => {
    const { db, c } = standard();
    // 10 € HT at 20 % + 10 € HT at 5,5 % = 22,55 € TTC, credited 6 × 3,33 € then the rest.
    const id = draft(db, c, [freeLine("Atelier", 1000, 100, 2000), freeLine("Livre", 1000, 100, 550)]);
    issue(db, id);
    for (let i = 0; i < 6; i++) {
      const note = createCreditNote(db, { invoiceId: id, amountCents: 333, reason: "Geste", coachEmail: null, now: NOV });
      expect(findInvoice(db, note.id)!.totalTtcCents + note.shortCents).toBe(333);
    }
    createCreditNote(db, { invoiceId: id, reason: "Solde", coachEmail: null, now: NOV });
    expect(findInvoice(db, id)!.state).toBe("cancelled");
    expect(reversed(db, id)).toEqual(charged(db, id));
    expect(charged(db, id)).toEqual({ 2000: { ht: 1000, vat: 200 }, 550: { ht: 1000, vat: 55 } });
  });

  it("never credits more at a rate than the invoice charged there, however small the credit notes", () => {
    const { db, c } = standard();
    // 1 cent HT at 5,5 % next to 20 € HT at 20 %: seven 3-cent credit notes, then the rest.
    const id = draft(db, c, [freeLine("Atelier", 2000, 100, 2000), freeLine("Marque-page", 1, 100, 550)]);
    issue(db, id);
    for (let i = 0; i < 7; i++) {
      try {
        createCreditNote(db, { invoiceId: id, amountCents: 3, reason: "Arrondi", coachEmail: null, now: NOV });
      } catch (error) {
        // Once the 5,5 % cent is credited, no HT at 20 % gives 3 cents and leaves a rest creditable exactly.
        expect((error as Error).message).toBe("Ce montant est trop faible pour un avoir.");
      }
      expect(reversed(db, id)[550]?.ht ?? 0).toBeLessThanOrEqual(1);
    }
    expect(reversed(db, id)[550]).toEqual({ ht: 1, vat: 0 });
    createCreditNote(db, { invoiceId: id, reason: "Solde", coachEmail: null, now: NOV });
    expect(findInvoice(db, id)!.state).toBe("cancelled");
    expect(reversed(db, id)).toEqual(charged(db, id));
  });

  it("keeps every rate exact over random sequences of partial credit notes, then the rest", () => {
    // A fixed-seed generator (mulberry32): the same sequences on every run.
    let seed = 9;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    for (let run = 0; run < 500; run++) {
      const rates = [2000, 1000, 550, 210].filter(() => random() < 0.6);
      if (rates.length === 0) rates.push(pick([2000, 550]));
      const lines = rates.map((rate) => ({ vatRateBps: rate, totalHtCents: 1 + Math.floor(random() * pick([10, 500, 50000])) }));
      const invoice = { number: "2026-0001", vatRegime: "standard" as const };
      const owed = computeTotals(lines.map((l) => ({ quantity: 100, unitPriceCents: l.totalHtCents, vatRateBps: l.vatRateBps })), "standard");
      const done = new Map<number, { rate: number; ht: number; vat: number }>();
      let left = owed.totalTtcCents;
      for (let step = 0; step < 8 && left > 1; step++) {
        const amount = 1 + Math.floor(random() * (left - 1));
        const split = partialCreditLines(invoice, lines, amount, [...done.values()]);
        const totals = computeTotals(split.lines, "standard");
        expect(totals.totalTtcCents + split.shortCents, `run ${run}`).toBe(amount);
        // Short only by the gap between two HT that keep the rest creditable: about 0,5 / rate cents.
        expect(split.shortCents).toBeGreaterThanOrEqual(0);
        expect(split.shortCents).toBeLessThanOrEqual(Math.ceil(5000 / Math.min(...rates)));
        for (const v of totals.vat) {
          const d = done.get(v.rateBps) ?? { rate: v.rateBps, ht: 0, vat: 0 };
          done.set(v.rateBps, { rate: v.rateBps, ht: d.ht + v.baseCents, vat: d.vat + v.vatCents });
        }
        left -= totals.totalTtcCents;
        for (const v of owed.vat) expect(done.get(v.rateBps)?.ht ?? 0, `run ${run}`).toBeLessThanOrEqual(v.baseCents);
      }
      const last = computeTotals(partialCreditLines(invoice, lines, left, [...done.values()]).lines, "standard");
      expect(last.totalTtcCents, `run ${run}`).toBe(left);
      for (const v of owed.vat) {
        const d = done.get(v.rateBps) ?? { ht: 0, vat: 0 };
        const l = last.vat.find((x) => x.rateBps === v.rateBps) ?? { baseCents: 0, vatCents: 0 };
        expect([d.ht + l.baseCents, d.vat + l.vatCents], `run ${run}, rate ${v.rateBps}`).toEqual([v.baseCents, v.vatCents]);
      }
    }
  });

  it("keeps a single 0 % line without a rate suffix under the franchise", () => {
    const { db } = tenant();
    fillSeller(db);
    const id = draft(db, addClient(db, "Marie", "Martin"), [freeLine("Séance", 8000)]);
    const { number } = issue(db, id);
    const credit = createCreditNote(db, { invoiceId: id, amountCents: 2550, reason: "Geste", coachEmail: null, now: NOV });
    expect(linesOf(db, credit.id)).toEqual([[`Avoir partiel sur la facture n° ${number}`, 0, 2550]]);
  });

  it("refuses a second credit note with the same submission token and returns the first", () => {
    const { db, c } = standard();
    const id = draft(db, c, [freeLine("Atelier", 10000, 100, 2000)]);
    issue(db, id);
    const first = createCreditNote(db, { invoiceId: id, amountCents: 1000, reason: "Geste", coachEmail: null, now: NOV, submission: "a".repeat(22) });
    const again = createCreditNote(db, { invoiceId: id, amountCents: 1000, reason: "Geste", coachEmail: null, now: NOV, submission: "a".repeat(22) });
    expect(again).toMatchObject({ id: first.id, number: first.number, replay: true });
    const other = createCreditNote(db, { invoiceId: id, amountCents: 1000, reason: "Geste", coachEmail: null, now: NOV, submission: "b".repeat(22) });
    expect(other.replay).toBe(false);
    expect((db.$client.prepare("SELECT count(*) AS n FROM invoices WHERE credited_invoice_id = ?").get(id) as { n: number }).n).toBe(2);
  });
});

describe("amount caps", () => {
  it("refuses a unit price above 1 000 000 € or a quantity above 10 000 on a draft", () => {
    const { db } = tenant();
    fillSeller(db);
    const c = addClient(db, "Marie", "Martin");
    expect(refusal(() => draft(db, c, [freeLine("Trop", 100_000_001)])).message).toBe("Le prix unitaire est limité à 1 000 000 €.");
    expect(refusal(() => draft(db, c, [freeLine("Trop", 100, 1_000_001)])).message).toBe("La quantité est limitée à 10 000.");
    expect(draft(db, c, [freeLine("Max", 100_000_000, 1_000_000)])).toBeGreaterThan(0);
  });
});

describe("issuing", () => {
  it("refuses without the seller's mandatory details, before writing a public link", () => {
    const { db } = tenant();
    const c = addClient(db, "Marie", "Martin");
    const id = draft(db, c);
    const before = controlDb().select().from(publicLinks).all().length;
    const error = refusal(() => issue(db, id));
    expect(error).toMatchObject({ code: "incomplete" });
    expect(error.message).toContain("SIREN");
    expect(controlDb().select().from(publicLinks).all().length).toBe(before);
  });

  it("freezes the seller and buyer as they were, and opens a public link", () => {
    const { db } = tenant();
    fillSeller(db);
    const c = addClient(db, "Marie", "Martin");
    const id = draft(db, c);
    issue(db, id);
    fillSeller(db, { legalName: "Autre nom EI" });
    db.$client.prepare("UPDATE clients SET last_name = 'Changé' WHERE id = ?").run(c);
    const inv = findInvoice(db, id)!;
    expect(inv.seller?.legalName).toBe("Marie Dupont EI");
    expect(inv.buyer?.name).toBe("Marie Martin");
    expect(inv.publicToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(inv.dueDate).toBe("2026-12-10"); // 30 days by default
  });
});

describe("immutability", () => {
  function issued() {
    const t = tenant();
    fillSeller(t.db);
    const c = addClient(t.db, "Marie", "Martin");
    const id = draft(t.db, c);
    issue(t.db, id);
    recordPayment(t.db, { invoiceId: id, amountCents: 1000, method: "transfer", paidAt: NOV });
    return { ...t, id, clientId: c };
  }

  it("refuses direct SQL edits and deletes of an issued invoice, its lines and its payments (triggers)", () => {
    const { db, id } = issued();
    const sql = [
      ["UPDATE invoices SET total_ttc_cents = 1 WHERE id = ?", id],
      ["UPDATE invoices SET number = '2026-0099' WHERE id = ?", id],
      ["UPDATE invoices SET state = 'draft' WHERE id = ?", id],
      ["DELETE FROM invoices WHERE id = ?", id],
      ["UPDATE invoice_lines SET unit_price_cents = 1 WHERE invoice_id = ?", id],
      ["DELETE FROM invoice_lines WHERE invoice_id = ?", id],
      ["INSERT INTO invoice_lines (invoice_id, position, description, unit_price_cents, total_ht_cents) VALUES (?, 9, 'ajout', 1, 1)", id],
      ["UPDATE payments SET amount_cents = 99999 WHERE invoice_id = ?", id],
      ["DELETE FROM payments WHERE invoice_id = ?", id],
    ] as const;
    for (const [q, p] of sql) {
      const error = refusal(() => db.$client.prepare(q).run(p));
      expect(isFrozenError(error), q).toBe(true);
    }
    expect(findInvoice(db, id)).toMatchObject({ totalTtcCents: 8000, number: "2026-0001", state: "issued" });
  });

  it("refuses updateDraftInvoice and deleteDraftInvoice on an issued invoice (BillingError frozen)", () => {
    const { db, id, clientId } = issued();
    expect(refusal(() => updateDraftInvoice(db, id, { clientId, lines: [freeLine("Autre", 1)] }))).toMatchObject({ name: "BillingError", code: "frozen" });
    expect(refusal(() => deleteDraftInvoice(db, id))).toMatchObject({ name: "BillingError", code: "frozen" });
    expect(invoiceLinesOf(db, id).map((l) => l.description)).toEqual(["Séance individuelle"]);
  });

  it("lets a draft be edited and deleted freely", () => {
    const { db } = tenant();
    const c = addClient(db, "Marie", "Martin");
    const id = draft(db, c);
    updateDraftInvoice(db, id, { clientId: c, title: "Novembre", lines: [freeLine("A", 100), freeLine("B", 250, 200)] });
    expect(findInvoice(db, id)).toMatchObject({ title: "Novembre", totalTtcCents: 600 });
    deleteDraftInvoice(db, id);
    expect(findInvoice(db, id)).toBeUndefined();
  });
});

describe("business clients", () => {
  it("caps the payment terms at 60 days and refuses a later due date", () => {
    const { db } = tenant();
    fillSeller(db, { paymentTermsDays: 90 });
    const firm = addClient(db, "Paul", "Avocat", { company: "Cabinet Avocat" });
    const person = addClient(db, "Marie", "Martin");
    const b2b = draft(db, firm);
    issue(db, b2b);
    expect(findInvoice(db, b2b)?.dueDate).toBe("2027-01-09"); // 10 Nov + 60 days
    const b2c = draft(db, person);
    issue(db, b2c);
    expect(findInvoice(db, b2c)?.dueDate).toBe("2027-02-08"); // + 90 days
    const late = draft(db, firm, undefined, { dueDate: "2027-01-10" });
    expect(refusal(() => issue(db, late)).message).toContain("60 jours");
    expect(findInvoice(db, late)?.state).toBe("draft");
  });

  it("refuses a business client without an address", () => {
    const { db } = tenant();
    fillSeller(db);
    const firm = addClient(db, "Paul", "Avocat", { company: "Cabinet Avocat" });
    db.$client.prepare("UPDATE clients SET address = NULL WHERE id = ?").run(firm);
    expect(refusal(() => issue(db, draft(db, firm))).message).toContain("adresse du client");
  });
});

describe("sessions", () => {
  it("bills a completed session once, and only the client's own completed sessions", () => {
    const { db } = tenant();
    fillSeller(db);
    const c = addClient(db, "Marie", "Martin");
    const other = addClient(db, "Jean", "Autre");
    const done = addSession(db, c, Date.UTC(2026, 10, 3, 9));
    const planned = addSession(db, c, Date.UTC(2026, 10, 30, 9), "confirmed");
    const foreign = addSession(db, other, Date.UTC(2026, 10, 4, 9));
    expect(uninvoicedSessions(db, c).map((s) => s.id)).toEqual([done]);
    const line = (sessionId: number) => ({ ...freeLine("Séance", 8000), sessionId });
    const id = draft(db, c, [line(done)]);
    expect(uninvoicedSessions(db, c)).toEqual([]);
    expect(refusal(() => draft(db, c, [line(done)])).message).toContain("déjà facturée");
    expect(refusal(() => draft(db, c, [line(planned)])).message).toContain("réalisées");
    expect(refusal(() => draft(db, c, [line(foreign)])).message).toContain("n'appartient pas");
    // The same draft may be saved again with its own session.
    updateDraftInvoice(db, id, { clientId: c, lines: [line(done)] });
    issue(db, id);
    expect(findInvoice(db, id)?.serviceDate).toBe("2026-11-03");
    expect(uninvoicedSessions(db, c)).toEqual([]);
  });

  it("unmarks the sessions of a paid invoice once a credit note cancels it: the new invoice decides", () => {
    const { db } = tenant();
    fillSeller(db);
    const c = addClient(db, "Marie", "Martin");
    const s = addSession(db, c, Date.UTC(2026, 10, 3, 9));
    const id = draft(db, c, [{ ...freeLine("Séance", 8000), sessionId: s }]);
    issue(db, id);
    recordPayment(db, { invoiceId: id, amountCents: 8000, method: "transfer", paidAt: NOV }, NOV);
    const paidAt = () => (db.$client.prepare("SELECT paid_at FROM coaching_sessions WHERE id = ?").get(s) as { paid_at: number | null }).paid_at;
    expect(paidAt()).not.toBeNull();
    createCreditNote(db, { invoiceId: id, reason: "Erreur de tarif", coachEmail: null, now: NOV });
    expect(findInvoice(db, id)).toMatchObject({ state: "cancelled" });
    expect(paidAt()).toBeNull();
  });

  it("makes the sessions of an invoice cancelled by a credit note billable again (not a partial credit)", () => {
    const { db } = tenant();
    fillSeller(db);
    const c = addClient(db, "Marie", "Martin");
    const s = addSession(db, c, Date.UTC(2026, 10, 3, 9));
    const id = draft(db, c, [{ ...freeLine("Séance", 8000), sessionId: s }]);
    issue(db, id);
    createCreditNote(db, { invoiceId: id, amountCents: 2000, reason: "Geste", coachEmail: null, now: NOV });
    expect(findInvoice(db, id)?.state).toBe("issued");
    expect(uninvoicedSessions(db, c)).toEqual([]);
    createCreditNote(db, { invoiceId: id, reason: "Annulation", coachEmail: null, now: NOV });
    expect(findInvoice(db, id)).toMatchObject({ state: "cancelled" });
    expect(uninvoicedSessions(db, c).map((x) => x.id)).toEqual([s]);
    const again = draft(db, c, [{ ...freeLine("Séance", 8000), sessionId: s }]);
    expect(issue(db, again).number).toBe("2026-0002");
    expect(refusal(() => createCreditNote(db, { invoiceId: id, reason: "Encore", coachEmail: null, now: NOV }))).toMatchObject({ code: "conflict" });
  });
});

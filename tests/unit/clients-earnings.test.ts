// /dashboard/earnings and its CSV export, through the real loaders: figures from the session's
// tenant only, nothing in the URL can name another tenant, a bad period is a French 400.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { args, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { withTenantDb } from "~/lib/tenant-db.server";
import * as page from "~/routes/dashboard.earnings";
import * as exportCsv from "~/routes/dashboard.earnings.export[.]csv";

let a: SignedInCoach;
let b: SignedInCoach;

function seed(tenantId: string, name: string, sessions: [string, string, number][]) {
  return withTenantDb(tenantId, (db) => {
    const client = Number(db.$client.prepare("INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES (?, 'Client', 0, 0)").run(name).lastInsertRowid);
    const insert = db.$client.prepare("INSERT INTO coaching_sessions (client_id, scheduled_at, price_cents, status, theme, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)");
    for (const [at, status, cents] of sessions) insert.run(client, Date.parse(at), cents, status, `thème ${name}`);
    return client;
  });
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-15T10:00:00Z"));
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  await seed(a.tenant.id, "Alice", [
    ["2026-10-31T23:30:00Z", "completed", 8000], // 1 November in Paris
    ["2026-11-05T09:00:00Z", "refunded", 5000],
    ["2026-09-10T09:00:00Z", "completed", 6000],
    ["2026-11-20T09:00:00Z", "confirmed", 9000],
  ]);
  // B earns far more, on the same dates and with the same ids: none of it may show for A.
  await seed(b.tenant.id, "Bob", [
    ["2026-11-02T09:00:00Z", "completed", 777_700],
    ["2026-11-03T09:00:00Z", "completed", 777_700],
    ["2026-11-25T09:00:00Z", "confirmed", 777_700],
  ]);
});
afterAll(() => vi.useRealTimers());

const body = async (res: Response) => JSON.parse(await res.text());
const getPage = (coach: SignedInCoach, qs = "") => settle(page.loader(args(request(`/dashboard/earnings${qs}`, { cookie: coach.cookie }))));
const getCsv = (coach: SignedInCoach | null, qs: string) => settle(exportCsv.loader(args(request(`/dashboard/earnings/export.csv${qs}`, { cookie: coach?.cookie }))));
const csvRows = async (res: Response) => parse((await res.text()).replace(/^\uFEFF/, ""), { delimiter: ";" }) as string[][];

describe("/dashboard/earnings", () => {
  it("shows the session's tenant's month, pending, year, 6 months and transactions", async () => {
    const d = await body(await getPage(a));
    expect(d.thisMonth).toMatchObject({ month: "2026-11", cents: 8000, count: 1 });
    expect(d.pending).toEqual({ cents: 9000, count: 1 });
    expect(d.year).toEqual({ year: 2026, cents: 14000, count: 2 });
    expect(d.history.map((m: { cents: number }) => m.cents)).toEqual([0, 0, 0, 6000, 0, 8000]);
    expect(d.transactions.map((t: { status: string }) => t.status)).toEqual(["refunded", "completed", "completed"]);
    expect(d.period).toEqual({ from: "2026-11-01", to: "2026-11-30", delimiter: "semicolon" });
    expect(JSON.stringify(d)).not.toContain("Bob");
    expect(JSON.stringify(d)).not.toContain("7777");
  });

  it("ignores anything in the URL that names a tenant", async () => {
    const plain = await body(await getPage(a));
    const forged = await body(await getPage(a, `?tenant=${b.tenant.id}&tenantId=${b.tenant.id}&coach=${b.user.id}`));
    expect(forged.thisMonth).toEqual(plain.thisMonth);
    expect(forged.transactions).toEqual(plain.transactions);
  });

  it("shows a bad period sent back by the export with its reason, the values kept", async () => {
    const d = await body(await getPage(a, "?from=2026-11-30&to=2026-11-01"));
    expect(d.period).toMatchObject({ from: "2026-11-30", to: "2026-11-01" });
    expect(d.periodErrors.join()).toContain("La période est inversée");
  });

  it("sends a signed-out visitor to sign in", async () => {
    const res = await settle(page.loader(args(request("/dashboard/earnings"))));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("/login");
  });
});

describe("/dashboard/earnings/export.csv", () => {
  it("streams every session of the period of the session's tenant, with a dated file name", async () => {
    const res = await getCsv(a, "?from=2026-11-01&to=2026-11-30");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="revenus-2026-11-01_2026-11-30.csv"');
    const [header, ...rows] = await csvRows(res);
    expect(header).toEqual(["date", "heure", "client", "séance n°", "thème", "statut", "montant", "encaissé", "payée le"]);
    expect(rows.map((r) => [r[0], r[2], r[5], r[6], r[7]])).toEqual([
      ["01/11/2026", "Alice Client", "Réalisée", "80", "80"],
      ["05/11/2026", "Alice Client", "Remboursée", "50", "0"],
      ["20/11/2026", "Alice Client", "Confirmée", "90", "0"],
    ]);
  });

  it("has an 'encaissé' column whose sum over the month is the page's month card", async () => {
    // The period the page's export form proposes: the card's month.
    const { thisMonth: card, period } = await body(await getPage(a));
    const [header, ...rows] = await csvRows(await getCsv(a, `?from=${period.from}&to=${period.to}`));
    const col = header.indexOf("encaissé");
    expect(col).toBeGreaterThan(-1);
    expect(rows.reduce((n, r) => n + Math.round(Number(r[col].replace(",", ".")) * 100), 0)).toBe(card.cents);
  });

  it("never exports another tenant's sessions, whatever the URL says", async () => {
    const text = await (await getCsv(a, `?from=2000-01-01&to=2099-12-31&tenant=${b.tenant.id}&tenantId=${b.tenant.id}`)).text();
    expect(text).not.toContain("Bob");
    expect(text).not.toContain("7777");
    expect(await csvRows(await getCsv(b, "?from=2026-11-01&to=2026-11-30"))).toHaveLength(4);
  });

  it.each([
    ["?from=2026-11-30&to=2026-11-01", "La période est inversée"],
    ["?from=2026-02-31&to=2026-03-01", "La date de début n&#39;est pas une date valide"],
    ["", "Indiquez la date de début"],
  ])("answers %j with a 400 page in French and a link back to the form", async (qs, message) => {
    const res = await getCsv(a, qs);
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain('href="/dashboard/earnings?from=');
  });

  it("sends a signed-out visitor to sign in, even with a valid period", async () => {
    const res = await getCsv(null, "?from=2026-11-01&to=2026-11-30");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("/login");
  });
});

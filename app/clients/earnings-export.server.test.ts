// The earnings CSV: period validation, rows of the whole period (Paris days, inclusive), formula
// neutralisation of text cells only, Excel-friendly bytes.
import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, it } from "vitest";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import type { TenantDb } from "~/lib/tenant-db.server";
import { earningsSummary } from "./earnings.server";
import { currentMonthPeriod, EARNINGS_CSV_HEADERS, earningsCsvStream, earningsFileName, parseEarningsPeriod } from "./earnings-export.server";

let db: TenantDb;

function client(first: string, last: string) {
  return Number(db.$client.prepare("INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES (?, ?, 0, 0)").run(first, last).lastInsertRowid);
}
function session(clientId: number, at: string, status: string, priceCents: number, extra: { theme?: string; paidAt?: string } = {}) {
  const ms = Date.parse(at);
  db.$client
    .prepare("INSERT INTO coaching_sessions (client_id, scheduled_at, price_cents, status, theme, paid_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .run(clientId, ms, priceCents, status, extra.theme ?? null, extra.paidAt ? Date.parse(extra.paidAt) : null, ms, ms);
}

async function csv(query: string) {
  const parsed = parseEarningsPeriod(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(parsed.errors.join());
  const chunks: Buffer[] = [];
  for await (const c of earningsCsvStream(db.$client, parsed.period)) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}
const rows = (buf: Buffer, delimiter = ";") => parse(buf.toString("utf8").replace(/^\uFEFF/, ""), { delimiter }) as string[][];

beforeEach(() => {
  db = memoryTenant();
});

describe("parseEarningsPeriod", () => {
  it("accepts inclusive days, the delimiter defaulting to ';'", () => {
    expect(parseEarningsPeriod(new URLSearchParams("from=2026-11-01&to=2026-11-30"))).toEqual({ ok: true, period: { from: "2026-11-01", to: "2026-11-30", delimiter: "semicolon" } });
    expect(parseEarningsPeriod(new URLSearchParams("from=2026-11-01&to=2026-11-01&delimiter=comma")).ok).toBe(true);
  });

  it.each([
    ["from=2026-11-30&to=2026-11-01", "La période est inversée"],
    ["from=2026-02-30&to=2026-03-01", "La date de début n'est pas une date valide"],
    ["from=01/11/2026&to=2026-11-30", "La date de début n'est pas une date valide"],
    ["from=2026-11-01&to=2026-13-01", "La date de fin n'est pas une date valide"],
    ["to=2026-11-30", "Indiquez la date de début"],
    ["from=2026-11-01&to=", "Indiquez la date de fin"],
    ["from=1970-01-01&to=2026-11-01", "La date de début n'est pas une date valide"],
    ["from=2026-11-01&to=2026-11-30&delimiter=tab", "Choisissez le point-virgule ou la virgule"],
  ])("refuses %s in French", (query, message) => {
    const r = parseEarningsPeriod(new URLSearchParams(query));
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors.join(" ")).toContain(message);
  });

  it("proposes the current Paris month", () => {
    expect(currentMonthPeriod(new Date("2026-10-31T23:30:00Z"))).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(currentMonthPeriod(new Date("2028-02-10T12:00:00Z"))).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(earningsFileName({ from: "2026-11-01", to: "2026-11-30" })).toBe("revenus-2026-11-01_2026-11-30.csv");
  });
});

describe("earnings CSV", () => {
  it("writes every session of the period's Paris days, in order, with its number, status, amount and payment day", async () => {
    const marie = client("Marie", "Dupont");
    session(marie, "2026-10-31T22:59:00Z", "completed", 1000); // 31 October 23:59 in Paris: outside
    session(marie, "2026-10-31T23:30:00Z", "completed", 8050, { theme: "Gestion du stress", paidAt: "2026-11-02T10:00:00Z" });
    session(marie, "2026-11-10T17:00:00Z", "cancelled", 8000);
    session(marie, "2026-11-30T22:30:00Z", "confirmed", 12000); // 30 November 23:30 in Paris: inside
    session(marie, "2026-11-30T23:00:00Z", "confirmed", 12000); // 1 December: outside
    const [header, ...body] = rows(await csv("from=2026-11-01&to=2026-11-30"));
    expect(header).toEqual([...EARNINGS_CSV_HEADERS]);
    expect(body).toEqual([
      ["01/11/2026", "00:30", "Marie Dupont", "2", "Gestion du stress", "Réalisée", "80,5", "80,5", "02/11/2026"],
      ["10/11/2026", "18:00", "Marie Dupont", "", "", "Annulée", "80", "0", ""],
      ["30/11/2026", "23:30", "Marie Dupont", "3", "", "Confirmée", "120", "0", ""],
    ]);
  });

  it("has more than 10 rows when the period has them (not the page's last 10)", async () => {
    const c = client("Jean", "Martin");
    for (let d = 1; d <= 25; d++) session(c, `2026-11-${String(d).padStart(2, "0")}T09:00:00Z`, "completed", 5000);
    expect(rows(await csv("from=2026-11-01&to=2026-11-30"))).toHaveLength(26);
  });

  it.each(["=HYPERLINK(\"http://x\")", "+33 6", "-1+1", "@SUM(A1)", "\tx"])("neutralises text cells starting with %j, never numbers", async (value) => {
    const c = client(value, "Dupont");
    session(c, "2026-11-05T09:00:00Z", "refunded", -2500, { theme: value });
    const [, row] = rows(await csv("from=2026-11-01&to=2026-11-30"));
    expect(row[2]).toBe(`'${value} Dupont`);
    expect(row[4]).toBe(`'${value}`);
    expect(row[6]).toBe("-25"); // an amount stays a number, even negative
    expect(row[7]).toBe("0"); // refunded: not earned
  });

  it("writes a UTF-8 BOM, CRLF line ends, and ',' with a decimal point when asked", async () => {
    session(client("Zoé", "Roux"), "2026-11-05T09:00:00Z", "completed", 12345);
    const semi = await csv("from=2026-11-01&to=2026-11-30");
    expect([...semi.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(semi.toString("utf8")).toContain("date;heure;client;séance n°;thème;statut;montant;encaissé;payée le\r\n");
    expect(semi.toString("utf8")).toContain(";123,45;123,45;");
    const comma = rows(await csv("from=2026-11-01&to=2026-11-30&delimiter=comma"), ",");
    expect(comma[1][6]).toBe("123.45");
    expect(comma[1][7]).toBe("123.45");
  });

  it("sums 'encaissé' over a month to the page's 'Ce mois' card, whatever the other statuses", async () => {
    const now = new Date("2026-11-15T10:00:00Z");
    const marie = client("Marie", "Dupont");
    const jean = client("Jean", "Martin");
    session(marie, "2026-10-31T22:59:00Z", "completed", 1000); // 31 October in Paris: not November
    session(marie, "2026-10-31T23:30:00Z", "completed", 8050, { paidAt: "2026-11-02T10:00:00Z" }); // 1 November in Paris
    session(marie, "2026-11-03T09:00:00Z", "completed", 12345); // unpaid: earned all the same
    session(jean, "2026-11-04T09:00:00Z", "cancelled", 9000);
    session(jean, "2026-11-05T09:00:00Z", "no_show", 7000);
    session(jean, "2026-11-06T09:00:00Z", "refunded", 6000);
    session(jean, "2026-11-15T08:00:00Z", "confirmed", 5000); // forgotten: start passed, never closed
    session(marie, "2026-11-20T09:00:00Z", "confirmed", 11000); // future
    session(jean, "2026-11-30T22:59:00Z", "completed", 333); // 23:59 on 30 November in Paris
    session(jean, "2026-11-30T23:00:00Z", "completed", 4444); // 1 December in Paris
    const card = earningsSummary(db, { now }).thisMonth;
    const [header, ...body] = rows(await csv("from=2026-11-01&to=2026-11-30"));
    const cents = (col: string) => body.reduce((n, r) => n + Math.round(Number(r[header.indexOf(col)].replace(",", ".")) * 100), 0);
    expect(cents("encaissé")).toBe(card.cents);
    expect(card.cents).toBe(8050 + 12345 + 333);
    // "montant" keeps the booked price of every session of the period: it is not the card.
    expect(cents("montant")).toBe(card.cents + 9000 + 7000 + 6000 + 5000 + 11000);
  });
});

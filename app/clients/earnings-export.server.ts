// The earnings CSV: every session of a period of Paris days (not only the page's last 10), for
// the coach's accountant. Same rules as the leads export (app/crm/export-csv.server.ts, whose
// helpers it uses): streamed, UTF-8 BOM, CRLF, ";" by default, text cells neutralised against
// formulas, amounts left as numbers.
// Two amount columns: "montant" is the session's price whatever its status (what was booked);
// "encaissé" is what the page counts as earned (the price of a completed session, 0 for every
// other status, as in earnings.server.ts), so summing "encaissé" over a month gives the page's
// "Ce mois" card without a total row or a note.
import type Database from "better-sqlite3";
import { z } from "zod";
import { csvNumber, csvStream, safeText, type CsvDelimiter } from "~/crm/export-csv.server";
import { addDays, dayKey, dayStart, monthKey, addMonths } from "~/kpis/paris-days.server";
import type { SessionStatus } from "../../db/tenant.schema";
import { sessionNumberSqlText } from "./session-number.server";
import { SESSION_STATUS_LABELS } from "./session-status";

export const EARNINGS_CSV_HEADERS = ["date", "heure", "client", "séance n°", "thème", "statut", "montant", "encaissé", "payée le"] as const;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day (2026-02-30 is refused), within years a ledger can hold. */
const isRealDay = (v: string) => ISO_DAY.test(v) && addDays(v, 0) === v && v >= "2000-01-01" && v <= "2099-12-31";
const day = (label: string) =>
  z
    .string({ required_error: `Indiquez la date ${label} (AAAA-MM-JJ).` })
    .trim()
    .min(1, `Indiquez la date ${label} (AAAA-MM-JJ).`)
    .refine(isRealDay, `La date ${label} n'est pas une date valide (format AAAA-MM-JJ, par exemple 2026-11-01).`);

/** The export's query: `from` and `to` are inclusive Paris days. */
export const EarningsPeriodSchema = z
  .object({ from: day("de début"), to: day("de fin"), delimiter: z.enum(["semicolon", "comma"], { errorMap: () => ({ message: "Choisissez le point-virgule ou la virgule comme séparateur." }) }).default("semicolon") })
  .refine((p) => p.from <= p.to, { message: "La période est inversée : la date de fin précède la date de début.", path: ["to"] });

export type EarningsPeriod = z.infer<typeof EarningsPeriodSchema>;

/** The current Paris month as a period: what the page's form proposes. */
export function currentMonthPeriod(now = new Date()) {
  const month = monthKey(now);
  return { from: `${month}-01`, to: addDays(`${addMonths(month, 1)}-01`, -1) };
}

/** The period from a URL's query, or the French messages saying what is wrong with it. */
export function parseEarningsPeriod(params: URLSearchParams): { ok: true; period: EarningsPeriod } | { ok: false; errors: string[] } {
  const parsed = EarningsPeriodSchema.safeParse({
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
    delimiter: params.get("delimiter") || undefined,
  });
  if (parsed.success) return { ok: true, period: parsed.data };
  return { ok: false, errors: [...new Set(parsed.error.issues.map((i) => i.message))] };
}

/** "revenus-2026-11-01_2026-11-30.csv" */
export const earningsFileName = (p: Pick<EarningsPeriod, "from" | "to">) => `revenus-${p.from}_${p.to}.csv`;

type Row = {
  scheduled_at: number;
  first_name: string;
  last_name: string;
  number: number | null;
  theme: string | null;
  status: SessionStatus;
  price_cents: number;
  paid_at: number | null;
};

const frDay = (ms: number) => dayKey(ms).split("-").reverse().join("/");
const hourFmt = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** What the ledger counts as earned (earnings.server.ts sums completed sessions only). */
export const earnedCents = (r: Pick<Row, "status" | "price_cents">) => (r.status === "completed" ? r.price_cents : 0);

export function toEarningsRecord(r: Row, delimiter: CsvDelimiter) {
  return [
    frDay(r.scheduled_at),
    hourFmt.format(r.scheduled_at),
    safeText(`${r.first_name} ${r.last_name}`),
    r.number == null ? "" : csvNumber(r.number, delimiter),
    safeText(r.theme),
    SESSION_STATUS_LABELS[r.status] ?? r.status,
    csvNumber(r.price_cents / 100, delimiter),
    csvNumber(earnedCents(r) / 100, delimiter),
    r.paid_at == null ? "" : frDay(r.paid_at),
  ];
}

// `status IN (…every status…)` lets sessions_scheduled_idx serve the date range (one seek per
// status) where a bare range on scheduled_at would read the whole table.
const STATUSES = Object.keys(SESSION_STATUS_LABELS)
  .map((s) => `'${s}'`)
  .join(", ");
const SELECT = `SELECT s.scheduled_at, c.first_name, c.last_name, ${sessionNumberSqlText("s")} AS number, s.theme, s.status,
  s.price_cents, s.paid_at
  FROM coaching_sessions s JOIN clients c ON c.id = s.client_id
  WHERE s.status IN (${STATUSES}) AND s.scheduled_at >= ? AND s.scheduled_at < ?
  ORDER BY s.scheduled_at, s.id`;

/**
 * The CSV of every session starting within the period, as a Node stream. `sqlite` must be a
 * connection of the export's own (its statement stays open while the client reads); `onEnd`
 * closes it.
 */
export function earningsCsvStream(sqlite: Database.Database, period: EarningsPeriod, { onEnd }: { onEnd?: () => void } = {}) {
  const delimiter: CsvDelimiter = period.delimiter === "comma" ? "," : ";";
  const rows = sqlite.prepare(SELECT).iterate(dayStart(period.from), dayStart(addDays(period.to, 1))) as IterableIterator<Row>;
  return csvStream(rows, (row) => toEarningsRecord(row, delimiter), { headers: EARNINGS_CSV_HEADERS, delimiter, onEnd });
}

import { TZDate } from "@date-fns/tz";

// KPI days are Europe/Paris calendar days: a coach's "today" starts at their midnight,
// including on the 23- and 25-hour days of daylight-saving changes.
export const TIME_ZONE = "Europe/Paris";

/**
 * No KPI day before this one: the setter business started long after, and a stray timestamp
 * (1970, year 1) must not make "all time" span decades. The API refuses earlier dates.
 */
export const EARLIEST_DAY = "2015-01-01";

const keyFormat = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

const HOUR_MS = 3_600_000;
const dayOfHour = new Map<number, string>();

/**
 * `YYYY-MM-DD` of the Paris day containing `date`. Paris changes day and offset only on
 * whole UTC hours, so the answer is memoised per UTC hour: cheap enough for every insert.
 * The year is zero-padded (Intl writes year 1 as "1"): keys must sort as dates.
 */
export function dayKey(date: Date | number) {
  const ms = typeof date === "number" ? date : date.getTime();
  const hour = Math.floor(ms / HOUR_MS);
  let key = dayOfHour.get(hour);
  if (key === undefined) {
    const part = Object.fromEntries(keyFormat.formatToParts(new Date(hour * HOUR_MS)).map((p) => [p.type, p.value]));
    key = `${part.year.padStart(4, "0")}-${part.month}-${part.day}`;
    if (dayOfHour.size > 50_000) dayOfHour.clear();
    dayOfHour.set(hour, key);
  }
  return key;
}

const starts = new Map<string, number>();

/** UTC milliseconds of the Paris midnight that starts `day` (memoised: the nightly job asks often). */
export function dayStart(day: string) {
  let start = starts.get(day);
  if (start === undefined) {
    const [y, m, d] = day.split("-").map(Number);
    start = new TZDate(y, m - 1, d, TIME_ZONE).getTime();
    if (starts.size > 20_000) starts.clear();
    starts.set(day, start);
  }
  return start;
}

/** The day `n` days after `day` (negative: before). Calendar arithmetic, not 24 h steps. */
export function addDays(day: string, n: number) {
  const [y, m, d] = day.split("-").map(Number);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const utc = new Date(0);
  utc.setUTCFullYear(y, m - 1, d + n);
  return utc.toISOString().slice(0, 10);
}

/** Consecutive days from `from` (inclusive) to `to` (exclusive). */
export function daysBetween(from: string, to: string) {
  const days: string[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) days.push(d);
  return days;
}

const slotFormat = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, weekday: "short", hour: "2-digit", hourCycle: "h23" });
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** ISO weekday (1 = Monday) and hour of `date` in Paris. */
export function weekdayHour(date: Date | number) {
  const parts = slotFormat.formatToParts(typeof date === "number" ? new Date(date) : date);
  const weekday = WEEKDAYS[parts.find((p) => p.type === "weekday")!.value];
  const hour = Number(parts.find((p) => p.type === "hour")!.value);
  return { weekday, hour };
}

/** `YYYY-MM` of the Paris month containing `date`. */
export function monthKey(date: Date | number) {
  return dayKey(date).slice(0, 7);
}

/** The month `n` months after `month` (`YYYY-MM`; negative: before). */
export function addMonths(month: string, n: number) {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** UTC milliseconds of the Paris midnight that starts `month` (`YYYY-MM`). */
export function monthStart(month: string) {
  return dayStart(`${month}-01`);
}

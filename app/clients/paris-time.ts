// Europe/Paris wall-clock time ⇄ UTC for the session forms. The coach types "2026-03-29" and
// "02:30": that time does not exist (clocks jump from 02:00 to 03:00) and must be refused, and
// "2026-10-25 02:30" happens twice (we take the first, still in summer time). Shared by server
// and browser: no server-only imports.
import { TZDate, tzOffset } from "@date-fns/tz";

export const PARIS = "Europe/Paris";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export type ParisParse = { ok: true; date: Date } | { ok: false; reason: "invalid" | "gap" };

/**
 * UTC instant of a Paris date ("YYYY-MM-DD") and time ("HH:mm"). `gap` for the hour skipped
 * on the last Sunday of March; `invalid` for a malformed or impossible date (31 février).
 */
export function parisToUtc(day: string, time: string): ParisParse {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return { ok: false, reason: "invalid" };
  const [y, mo, da, h, mi] = [d[1], d[2], d[3], t[1], t[2]].map(Number);
  if (y < 1900 || mo < 1 || mo > 12 || h > 23 || mi > 59) return { ok: false, reason: "invalid" };
  const wall = new Date(Date.UTC(y, mo - 1, da, h, mi));
  if (wall.getUTCDate() !== da || wall.getUTCMonth() !== mo - 1) return { ok: false, reason: "invalid" };
  // The offsets in force around that day (before and after a change); an instant is a reading
  // of the wall time when the offset in force at that instant is the one we assumed.
  const offsets = new Set([tzOffset(PARIS, new Date(wall.getTime() - 12 * HOUR)), tzOffset(PARIS, new Date(wall.getTime() + 12 * HOUR))]);
  const readings = [...offsets]
    .map((offset) => wall.getTime() - offset * MINUTE)
    .filter((utc) => tzOffset(PARIS, new Date(utc)) * MINUTE === wall.getTime() - utc)
    .sort((a, b) => a - b);
  if (readings.length === 0) return { ok: false, reason: "gap" };
  // TZDate agrees on every time outside the autumn overlap; there we keep the first reading.
  const viaTz = new TZDate(y, mo - 1, da, h, mi, PARIS).getTime();
  return { ok: true, date: new Date(readings.length > 1 ? readings[0] : viaTz) };
}

export const GAP_MESSAGE = "Cette heure n'existe pas à Paris ce jour-là (passage à l'heure d'été : de 2 h on passe directement à 3 h).";
export const NO_SUCH_DATE = "Cette date n'existe pas.";

/** The field error of a Paris date and time that are well formed but name no instant (sessions, CRM activities). */
export function parisFieldError(day: string, time: string): { field: "date" | "time"; message: string } | null {
  const r = parisToUtc(day, time);
  if (r.ok) return null;
  return r.reason === "gap" ? { field: "time", message: GAP_MESSAGE } : { field: "date", message: NO_SUCH_DATE };
}

const parts = new Intl.DateTimeFormat("en-CA", { timeZone: PARIS, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** The Paris date and time of an instant, as the form fields want them (defaults, rescheduling). */
export function utcToParis(at: Date | number): { date: string; time: string } {
  const p = Object.fromEntries(parts.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

const dayMonth = new Intl.DateTimeFormat("fr-FR", { timeZone: PARIS, day: "numeric", month: "short" });
const hourMinute = new Intl.DateTimeFormat("fr-FR", { timeZone: PARIS, hour: "2-digit", minute: "2-digit" });

/** "12 nov. à 14:00", Paris time: how an error names another session. */
export function shortParis(at: Date | number) {
  return `${dayMonth.format(new Date(at))} à ${hourMinute.format(new Date(at))}`;
}

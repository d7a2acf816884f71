// Time helpers for the seed. All generated timestamps are offsets from one anchored
// "now", so re-running the seed within the same hour produces identical rows.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The start of the current hour (hours are whole in Europe/Paris too). */
export function anchorNow(date: Date = new Date()) {
  return new Date(Math.floor(date.getTime() / HOUR) * HOUR);
}

/** Start of the UTC day containing `ms`. */
export function startOfDay(ms: number) {
  return Math.floor(ms / DAY) * DAY;
}

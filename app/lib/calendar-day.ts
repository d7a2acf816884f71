// A `YYYY-MM-DD` that exists in the calendar: 2026-02-30 or 2026-13-45 are refused rather than
// rolled over by Date (they would otherwise reach frozen documents and Factur-X as they are).
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDay(value: string) {
  if (!ISO_DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

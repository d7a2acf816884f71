// French spreadsheet values: numbers with spaces and a decimal comma, jj/mm/aaaa dates.

const SPACES = /[\s\u00a0\u202f\u2009']/g;

/** "1 250,50", "1 250,50 €" (normal, no-break or narrow no-break spaces), "1250.50" → 1250.5; null when not a number. */
export function parseFrenchNumber(raw: string): number | null {
  let s = raw.replace(SPACES, "").replace(/€|EUR$/i, "");
  if (s === "") return null;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, ""); // 1.250,50
  if (/^-?\d+,\d+$/.test(s)) s = s.replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** jj/mm/aaaa (also jj-mm-aaaa, jj.mm.aaaa, and ISO aaaa-mm-jj) → that day at noon in Paris; null when not a real date. */
export function parseFrenchDate(raw: string): Date | null {
  const s = raw.trim();
  let d: number, m: number, y: number;
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s);
  if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(s))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  const utc = new Date(Date.UTC(y, m - 1, d, 11)); // noon in Paris (UTC+1/+2): the same day whatever the season
  if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== m - 1 || utc.getUTCDate() !== d) return null;
  return utc;
}

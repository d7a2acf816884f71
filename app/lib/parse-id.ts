// The one parser of ids taken from a route param (/dashboard/clients/:clientId, …). Anything
// that is not a plain positive safe integer is null, which each route turns into the same 404
// as a missing row: a malformed id, a missing id and another tenant's id look alike.

/** "42" → 42; "abc", "1.5", "-3", "0", "042", "1e3", 2^53 and beyond → null. */
export function parseId(param: string | undefined | null): number | null {
  if (!param || !/^[1-9]\d{0,15}$/.test(param)) return null;
  const id = Number(param);
  return Number.isSafeInteger(id) ? id : null;
}

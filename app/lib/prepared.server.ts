// Drizzle builds SQL and SQLite plans it on every call of a plain query: hot paths (every
// request reads the session, the user, the coach's tenant) use statements prepared once
// per open database instead.
const cache = new WeakMap<object, Map<string, unknown>>();

export function prepared<T>(db: object, key: string, build: () => T): T {
  let byKey = cache.get(db);
  if (!byKey) cache.set(db, (byKey = new Map()));
  let statement = byKey.get(key) as T | undefined;
  if (statement === undefined) byKey.set(key, (statement = build()));
  return statement;
}

// better-sqlite3 blocks the event loop while it writes. When one coach's flows send several
// requests at once, their writes would run back to back and another coach's page would wait
// for all of them; taking turns, it waits for one at most.
const turns = new Map<string, Promise<unknown>>();

const letOthersRun = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `work` after the previous work of the same `key` has settled, and then only once the
 * event loop has served whatever arrived in the meantime (other tenants' requests). Work of
 * different keys is not ordered. A failure does not hold up the next turn.
 */
export function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = turns.get(key);
  const mine = previous ? previous.then(letOthersRun).then(work) : work();
  const settled = mine.then(
    () => undefined,
    () => undefined,
  );
  turns.set(key, settled);
  void settled.then(() => {
    if (turns.get(key) === settled) turns.delete(key);
  });
  return mine;
}

/** Keys with work running or waiting (tests). */
export function pendingTurns() {
  return turns.size;
}

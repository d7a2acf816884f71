// The one seeded source of randomness for demo data. Everything random in the seed goes
// through this faker instance so that the same seed gives byte-identical databases.
import { fakerFR as faker } from "@faker-js/faker";

export { faker };

export const SEED = 42;

/** Global stream: accounts, names and tenant ids. */
export function seedAccounts() {
  faker.seed(SEED);
}

/**
 * Each coach gets its own stream, so coach 3's data does not change when
 * `--coaches` or another coach's volume changes.
 */
export function seedCoach(coachNumber: number) {
  faker.seed([SEED, coachNumber]);
}

/** The `random(max)` that newTenantId() expects: an integer in [0, max). */
export function seededRandomInt(max: number) {
  return faker.number.int({ min: 0, max: max - 1 });
}

export function int(min: number, max: number) {
  return faker.number.int({ min, max });
}

export function chance(probability: number) {
  return faker.number.float({ min: 0, max: 1 }) < probability;
}

export function pick<T>(items: readonly T[]): T {
  return items[faker.number.int({ min: 0, max: items.length - 1 })];
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of entries) total += w;
  let r = faker.number.float({ min: 0, max: total });
  for (const [value, w] of entries) {
    r -= w;
    if (r < 0) return value;
  }
  return entries[entries.length - 1][0];
}

/**
 * Exactly `count` values split by weight (largest remainder), then shuffled.
 * Used for lead statuses so that even 60 leads show every pipeline stage.
 */
export function allocate<T>(entries: readonly (readonly [T, number])[], count: number): T[] {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  const shares = entries.map(([value, w]) => ({ value, exact: (count * w) / total }));
  const counts = shares.map((s) => Math.floor(s.exact));
  let missing = count - counts.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => ({ i, rest: s.exact - counts[i] })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; missing > 0; k = (k + 1) % order.length, missing--) counts[order[k].i]++;
  const out: T[] = [];
  shares.forEach((s, i) => {
    for (let n = 0; n < counts[i]; n++) out.push(s.value);
  });
  return faker.helpers.shuffle(out);
}

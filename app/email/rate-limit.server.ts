// One token bucket per key in the control DB (rate_buckets), shared by every process on the
// machine: the server's email worker and a scheduled job take tokens from the same row, inside
// an IMMEDIATE transaction (SQLite's write lock serialises them). One Resend request = one token.
// With a burst of 1 (the default), any second holds at most `ratePerSecond` requests.
// The bucket has its own connection with synchronous=NORMAL: the control DB's FULL would fsync at
// every token (milliseconds of event loop, four times a second); a power cut losing the last
// token taken costs at most one request too many.
import type Database from "better-sqlite3";
import { getEnv } from "~/env.server";
import { controlDb } from "~/lib/control-db.server";
import { openSqlite } from "~/lib/sqlite.server";
import { cachedStatement } from "~/lib/statements.server";

export const RESEND_BUCKET = "resend";

export type BucketOptions = { ratePerSecond?: number; burst?: number; now?: number };

type Row = { tokens: number; refilled_at: number };

let bucketHandle: { file: string; sqlite: Database.Database } | undefined;

function bucketDb() {
  const file = getEnv().CONTROL_DB_PATH;
  if (bucketHandle?.file === file && bucketHandle.sqlite.open) return bucketHandle.sqlite;
  controlDb(); // creates, migrates or refuses the file first
  bucketHandle = { file, sqlite: openSqlite(file, { fileMustExist: true, synchronous: "NORMAL" }) };
  return bucketHandle.sqlite;
}

function settings({ ratePerSecond, burst }: BucketOptions) {
  return { rate: ratePerSecond ?? getEnv().RESEND_RATE_PER_SECOND, burst: burst ?? 1 };
}

/** The bucket's tokens now (refilled since the last write, capped at the burst). */
function current(row: Row | undefined, rate: number, burst: number, now: number) {
  if (!row) return burst;
  return Math.min(burst, row.tokens + (Math.max(0, now - row.refilled_at) * rate) / 1000);
}

function write(key: string, tokens: number, now: number) {
  cachedStatement(bucketDb(), "INSERT INTO rate_buckets (key, tokens, refilled_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET tokens = excluded.tokens, refilled_at = excluded.refilled_at").run(
    key,
    tokens,
    now,
  );
}

/**
 * Takes one token when there is one and returns 0; otherwise takes nothing and returns how
 * many milliseconds to wait before one is there.
 */
export function takeToken(key = RESEND_BUCKET, options: BucketOptions = {}): number {
  const { rate, burst } = settings(options);
  const now = options.now ?? Date.now();
  const sqlite = bucketDb();
  return sqlite
    .transaction(() => {
      const row = cachedStatement(sqlite, "SELECT tokens, refilled_at FROM rate_buckets WHERE key = ?").get(key) as Row | undefined;
      const tokens = current(row, rate, burst, now);
      if (tokens >= 1) {
        write(key, tokens - 1, now);
        return 0;
      }
      return Math.max(1, Math.ceil(((1 - tokens) * 1000) / rate));
    })
    .immediate();
}

/**
 * The vendor said "too many requests, retry after N ms": nobody (any tenant, any process) gets a
 * token before then. The bucket goes negative so that its next token appears in `retryAfterMs`.
 */
export function holdBucket(key = RESEND_BUCKET, retryAfterMs: number, options: BucketOptions = {}) {
  const { rate, burst } = settings(options);
  const now = options.now ?? Date.now();
  const sqlite = bucketDb();
  sqlite
    .transaction(() => {
      const row = cachedStatement(sqlite, "SELECT tokens, refilled_at FROM rate_buckets WHERE key = ?").get(key) as Row | undefined;
      write(key, Math.min(current(row, rate, burst, now), 1 - (retryAfterMs * rate) / 1000), now);
    })
    .immediate();
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/**
 * Waits for a token and takes it. Returns false (no token taken) when `signal` aborts first
 * (shutdown) or when the wait would exceed `maxWaitMs`.
 */
export async function acquireToken(key = RESEND_BUCKET, { signal, maxWaitMs = Infinity, ...options }: Omit<BucketOptions, "now"> & { signal?: AbortSignal; maxWaitMs?: number } = {}) {
  const started = Date.now();
  for (;;) {
    if (signal?.aborted) return false;
    const wait = takeToken(key, options);
    if (wait === 0) return true;
    if (Date.now() - started + wait > maxWaitMs) return false;
    await sleep(wait, signal);
  }
}

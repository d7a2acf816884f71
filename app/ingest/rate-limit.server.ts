import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

// Per API token, requests: a runaway N8N loop must not starve the coach's own pages, which
// share the tenant file. In memory: one machine serves a tenant, and a restart forgetting
// counters is fine.
// Default: 20 requests per second, plus up to 40 extra requests per 10 seconds for bursts.
export type IngestRateLimit = { points: number; seconds: number; burst: number; burstSeconds: number };
export const DEFAULT_INGEST_RATE_LIMIT: IngestRateLimit = { points: 20, seconds: 1, burst: 40, burstSeconds: 10 };

let limiter: BurstyRateLimiter;

/** Replaces the limits (and forgets all counters); tests use small ones. */
export function configureIngestRateLimit(limit: IngestRateLimit = DEFAULT_INGEST_RATE_LIMIT) {
  limiter = new BurstyRateLimiter(
    new RateLimiterMemory({ keyPrefix: "ingest", points: limit.points, duration: limit.seconds }),
    new RateLimiterMemory({ keyPrefix: "ingest_burst", points: limit.burst, duration: limit.burstSeconds }),
  );
}
configureIngestRateLimit();

/** Counts one request of this token; returns the seconds to wait when it is over the limit. */
export async function consumeIngestRequest(tokenId: number): Promise<number | null> {
  try {
    await limiter.consume(String(tokenId));
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

// Per tenant: milliseconds of synchronous database work. Requests are the wrong unit for
// fairness: one batch costs 1 ms or 800 ms (a lead with 100k messages), and better-sqlite3
// blocks the event loop, i.e. every other coach, for that long. Each write's measured cost is
// charged to a steady window; what overflows it is charged to a burst allowance, and a tenant
// whose burst allowance is spent is refused until it renews (the overflow of one expensive
// write is debt, not forgotten when the steady window turns).
// Default: 250 ms per second, plus 1,000 ms per 10 seconds: at most ~35 % of the process.
export type IngestWorkBudget = { ms: number; seconds: number; burstMs: number; burstSeconds: number };
export const DEFAULT_INGEST_WORK_BUDGET: IngestWorkBudget = { ms: 250, seconds: 1, burstMs: 1000, burstSeconds: 10 };

let work: { budget: IngestWorkBudget; steady: RateLimiterMemory; burst: RateLimiterMemory };

/** Replaces the work budget (and forgets all counters); tests use small ones. */
export function configureIngestWorkBudget(budget: IngestWorkBudget = DEFAULT_INGEST_WORK_BUDGET) {
  work = {
    budget,
    steady: new RateLimiterMemory({ keyPrefix: "ingest_work", points: budget.ms, duration: budget.seconds }),
    burst: new RateLimiterMemory({ keyPrefix: "ingest_work_burst", points: budget.burstMs, duration: budget.burstSeconds }),
  };
}
configureIngestWorkBudget();

/** Seconds to wait when the tenant has spent its work budget; null when it may write. */
export async function ingestWorkRetryAfter(tenantId: string): Promise<number | null> {
  const burst = await work.burst.get(tenantId);
  if (!burst || burst.consumedPoints < work.budget.burstMs) return null;
  return Math.max(1, Math.ceil(burst.msBeforeNext / 1000));
}

/** Runs a synchronous write and charges its duration to the tenant, even when it throws. */
export function chargeIngestWork<T>(tenantId: string, write: () => T): T {
  const started = performance.now();
  try {
    return write();
  } finally {
    void charge(tenantId, performance.now() - started);
  }
}

// Memory limiters count synchronously: the cost is on the books before the next request runs.
async function charge(tenantId: string, ms: number) {
  const { consumedPoints } = await work.steady.penalty(tenantId, ms);
  const overflow = Math.min(ms, consumedPoints - work.budget.ms);
  if (overflow > 0) await work.burst.penalty(tenantId, overflow);
}

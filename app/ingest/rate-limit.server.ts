import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

// Per API token: a runaway N8N loop must not starve the coach's own pages, which share the
// tenant file. In memory: one machine serves a tenant, and a restart forgetting counters is fine.
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

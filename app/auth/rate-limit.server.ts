import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

// Sign-in attempts: per email (protects one account) and per IP (protects many).
// In memory: one machine serves a tenant, and a restart forgetting counters is acceptable.
const perEmail = new RateLimiterMemory({ keyPrefix: "login_email", points: 5, duration: 15 * 60 });
const perIp = new RateLimiterMemory({ keyPrefix: "login_ip", points: 30, duration: 15 * 60 });

export class TooManyAttemptsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(`Trop de tentatives de connexion. Réessayez dans ${minutes} minute${minutes > 1 ? "s" : ""}.`);
    this.name = "TooManyAttemptsError";
  }
}

/** Counts a failed attempt; throws when either limit is exceeded. */
export async function consumeLoginAttempt(email: string, ip: string) {
  try {
    await Promise.all([perEmail.consume(email.toLowerCase()), perIp.consume(ip)]);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new TooManyAttemptsError(Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

/** Throws if the email or IP is already blocked, without counting an attempt. */
export async function assertLoginAllowed(email: string, ip: string) {
  const checks = [
    [perEmail, email.toLowerCase()],
    [perIp, ip],
  ] as const;
  for (const [limiter, key] of checks) {
    const res = await limiter.get(key);
    if (res && res.consumedPoints >= limiter.points) throw new TooManyAttemptsError(Math.ceil(res.msBeforeNext / 1000));
  }
}

export async function resetLoginAttempts(email: string) {
  await perEmail.delete(email.toLowerCase());
}

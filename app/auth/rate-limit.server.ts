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

/** Counts an attempt (before the password is checked); throws when either limit is exceeded. */
export async function consumeLoginAttempt(email: string, ip: string) {
  try {
    // Without a trusted proxy header every caller is "unknown": a shared IP bucket would let
    // 30 failures lock everybody out, so only the per-email limit applies then.
    await Promise.all([perEmail.consume(email.toLowerCase()), ip === "unknown" ? null : perIp.consume(ip)]);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new TooManyAttemptsError(Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

/** A successful sign-in clears the account's counter and gives the IP its point back. */
export async function forgiveLoginAttempt(email: string, ip: string) {
  await Promise.all([perEmail.delete(email.toLowerCase()), ip === "unknown" ? null : perIp.reward(ip, 1)]);
}

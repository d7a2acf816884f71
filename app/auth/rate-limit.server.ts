import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

// Sign-in attempts, counted three ways (15 minutes each):
// - one account from one place (5): a guesser is stopped fast, while somebody else who merely
//   knows the email cannot lock the coach out from their own connection;
// - one account from anywhere (20): distributed guessing on one account;
// - one place, any account (30): one machine trying many accounts.
// In memory: one machine serves a tenant, and a restart forgetting counters is acceptable.
const WINDOW = 15 * 60;
const perEmailAndIp = new RateLimiterMemory({ keyPrefix: "login_email_ip", points: 5, duration: WINDOW });
const perEmail = new RateLimiterMemory({ keyPrefix: "login_email", points: 20, duration: WINDOW });
const perIp = new RateLimiterMemory({ keyPrefix: "login_ip", points: 30, duration: WINDOW });

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
    const account = email.toLowerCase();
    await Promise.all([
      perEmailAndIp.consume(`${account}|${ip}`),
      perEmail.consume(account),
      ip === "unknown" ? null : perIp.consume(ip),
    ]);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new TooManyAttemptsError(Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

/** A successful sign-in clears the account's counter and gives the IP its point back. */
export async function forgiveLoginAttempt(email: string, ip: string) {
  const account = email.toLowerCase();
  await Promise.all([perEmailAndIp.delete(`${account}|${ip}`), perEmail.delete(account), ip === "unknown" ? null : perIp.reward(ip, 1)]);
}

import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

// Sign-in attempts (15 minutes each), decision 0003.
// From a known device (a device cookie of the account being tried): only that device's own limit
// (10), so strangers failing on the email from anywhere cannot lock the coach out of it.
// From any other device, counted three ways:
// - one account from one place (5): one guesser is stopped fast, long before the account's 20;
// - one account from anywhere (20): distributed guessing on one account;
// - one place, any account (30): one machine trying many accounts.
// A known device past its own limit is a device like any other again.
// In memory: one machine serves a tenant, and a restart forgetting counters is acceptable.
const WINDOW = 15 * 60;
const perDevice = new RateLimiterMemory({ keyPrefix: "login_device", points: 10, duration: WINDOW });
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

/** An attempt that was counted; `device` is set when it was counted on a known device's own limit. */
export type LoginAttempt = { account: string; ip: string; device: string | null };

/**
 * Counts an attempt (before the password is checked) on the known device's own limit while it
 * lasts, otherwise on the account and place limits; throws when one of those is exceeded.
 */
export async function consumeLoginAttempt(email: string, ip: string, device: string | null = null): Promise<LoginAttempt> {
  const account = email.toLowerCase();
  if (device && (await hasPointLeft(perDevice, device))) return { account, ip, device };
  try {
    // Without a trusted proxy header every caller is "unknown": a shared IP bucket would let
    // 30 failures lock everybody out, so only the per-email limit applies then.
    await Promise.all([
      perEmailAndIp.consume(`${account}|${ip}`),
      perEmail.consume(account),
      ip === "unknown" ? null : perIp.consume(ip),
    ]);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new TooManyAttemptsError(Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
  return { account, ip, device: null };
}

async function hasPointLeft(limiter: RateLimiterAbstract, key: string) {
  try {
    await limiter.consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}

/**
 * A successful sign-in clears what its attempt was counted on: the known device's counter, or the
 * account's counters and the place's point. A known device does not clear the account's counters:
 * they hold strangers' failures, which the coach signing in does not make any less suspicious.
 */
export async function forgiveLoginAttempt({ account, ip, device }: LoginAttempt) {
  if (device) return void (await perDevice.delete(device));
  await Promise.all([perEmailAndIp.delete(`${account}|${ip}`), perEmail.delete(account), ip === "unknown" ? null : perIp.reward(ip, 1)]);
}

// Limits password sign-in attempts per email and per client IP, in Redis (fixed windows). Checked
// before the password hash is computed, so a refused attempt costs no scrypt work.
//
// An attempt is counted when it is let through (atomically with the check, so concurrent attempts
// cannot all slip under the limit); a successful sign-in then clears its email's counter and
// gives its attempt back to the IP, so that many analysts behind one office NAT signing in
// correctly never lock each other out. Refused attempts are not counted: the window runs from
// the first failure and is not extended by hammering.
//
// Redis down: fail open by default (the attempt is allowed and a warning logged). Sign-in then
// still costs an attacker one scrypt hash per guess (~50 ms, 32 MiB), and analysts keep access to
// their cases during an outage, when they may need it most. `failOpen: false` refuses instead.
import { Redis } from "ioredis";
import { AppError } from "../errors";
import { getEnv } from "../env";
import { logger } from "../logger";

export interface LoginLimits {
  email: { max: number; windowSeconds: number };
  ip: { max: number; windowSeconds: number };
}

export const LOGIN_LIMITS: LoginLimits = {
  email: { max: 5, windowSeconds: 15 * 60 },
  ip: { max: 20, windowSeconds: 15 * 60 },
};

export type LoginAttempt =
  | { allowed: true; /** True when Redis could not be asked and the attempt was let through. */ unchecked: boolean }
  | { allowed: false; scope: "email" | "ip"; retryAfterSeconds: number };

export interface LoginRateLimiter {
  /** Counts the attempt when it is allowed; refuses without counting when over a limit. */
  attempt(email: string, ip: string): Promise<LoginAttempt>;
  /** After a correct password: clears the email's failures and returns the IP's attempt. */
  succeeded(email: string, ip: string): Promise<void>;
}

// KEYS: email counter, IP counter. ARGV: email max, email window (ms), IP max, IP window (ms).
// Returns {"ok", 0} or {scope, ms until the window ends}.
const ATTEMPT = `
local e = tonumber(redis.call('GET', KEYS[1]) or '0')
if e >= tonumber(ARGV[1]) then return {'email', redis.call('PTTL', KEYS[1])} end
local i = tonumber(redis.call('GET', KEYS[2]) or '0')
if i >= tonumber(ARGV[3]) then return {'ip', redis.call('PTTL', KEYS[2])} end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
return {'ok', 0}`;

// KEYS: email counter, IP counter.
const SUCCEEDED = `
redis.call('DEL', KEYS[1])
local i = tonumber(redis.call('GET', KEYS[2]) or '0')
if i <= 1 then redis.call('DEL', KEYS[2]) else redis.call('DECR', KEYS[2]) end
return 0`;

/** Minutes to show a person: at least 1. */
export function retryAfterMinutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

export function tooManyAttemptsMessage(refusal: { retryAfterSeconds: number }): string {
  const minutes = retryAfterMinutes(refusal.retryAfterSeconds);
  return `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export function createLoginRateLimiter(
  redis: Redis,
  options: { prefix: string; limits?: LoginLimits; failOpen?: boolean },
): LoginRateLimiter {
  const limits = options.limits ?? LOGIN_LIMITS;
  const failOpen = options.failOpen ?? true;
  const keys = (email: string, ip: string) => [
    `${options.prefix}:login-limit:email:${email.trim().toLowerCase()}`,
    `${options.prefix}:login-limit:ip:${ip}`,
  ];

  return {
    async attempt(email, ip) {
      let result: [string, number];
      try {
        result = (await redis.eval(
          ATTEMPT,
          2,
          ...keys(email, ip),
          limits.email.max,
          limits.email.windowSeconds * 1000,
          limits.ip.max,
          limits.ip.windowSeconds * 1000,
        )) as [string, number];
      } catch (err) {
        logger.warn(
          failOpen
            ? "sign-in rate limit unavailable (Redis): attempt allowed unchecked"
            : "sign-in rate limit unavailable (Redis): attempt refused",
          { error: (err as Error).message },
        );
        if (failOpen) return { allowed: true, unchecked: true };
        throw new AppError("unavailable", "Sign-in is unavailable for a moment. Try again shortly.");
      }
      const [scope, ttlMs] = result;
      if (scope === "ok") return { allowed: true, unchecked: false };
      const windowSeconds = scope === "email" ? limits.email.windowSeconds : limits.ip.windowSeconds;
      // PTTL is -1/-2 only if the key vanished between the calls; then the whole window is safe.
      const retryAfterSeconds = ttlMs > 0 ? Math.ceil(ttlMs / 1000) : windowSeconds;
      return { allowed: false, scope: scope as "email" | "ip", retryAfterSeconds };
    },

    async succeeded(email, ip) {
      try {
        await redis.eval(SUCCEEDED, 2, ...keys(email, ip));
      } catch (err) {
        logger.warn("sign-in rate limit: could not clear the counter after a sign-in", {
          error: (err as Error).message,
        });
      }
    },
  };
}

/**
 * The client's address for the per-IP limit: the last X-Forwarded-For entry, which the nearest
 * proxy wrote (nginx `proxy_add_x_forwarded_for`; `next start` fills the header with the socket's
 * address when there is none). Directly exposed, a client can pick its own value; the per-email
 * limit holds regardless.
 */
export function clientIp(forwardedFor: string | string[] | null | undefined): string {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const last = header.split(",").at(-1)?.trim() ?? "";
  const ip = last.replace(/^::ffff:/i, "");
  return /^[0-9A-Fa-f:.]{2,45}$/.test(ip) ? ip : "unknown";
}

const globalForLimiter = globalThis as unknown as { shellcaseLoginLimiter?: LoginRateLimiter };

/** The process's limiter, on its own Redis connection that waits at most ~2 s for Redis. */
export function getLoginRateLimiter(): LoginRateLimiter {
  if (!globalForLimiter.shellcaseLoginLimiter) {
    const env = getEnv();
    const redis = new Redis(env.REDIS_URL, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 2000,
    });
    // ioredis emits 'error' on every failed reconnect; without a listener that would crash.
    let lastWarned = 0;
    redis.on("error", (err: Error) => {
      if (Date.now() - lastWarned < 60_000) return;
      lastWarned = Date.now();
      logger.warn("sign-in rate limit: Redis connection error", { error: err.message });
    });
    globalForLimiter.shellcaseLoginLimiter = createLoginRateLimiter(redis, { prefix: env.QUEUE_PREFIX });
  }
  return globalForLimiter.shellcaseLoginLimiter;
}

// Limits password sign-in attempts per email, per client IP and in total, in Redis (fixed
// windows). Checked before the password hash is computed, so a refused attempt costs no scrypt
// work. The total ("global") limit bounds guessing spread over many emails and addresses
// (credential stuffing from a botnet) that neither of the other two sees.
//
// An attempt is counted when it is let through (atomically with the check, so concurrent attempts
// cannot all slip under the limit); a successful sign-in then clears its email's counter and
// gives its attempt back to the IP, so that many analysts behind one office NAT signing in
// correctly never lock each other out (the global count gets its attempt back the same way). Refused attempts are not counted: the window runs from
// the first failure and is not extended by hammering.
//
// Redis down: fail open by default (the attempt is allowed and a warning logged). Sign-in then
// still costs an attacker one scrypt hash per guess (~50 ms, 32 MiB), and analysts keep access to
// their cases during an outage, when they may need it most. `failOpen: false` refuses instead.
import { Redis } from "ioredis";
import { AppError } from "../errors";
import { getEnv } from "../env";
import { logger } from "../logger";

type Limit = { max: number; windowSeconds: number };
export interface LoginLimits {
  email: Limit;
  ip: Limit;
  global: Limit;
}

export const LOGIN_LIMITS: LoginLimits = {
  email: { max: 5, windowSeconds: 15 * 60 },
  ip: { max: 20, windowSeconds: 15 * 60 },
  // Far above what a team's typos reach, far below what guessing at scale needs.
  global: { max: 200, windowSeconds: 5 * 60 },
};

export type LoginScope = "email" | "ip" | "global";
export type LoginAttempt =
  | { allowed: true; /** True when Redis could not be asked and the attempt was let through. */ unchecked: boolean }
  | { allowed: false; scope: LoginScope; retryAfterSeconds: number };

/** `ip` is null when the client's address is not known (no trusted proxy): no per-IP limit. */
export interface LoginRateLimiter {
  /** Counts the attempt when it is allowed; refuses without counting when over a limit. */
  attempt(email: string, ip: string | null): Promise<LoginAttempt>;
  /** After a correct password: clears the email's failures and returns the IP's and global attempt. */
  succeeded(email: string, ip: string | null): Promise<void>;
}

// KEYS: email, IP, global counters. ARGV: max and window (ms) of each, in that order; an IP max
// of 0 means no IP is known. Returns {"ok", 0} or {scope, ms until the window ends}.
const ATTEMPT = `
local scopes = {'email', 'ip', 'global'}
for n = 1, 3 do
  local max = tonumber(ARGV[n * 2 - 1])
  if max > 0 and tonumber(redis.call('GET', KEYS[n]) or '0') >= max then
    return {scopes[n], redis.call('PTTL', KEYS[n])}
  end
end
for n = 1, 3 do
  if tonumber(ARGV[n * 2 - 1]) > 0 and redis.call('INCR', KEYS[n]) == 1 then
    redis.call('PEXPIRE', KEYS[n], ARGV[n * 2])
  end
end
return {'ok', 0}`;

// KEYS: email, IP, global counters.
const SUCCEEDED = `
redis.call('DEL', KEYS[1])
for n = 2, 3 do
  local c = tonumber(redis.call('GET', KEYS[n]) or '0')
  if c <= 1 then redis.call('DEL', KEYS[n]) else redis.call('DECR', KEYS[n]) end
end
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
  options: { prefix: string; limits?: Partial<LoginLimits>; failOpen?: boolean },
): LoginRateLimiter {
  const limits = { ...LOGIN_LIMITS, ...options.limits };
  const failOpen = options.failOpen ?? true;
  const keys = (email: string, ip: string | null) => [
    `${options.prefix}:login-limit:email:${email.trim().toLowerCase()}`,
    `${options.prefix}:login-limit:ip:${ip ?? "none"}`,
    `${options.prefix}:login-limit:global`,
  ];

  return {
    async attempt(email, ip) {
      let result: [string, number];
      try {
        result = (await redis.eval(
          ATTEMPT,
          3,
          ...keys(email, ip),
          limits.email.max,
          limits.email.windowSeconds * 1000,
          ip === null ? 0 : limits.ip.max,
          limits.ip.windowSeconds * 1000,
          limits.global.max,
          limits.global.windowSeconds * 1000,
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
      const refused = scope as LoginScope;
      // PTTL is -1/-2 only if the key vanished between the calls; then the whole window is safe.
      const retryAfterSeconds = ttlMs > 0 ? Math.ceil(ttlMs / 1000) : limits[refused].windowSeconds;
      return { allowed: false, scope: refused, retryAfterSeconds };
    },

    async succeeded(email, ip) {
      try {
        await redis.eval(SUCCEEDED, 3, ...keys(email, ip));
      } catch (err) {
        logger.warn("sign-in rate limit: could not clear the counter after a sign-in", {
          error: (err as Error).message,
        });
      }
    },
  };
}

/**
 * The client's address for the per-IP limit, from X-Forwarded-For and the number of reverse
 * proxies in front of the app (TRUSTED_PROXY_HOPS). Each proxy appends the address it received
 * the request from, so with n trusted proxies the client is the n-th entry from the right;
 * anything further left was written by the client and proves nothing. With 0 (no proxy) the
 * header is the client's own claim and is ignored: null, no per-IP limit (the per-email and
 * global limits hold). Null too when the header has fewer entries than proxies, or the entry is
 * not an address.
 */
export function clientIp(forwardedFor: string | string[] | null | undefined, trustedHops: number): string | null {
  if (trustedHops < 1) return null;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const entries = header
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const entry = entries.at(-trustedHops);
  if (entry === undefined || entries.length < trustedHops) return null;
  const ip = entry.replace(/^::ffff:/i, "");
  return /^[0-9A-Fa-f:.]{2,45}$/.test(ip) ? ip : null;
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

// The sign-in rate limiter against the real Redis (the run's db index and key prefix).
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createLoginRateLimiter, LOGIN_LIMITS, type LoginAttempt } from "../../lib/auth/login-rate-limit";
import { AppError } from "../../lib/errors";

const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
const prefix = process.env.QUEUE_PREFIX!;
afterAll(() => redis.disconnect());

const unique = () => randomBytes(4).toString("hex");
const email = () => `rl-${unique()}@limit.test`;
const ip = () => `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

async function attempts(n: number, fn: (i: number) => Promise<LoginAttempt>): Promise<LoginAttempt[]> {
  const out: LoginAttempt[] = [];
  for (let i = 0; i < n; i++) out.push(await fn(i));
  return out;
}

describe("login rate limit", () => {
  const limiter = createLoginRateLimiter(redis, { prefix });

  it("refuses the 6th failure for one email for the rest of the 15 minutes, not other emails", async () => {
    const address = email();
    const from = ip();
    const first = await attempts(5, () => limiter.attempt(address, from));
    expect(first.every((a) => a.allowed)).toBe(true);

    const sixth = await limiter.attempt(address.toUpperCase(), from);
    expect(sixth).toMatchObject({ allowed: false, scope: "email" });
    const wait = sixth.allowed ? 0 : sixth.retryAfterSeconds;
    expect(wait).toBeGreaterThan(LOGIN_LIMITS.email.windowSeconds - 10);
    expect(wait).toBeLessThanOrEqual(LOGIN_LIMITS.email.windowSeconds);
    // Refused attempts are not counted: the window is not pushed back.
    expect(await redis.get(`${prefix}:login-limit:email:${address}`)).toBe("5");

    expect(await limiter.attempt(email(), from)).toMatchObject({ allowed: true, unchecked: false });
  });

  it("clears the email's failures after a successful sign-in", async () => {
    const address = email();
    const from = ip();
    await attempts(4, () => limiter.attempt(address, from));
    await limiter.succeeded(address, from);
    const next = await attempts(5, () => limiter.attempt(address, from));
    expect(next.every((a) => a.allowed)).toBe(true);
    expect(await limiter.attempt(address, from)).toMatchObject({ allowed: false, scope: "email" });
  });

  it("refuses an IP after 20 failures across emails, but not for successful sign-ins", async () => {
    const from = ip();
    const failures = await attempts(20, () => limiter.attempt(email(), from));
    expect(failures.every((a) => a.allowed)).toBe(true);
    expect(await limiter.attempt(email(), from)).toMatchObject({ allowed: false, scope: "ip" });

    // An office behind one address: thirty analysts signing in correctly.
    const office = ip();
    for (let i = 0; i < 30; i++) {
      const address = email();
      expect(await limiter.attempt(address, office)).toMatchObject({ allowed: true });
      await limiter.succeeded(address, office);
    }
    expect(await redis.exists(`${prefix}:login-limit:ip:${office}`)).toBe(0);
  });

  it("without a known client address, applies the email and global limits only", async () => {
    const address = email();
    expect((await attempts(5, () => limiter.attempt(address, null))).every((a) => a.allowed)).toBe(true);
    expect(await limiter.attempt(address, null)).toMatchObject({ allowed: false, scope: "email" });
    // 25 other emails, no address: no per-IP pooling of everyone under one key.
    expect((await attempts(25, () => limiter.attempt(email(), null))).every((a) => a.allowed)).toBe(true);
    expect(await redis.exists(`${prefix}:login-limit:ip:none`)).toBe(0);
  });

  it("refuses everyone once the global limit is reached, whatever the email and address", async () => {
    // A prefix of its own: the global counter is shared by every test of this run.
    const own = `${prefix}:global-test-${unique()}`;
    const small = createLoginRateLimiter(redis, { prefix: own, limits: { global: { max: 10, windowSeconds: 60 } } });
    const spread = await attempts(10, () => small.attempt(email(), ip()));
    expect(spread.every((a) => a.allowed)).toBe(true);
    const refused = await small.attempt(email(), ip());
    expect(refused).toMatchObject({ allowed: false, scope: "global" });
    expect(refused.allowed ? 0 : refused.retryAfterSeconds).toBeGreaterThan(50);
    // A correct sign-in gives its attempt back to the global count too.
    const lucky = email();
    const from = ip();
    await redis.decr(`${own}:login-limit:global`);
    expect(await small.attempt(lucky, from)).toMatchObject({ allowed: true });
    await small.succeeded(lucky, from);
    expect(await redis.get(`${own}:login-limit:global`)).toBe("9");
    await redis.del(`${own}:login-limit:global`);
  });

  it("counts concurrent attempts atomically", async () => {
    const address = email();
    const from = ip();
    const results = await Promise.all(Array.from({ length: 15 }, () => limiter.attempt(address, from)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it("lets attempts through again when the window ends", async () => {
    const short = createLoginRateLimiter(redis, {
      prefix,
      limits: { email: { max: 2, windowSeconds: 1 }, ip: { max: 100, windowSeconds: 1 } },
    });
    const address = email();
    const from = ip();
    await attempts(2, () => short.attempt(address, from));
    expect(await short.attempt(address, from)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    await expect.poll(() => redis.exists(`${prefix}:login-limit:email:${address}`), { timeout: 15_000 }).toBe(0);
    expect(await short.attempt(address, from)).toMatchObject({ allowed: true });
  });

  it("with Redis unreachable, lets the attempt through unchecked by default, or refuses when told to", async () => {
    const down = new Redis("redis://127.0.0.1:1/0", {
      maxRetriesPerRequest: 1,
      connectTimeout: 500,
      commandTimeout: 500,
      retryStrategy: () => 50,
    });
    down.on("error", () => undefined);
    try {
      const open = createLoginRateLimiter(down, { prefix });
      expect(await open.attempt(email(), ip())).toEqual({ allowed: true, unchecked: true });
      await expect(open.succeeded(email(), ip())).resolves.toBeUndefined();

      const closed = createLoginRateLimiter(down, { prefix, failOpen: false });
      const err = await closed.attempt(email(), ip()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: "unavailable" });
    } finally {
      down.disconnect();
    }
  });
});

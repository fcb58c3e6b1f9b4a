// What the benchmarks that drive the built app share (bench/load.ts, bench/scale.ts): starting
// `next start` and other processes, waiting for them, signing users in as the login form does,
// and percentiles.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..");

/** Fails with the command to run when there is no production build to serve. */
export function requireBuild(bench: string): void {
  if (!existsSync(join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error(`${bench} bench: no production build in .next — run \`npm run build\` first`);
  }
}

/** The p-th percentile of ascending values, to 0.1. */
export const percentile = (sorted: number[], p: number) =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10 : 0;

/**
 * The environment of a bench's app and worker: its database, a queue prefix of its own (so its
 * keys never meet another run's), uploads in `uploadDir`, a fresh session secret, the app at `base`.
 */
export function benchAppEnv(opts: { databaseUrl: string; bench: string; uploadDir: string; base: string }) {
  return {
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0",
    QUEUE_PREFIX: `shellcase_bench_${opts.bench}_${randomBytes(4).toString("hex")}`,
    UPLOAD_DIR: opts.uploadDir,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: opts.base,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
  };
}

export function start(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: "ignore" });
  child.on("error", (err) => console.error(`${args.join(" ")}: ${err.message}`));
  return child;
}

/** `next start` of the build on 127.0.0.1:<port>, ready when /api/health answers 200. */
export async function startApp(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const app = start(
    [join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    env,
  );
  try {
    await waitFor(
      "the web app",
      async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200,
      120_000,
    );
  } catch (err) {
    await stop(app);
    throw err;
  }
  return app;
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`bench: ${what} not ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Signs a user in through next-auth's credentials flow, as the login form does; returns the cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), origin: base },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/`, json: "true" }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`bench: sign-in of ${email} failed (HTTP ${res.status})`);
  return [...jar, session.split(";")[0]].join("; ");
}

// There is no Docker engine here: check the compose file by parsing it, and check that the
// documented configuration and the validated configuration agree.
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { randomBytes } from "node:crypto";
import { ENV_VARIABLES, isEntraConfigured, parseEnv, parseWebEnv } from "../../lib/env";

const ROOT = join(import.meta.dirname, "..", "..");

/** ${VAR:-default} is compose's to fill in: the environment as it is with such variables unset. */
function unsetInterpolations(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(/^\$\{[A-Z_]+:[-?].*\}$/, "")]));
}
describe("deployment files", () => {
  it("docker-compose.yml runs postgres, redis with noeviction, web and the workers on one config", async () => {
    // Compose reads `<<:` merge keys (YAML 1.1); so must this parse.
    const doc = parse(await readFile(join(ROOT, "docker-compose.yml"), "utf8"), { merge: true });
    expect(Object.keys(doc.services)).toEqual(
      expect.arrayContaining(["postgres", "redis", "web", "worker-imports", "worker-analysis"]),
    );
    expect(doc.services.redis.command.join(" ")).toMatch(/--maxmemory-policy noeviction/);
    for (const svc of ["web", "worker-imports", "worker-analysis"]) {
      const env = doc.services[svc].environment;
      expect(() => parseEnv(unsetInterpolations(env))).not.toThrow();
      expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(env.REDIS_URL).toMatch(/^redis:\/\/redis:6379\//);
      expect(doc.services[svc].volumes).toContain("uploads:/data/uploads");
      expect(env.UPLOAD_DIR).toBe("/data/uploads");
    }
    // Imports in a process of their own, so a slow or failing file never delays enrichment.
    expect(doc.services["worker-imports"].command).toEqual(["npm", "run", "worker", "--", "--queues", "imports"]);
    expect(doc.services["worker-analysis"].command).toEqual([
      "npm",
      "run",
      "worker",
      "--",
      "--queues",
      "enrichment,pivots,incidents,sentinel,email",
    ]);
    // Incident comments link to the case: the worker that writes them knows the app's URL.
    expect(doc.services["worker-analysis"].environment.APP_URL).toMatch(/^\$\{APP_URL:-/);
    // The owner migrates; the web app and workers connect as another user, the app's role.
    const owner = new URL(doc.services.migrate.environment.MIGRATION_DATABASE_URL).username;
    expect(owner).toBe(doc.services.postgres.environment.POSTGRES_USER);
    for (const svc of ["web", "worker-imports", "worker-analysis"]) {
      expect(new URL(doc.services[svc].environment.DATABASE_URL).username).not.toBe(owner);
    }
    // Sign-in is the web app's alone: compose refuses to start it without a session secret, and
    // with the secret filled in the web app's configuration is valid.
    const web = doc.services.web.environment;
    expect(web.NEXTAUTH_SECRET).toMatch(/^\$\{NEXTAUTH_SECRET:\?.+\}$/);
    expect(doc.services["worker-imports"].environment.NEXTAUTH_SECRET).toBeUndefined();
    const interpolated = Object.fromEntries(
      Object.entries(web as Record<string, string>).map(([k, v]) => [k, v.replace(/^\$\{[A-Z_]+:[-?].*\}$/, "")]),
    );
    expect(() => parseWebEnv({ ...interpolated, NEXTAUTH_SECRET: "x".repeat(32) })).not.toThrow();
    expect(doc.services.web.depends_on.migrate.condition).toBe("service_completed_successfully");
  });

  it("Dockerfile runs as a non-root user, installs from the lockfile, and bakes in no secret", async () => {
    const lines = (await readFile(join(ROOT, "Dockerfile"), "utf8"))
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    const instructions = lines.map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(" ") };
    });
    const index = (test: (i: { op: string; args: string }) => boolean) => instructions.findIndex(test);

    // The last USER is the one the app runs as: named, and neither root nor uid 0.
    const users = instructions.filter((i) => i.op === "USER").map((i) => i.args.split(":")[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(["root", "0", ""]).not.toContain(users.at(-1));
    // Everything after it (install, build, start) runs as that user.
    const lastUser = instructions.map((i) => i.op).lastIndexOf("USER");
    const install = index((i) => i.op === "RUN" && /\bnpm (install|ci)\b/.test(i.args));
    expect(install).toBeGreaterThan(lastUser);
    expect(index((i) => i.op === "RUN" && /npm run build/.test(i.args))).toBeGreaterThan(lastUser);

    // The lockfile is in the image before the install, and the install keeps to it.
    const lockfile = index((i) => i.op === "COPY" && /\bpackage-lock\.json\b/.test(i.args));
    expect(lockfile).toBeGreaterThan(-1);
    expect(lockfile).toBeLessThan(install);
    expect(instructions[install]!.args).toMatch(/^npm install --no-audit --no-fund$/);
    // The whole tree comes in only after the install (so the install layer is cached on the lockfile).
    expect(index((i) => i.op === "COPY" && /^(--chown=\S+ )?\. \.$/.test(i.args))).toBeGreaterThan(install);

    // No secret in the image: none set in ENV/ARG, and .env files are kept out of the build context.
    for (const i of instructions.filter((i) => i.op === "ENV" || i.op === "ARG")) {
      expect(i.args).not.toMatch(/SECRET|PASSWORD|TOKEN|DATABASE_URL/i);
    }
    const ignored = (await readFile(join(ROOT, ".dockerignore"), "utf8")).split("\n").map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining([".env", ".env.*"]));
  });

  it("gives each worker the time its SIGTERM grace needs, and Redis the persistence BullMQ asks for", async () => {
    const doc = parse(await readFile(join(ROOT, "docker-compose.yml"), "utf8"), { merge: true });
    for (const svc of ["worker-imports", "worker-analysis"]) {
      const graceS = parseEnv(unsetInterpolations(doc.services[svc].environment)).WORKER_SHUTDOWN_GRACE_S;
      const stop = /^(\d+)s$/.exec(doc.services[svc].stop_grace_period);
      expect(stop, `${svc} stop_grace_period`).not.toBeNull();
      // Compose's SIGKILL must come after the worker has handed its jobs back (a few seconds).
      expect(Number(stop![1])).toBeGreaterThanOrEqual(graceS + 3);
      expect(Number(stop![1])).toBeLessThanOrEqual(graceS + 15);
    }
    const redis = doc.services.redis.command.join(" ");
    expect(redis).toMatch(/--appendonly yes/);
    expect(redis).toMatch(/--appendfsync everysec/);
    expect(doc.services.redis.volumes).toContain("redisdata:/data");
  });

  it(".env.example documents exactly the variables lib/env.ts validates, with valid defaults", async () => {
    const text = await readFile(join(ROOT, ".env.example"), "utf8");
    const vars = Object.fromEntries(
      text
        .split("\n")
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    parseEnv(vars);
    expect(Object.keys(vars).sort()).toEqual([...ENV_VARIABLES.shared, ...ENV_VARIABLES.web].sort());
    // The web app's variables: only the secret has to be filled in.
    expect(() => parseWebEnv(vars)).toThrow(/NEXTAUTH_SECRET is required by the web app/);
    expect(() => parseWebEnv({ ...vars, NEXTAUTH_SECRET: randomBytes(32).toString("base64") })).not.toThrow();
  });

  it("checks the web app's sign-in variables, naming each problem", () => {
    const base = { DATABASE_URL: "postgresql://x@h/db", REDIS_URL: "redis://h:6379/0" };
    const secret = "s".repeat(32);
    expect(() => parseEnv(base)).not.toThrow(); // worker and CLI: no secret needed
    expect(() => parseWebEnv({ ...base, NEXTAUTH_SECRET: "short" })).toThrow(/at least 32 characters/);
    expect(() => parseWebEnv({ ...base, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: "shellcase" })).toThrow(/NEXTAUTH_URL/);
    expect(() => parseWebEnv({ ...base, NEXTAUTH_SECRET: secret, AZURE_AD_CLIENT_ID: "id" })).toThrow(
      /AZURE_AD_CLIENT_SECRET is missing[\s\S]*AZURE_AD_TENANT_ID is missing/,
    );
    const entra = { AZURE_AD_CLIENT_ID: "id", AZURE_AD_CLIENT_SECRET: "secret", AZURE_AD_TENANT_ID: "common" };
    expect(() => parseWebEnv({ ...base, NEXTAUTH_SECRET: secret, ...entra })).toThrow(/not common/);
    const env = parseWebEnv({
      ...base,
      NEXTAUTH_SECRET: secret,
      ...entra,
      AZURE_AD_TENANT_ID: "contoso.onmicrosoft.com",
    });
    expect(isEntraConfigured(env)).toBe(true);
    expect(() => parseWebEnv({ ...base, NEXTAUTH_SECRET: secret, AZURE_AD_AUTO_CREATE_ROLE: "viewer" })).toThrow(
      /Entra ID sign-in, which is not configured/,
    );
    expect(() =>
      parseWebEnv({
        ...base,
        NEXTAUTH_SECRET: secret,
        ...entra,
        AZURE_AD_TENANT_ID: "t",
        AZURE_AD_AUTO_CREATE_ROLE: "admin",
      }),
    ).toThrow(/viewer or analyst/);
  });

  it("rejects a configuration without DATABASE_URL, naming it", () => {
    expect(() => parseEnv({ REDIS_URL: "redis://127.0.0.1:6379/0" })).toThrow(/DATABASE_URL/);
  });
});

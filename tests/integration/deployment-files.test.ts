// There is no Docker engine here: check the compose file by parsing it, and check that the
// documented configuration and the validated configuration agree.
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { parseEnv } from "../../lib/env";

const ROOT = join(import.meta.dirname, "..", "..");

describe("deployment files", () => {
  it("docker-compose.yml runs postgres, redis with noeviction, web and worker on one config", async () => {
    const doc = parse(await readFile(join(ROOT, "docker-compose.yml"), "utf8"));
    expect(Object.keys(doc.services)).toEqual(expect.arrayContaining(["postgres", "redis", "web", "worker"]));
    expect(doc.services.redis.command.join(" ")).toMatch(/--maxmemory-policy noeviction/);
    for (const svc of ["web", "worker"]) {
      const env = doc.services[svc].environment;
      expect(() => parseEnv(env)).not.toThrow();
      expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(env.REDIS_URL).toMatch(/^redis:\/\/redis:6379\//);
      expect(doc.services[svc].volumes).toContain("uploads:/data/uploads");
      expect(env.UPLOAD_DIR).toBe("/data/uploads");
    }
    expect(doc.services.worker.command).toEqual(["npm", "run", "worker"]);
    expect(doc.services.web.depends_on.migrate.condition).toBe("service_completed_successfully");
  });

  it(".env.example documents exactly the variables lib/env.ts validates, with valid defaults", async () => {
    const text = await readFile(join(ROOT, ".env.example"), "utf8");
    const vars = Object.fromEntries(
      text
        .split("\n")
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    const parsed = parseEnv(vars);
    expect(Object.keys(vars).sort()).toEqual(Object.keys(parsed).sort());
  });

  it("rejects a configuration without DATABASE_URL, naming it", () => {
    expect(() => parseEnv({ REDIS_URL: "redis://127.0.0.1:6379/0" })).toThrow(/DATABASE_URL/);
  });
});

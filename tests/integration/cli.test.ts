// The CLI as users run it: a child process, one JSON document on stdout with --json.
import { afterAll, describe, expect, it } from "vitest";
import { execFile, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { verifyPassword } from "../../lib/auth/password";
import { closeDb, getPrisma } from "../../lib/db";

const ROOT = join(import.meta.dirname, "..", "..");

function cli(args: string[], env: Record<string, string | undefined> = process.env) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      join(ROOT, "node_modules", ".bin", "tsx"),
      [join(ROOT, "cli", "main.ts"), ...args],
      { cwd: ROOT, env: env as NodeJS.ProcessEnv, maxBuffer: 32 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The CLI with `input` on stdin (a pipe, not a terminal). */
function cliWithStdin(args: string[], input: string, env: NodeJS.ProcessEnv = process.env) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "cli", "main.ts"), ...args], {
      cwd: ROOT,
      env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

afterAll(closeDb);

describe("cli", () => {
  it("import web-logs --json prints one document with counts and line errors", async () => {
    const dir = await mkdtemp(join(tmpdir(), "shellcase-cli-"));
    const path = join(dir, "u_ex.log");
    const host = `CLI-${randomBytes(3).toString("hex")}`;
    await writeFile(
      path,
      [
        "#Fields: date time s-computername s-sitename c-ip cs-method cs-uri-stem sc-status cs(User-Agent)",
        `2024-09-01 00:00:00 ${host} W3SVC1 192.0.2.10 GET /a.aspx 200 curl/8.0`,
        `2024-09-01 00:00:01 ${host} W3SVC1 192.0.2.10 GET /b.aspx not-a-number curl/8.0`,
      ].join("\n") + "\n",
    );
    const before = JSON.parse((await cli(["stats", "--json"])).stdout);
    const missing = join(dir, "missing.log");
    const r = await cli(["import", "web-logs", path, missing, "--json"]);
    expect(r.code).toBe(1); // one path did not exist
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc).sort()).toEqual(["duplicates", "errors", "files", "imported", "rejected"]);
    expect(doc).toMatchObject({ files: 2, imported: 1, duplicates: 0, rejected: 1 });
    expect(doc.errors).toEqual([
      { file: path, line: 3, reason: expect.stringMatching(/sc-status/) },
      { file: missing, line: null, reason: "no such file or directory" },
    ]);

    const again = await cli(["import", "web-logs", path, "--json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ files: 1, imported: 0, duplicates: 1 });

    const stats = await cli(["stats", "--json"]);
    expect(stats.code).toBe(0);
    const after = JSON.parse(stats.stdout);
    expect(after.requests).toBe(before.requests + 1);
    expect(after.hosts).toBe(before.hosts + 1);
    expect(after.importsByStatus.completed).toBe(before.importsByStatus.completed + 2);
    // Each batch records who started it: the CLI has no user, so the OS account stands in.
    const batches = await getPrisma().importBatch.findMany({ where: { fileName: path } });
    expect(batches.map((b) => b.startedByLabel)).toEqual([`cli:${userInfo().username}`, `cli:${userInfo().username}`]);
  });

  it("import alerts --json prints counts in the documented shape", async () => {
    const r = await cli([
      "import",
      "alerts",
      join(ROOT, "tests", "fixtures", "alerts", "mde-webshell-alerts.jsonl"),
      "--json",
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc).sort()).toEqual([
      "enrichmentDeferred",
      "errors",
      "files",
      "imported",
      "rejected",
      "updated",
      "warnings",
    ]);
    expect(doc.files).toBe(1);
    expect(doc.rejected).toBe(0);
    const file = join(ROOT, "tests", "fixtures", "alerts", "mde-webshell-alerts.jsonl");
    const batch = await getPrisma().importBatch.findFirstOrThrow({
      where: { fileName: file },
      orderBy: { id: "desc" },
    });
    expect(batch.startedByLabel).toBe(`cli:${userInfo().username}`);
  });

  it("enrich --wait, findings --json and sentinel-compat --json print their documented documents", async () => {
    const enrich = await cli(["enrich", "--wait", "--json"]);
    expect(enrich.code).toBe(0);
    expect(Object.keys(JSON.parse(enrich.stdout)).sort()).toEqual([
      "errors",
      "failed",
      "findings",
      "noFinding",
      "notApplicable",
      "queued",
    ]);
    const findings = await cli(["findings", "--json"]);
    expect(findings.code).toBe(0);
    expect(Array.isArray(JSON.parse(findings.stdout))).toBe(true);
    const compat = await cli([
      "sentinel-compat",
      "--json",
      "--from",
      "2024-05-14T00:00:00Z",
      "--to",
      "2024-05-15T00:00:00Z",
    ]);
    expect(compat.code).toBe(0);
    expect(Object.keys(JSON.parse(compat.stdout)).sort()).toEqual(["commandAlertEnrichment", "fileAlertEnrichment"]);
    const bad = await cli(["sentinel-compat", "--from", "yesterday"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--from "yesterday" is not an ISO-8601 time/);
  });

  it("names the missing variable when configuration is incomplete", async () => {
    const env = { ...process.env, DATABASE_URL: undefined };
    const r = await cli(["stats"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DATABASE_URL/);
    expect(r.stdout).toBe("");
  });

  it("answers an unknown command with usage and exit status 2", async () => {
    const r = await cli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });
});

describe("cli user", () => {
  // The CLI runs where the worker runs: it must not need the web app's session secret.
  const env = { ...process.env, NEXTAUTH_SECRET: undefined };

  it("user create reads the password from stdin, stores its hash and prints the user", async () => {
    const email = `cli-${randomBytes(3).toString("hex")}@cli.test`;
    const r = await cliWithStdin(
      ["user", "create", "--email", email.toUpperCase(), "--name", "Cli Person", "--role", "analyst", "--json"],
      "piped password 123\n",
      env,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ email, name: "Cli Person", role: "analyst", disabled: false, hasPassword: true });
    expect(doc).not.toHaveProperty("passwordHash");
    const row = await getPrisma().user.findUniqueOrThrow({ where: { email } });
    // The newline that `echo` adds is not part of the password.
    expect(await verifyPassword("piped password 123", row.passwordHash)).toBe(true);
    const audit = await getPrisma().auditEntry.findMany({ where: { entityType: "user", entityId: String(row.id) } });
    expect(audit).toMatchObject([{ action: "user.create", actorId: null, actorLabel: "system" }]);

    // The same email again: exit 1, and no password is asked for.
    const again = await cliWithStdin(["user", "create", "--email", email, "--name", "X", "--role", "viewer"], "", env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);

    const list = await cliWithStdin(["user", "list", "--json"], "", env);
    expect(JSON.parse(list.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ email })]));

    const demoted = await cliWithStdin(["user", "set-role", "--email", email, "--role", "viewer", "--json"], "", env);
    expect(JSON.parse(demoted.stdout)).toMatchObject({ email, role: "viewer" });
    const disabled = await cliWithStdin(["user", "disable", "--email", email], "", env);
    expect(disabled.stdout).toMatch(/\(viewer, disabled\)/);
    expect(await getPrisma().user.findUniqueOrThrow({ where: { email } })).toMatchObject({
      role: "viewer",
      disabled: true,
    });

    const reset = await cliWithStdin(["user", "set-password", "--email", email], "another password 1\n", env);
    expect(reset.code).toBe(0);
    const after = await getPrisma().user.findUniqueOrThrow({ where: { email } });
    expect(await verifyPassword("another password 1", after.passwordHash)).toBe(true);
  });

  it("user link-entra links a user to an Entra object id (a GUID), and unlink-entra undoes it", async () => {
    const email = `cli-${randomBytes(3).toString("hex")}@cli.test`;
    await getPrisma().user.create({ data: { email, name: "Linked", role: "admin" } });
    const oid = randomUUID();

    const bad = await cliWithStdin(["user", "link-entra", "--email", email, "--object-id", "not-a-guid"], "", env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--object-id: The object id is a GUID/);
    const missing = await cliWithStdin(["user", "link-entra", "--email", email], "", env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--object-id is required/);

    const linked = await cliWithStdin(
      ["user", "link-entra", "--email", email, "--object-id", oid.toUpperCase(), "--json"],
      "",
      env,
    );
    expect(linked.code).toBe(0);
    expect(JSON.parse(linked.stdout)).toMatchObject({ email, entraLinked: true });
    expect((await getPrisma().user.findUniqueOrThrow({ where: { email } })).entraObjectId).toBe(oid);

    const unlinked = await cliWithStdin(["user", "unlink-entra", "--email", email], "", env);
    expect(unlinked.stdout).toMatch(/unlinked from Entra ID/);
    expect((await getPrisma().user.findUniqueOrThrow({ where: { email } })).entraObjectId).toBeNull();
  });

  it("exits 2 with a clear message for a short password, a bad role or a missing flag, creating nothing", async () => {
    const email = `cli-${randomBytes(3).toString("hex")}@cli.test`;
    const short = await cliWithStdin(
      ["user", "create", "--email", email, "--name", "N", "--role", "viewer"],
      "short\n",
      env,
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/at least 12 characters/);

    const role = await cliWithStdin(["user", "create", "--email", email, "--name", "N", "--role", "root"], "", env);
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/--role: Role must be admin, analyst or viewer/);

    const missing = await cliWithStdin(["user", "create", "--email", email, "--role", "viewer"], "", env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--name is required/);

    expect(await getPrisma().user.count({ where: { email } })).toBe(0);
    const unknown = await cliWithStdin(["user", "set-role", "--email", email, "--role", "viewer"], "", env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No user with the email/);
  });
});

// Data sources (workspaces) and their audit entries, against the run's real database: admin-only,
// the secret sealed and never shown, renames re-seal, the key checked once sources exist.
import { randomBytes, randomUUID } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/roles";
import { closeDb, getPool, getPrisma } from "../../lib/db";
import { AppError } from "../../lib/errors";
import { openSecret } from "../../lib/sentinel/secret-box";
import { checkSourceKey } from "../../lib/sentinel/sources/check-source-key";
import { createSource } from "../../lib/sentinel/sources/create-source";
import { deleteSource } from "../../lib/sentinel/sources/delete-source";
import { findSources } from "../../lib/sentinel/sources/find-sources";
import { getSourceById } from "../../lib/sentinel/sources/get-source-by-id";
import { localOperator } from "../../lib/sentinel/sources/source-actor";
import type { CreateSourceInput } from "../../lib/sentinel/sources/source-input";
import { requireSourceKey } from "../../lib/sentinel/sources/source-key";
import { testConnection, testSource } from "../../lib/sentinel/sources/test-source";
import { updateSource } from "../../lib/sentinel/sources/update-source";
import { createUser } from "../../lib/users/create-user";

// Before anything reads the environment (getEnv caches it on first use).
const KEY = randomBytes(32).toString("base64");
process.env.SOURCE_SECRET_KEY = KEY;

const ROOT = join(import.meta.dirname, "..", "..");
// Every source this file makes is named after the run, and removed after it: an enabled source
// left behind would make the next files' enrichment fetch from an unreachable workspace.
const RUN = `src${randomBytes(3).toString("hex")}`;
const unique = () => `${RUN}-${randomBytes(4).toString("hex")}`;
const SECRET = `s3cr3t-${randomBytes(12).toString("hex")}`;

let admin: Actor;
let analyst: Actor;
let viewer: Actor;

async function user(role: Actor["role"]): Promise<Actor> {
  const u = await createUser(
    { email: `${role}-${unique()}@sources.test`, name: role, role, password: "correct horse battery" },
    null,
  );
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

beforeAll(async () => {
  [admin, analyst, viewer] = await Promise.all([user("admin"), user("analyst"), user("viewer")]);
});
afterAll(async () => {
  await getPrisma().dataSource.deleteMany({ where: { name: { contains: RUN } } });
  await closeDb();
});

function input(overrides: Partial<CreateSourceInput> = {}): CreateSourceInput {
  return {
    name: `ws-${unique()}`,
    workspaceId: randomUUID(),
    tenantId: randomUUID(),
    authKind: "client_secret",
    clientId: randomUUID(),
    secret: SECRET,
    // Nothing listens on port 1: a test of this source fails fast, as a network error.
    queryEndpoint: "https://127.0.0.1:1/v1",
    authorityHost: "https://127.0.0.1:1",
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function rawRow(id: number) {
  const { rows } = await getPool().query("SELECT * FROM data_sources WHERE id = $1", [id]);
  return rows[0] as Record<string, unknown>;
}

async function auditFor(id: number) {
  return getPrisma().auditEntry.findMany({
    where: { entityType: "source", entityId: String(id) },
    orderBy: { id: "asc" },
  });
}

describe("createSource", () => {
  it("seals the secret (no plaintext in the row), shows hasSecret only, and audits without it", async () => {
    const view = await createSource(admin, input({ pullSince: "2026-01-01T00:00:00Z", pullIntervalSeconds: "120" }));
    expect(view).toMatchObject({ hasSecret: true, enabled: true, incidentSync: false, pullIntervalSeconds: 120 });
    expect(view.pullSince?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(view).not.toHaveProperty("secretCipher");
    expect(JSON.stringify(view)).not.toContain(SECRET);

    const row = await rawRow(view.id);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(row.secret_cipher).toMatch(/^v1:/);
    expect(openSecret(row.secret_cipher as string, view.name)).toBe(SECRET);

    const [entry, ...more] = await auditFor(view.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      action: "source.create",
      actorId: admin.id,
      after: { name: view.name, hasSecret: true, authKind: "client_secret" },
    });
    const recorded = JSON.stringify([entry?.before, entry?.after]);
    expect(recorded).not.toContain(SECRET);
    expect(recorded).not.toContain(row.secret_cipher as string);
  });

  it("refuses invalid fields, naming each, and writes nothing", async () => {
    const before = await getPrisma().dataSource.count();
    // Each field's own problems first, every one named…
    const bad = await failure(
      createSource(
        admin,
        input({
          workspaceId: "not-a-guid",
          queryEndpoint: "http://insecure.example/v1",
          pullIntervalSeconds: 30,
          pullSince: "yesterday",
        }),
      ),
    );
    expect(bad.code).toBe("bad_request");
    for (const field of ["workspaceId", "queryEndpoint", "pullIntervalSeconds", "pullSince"])
      expect(bad.message).toContain(`${field}:`);
    expect(bad.message).toMatch(/https/);
    expect(bad.message).toMatch(/at least 60 seconds/);
    // …then the rules across fields, each on the field to change.
    const across = await failure(
      createSource(admin, input({ clientId: "", subscriptionId: randomUUID(), incidentSync: true })),
    );
    for (const field of ["clientId", "resourceGroup", "workspaceName", "incidentSync"])
      expect(across.message).toContain(`${field}:`);

    const noSecret = await failure(createSource(admin, input({ secret: "" })));
    expect(noSecret.message).toMatch(/^secret: /);
    const pem = await failure(createSource(admin, input({ caCertPem: "not a certificate" })));
    expect(pem.message).toMatch(/^caCertPem: .*PEM/);
    expect(await getPrisma().dataSource.count()).toBe(before);
  });

  it("needs no secret for default_credential, and keeps the ARM path and incident sync", async () => {
    const view = await createSource(
      localOperator("cli:test"),
      input({
        authKind: "default_credential",
        clientId: undefined,
        secret: undefined,
        subscriptionId: randomUUID(),
        resourceGroup: "rg-sec",
        workspaceName: "law-sec",
        incidentSync: true,
        enabled: false,
      }),
    );
    expect(view).toMatchObject({ hasSecret: false, incidentSync: true, enabled: false, resourceGroup: "rg-sec" });
    // The local operator is recorded as the system, as the `user` CLI commands are.
    const [entry] = await auditFor(view.id);
    expect(entry).toMatchObject({ action: "source.create", actorId: null, actorLabel: "system" });
  });

  it("refuses a second source of the same name with a conflict", async () => {
    const first = await createSource(admin, input());
    const err = await failure(createSource(admin, input({ name: first.name })));
    expect(err.code).toBe("conflict");
    expect(err.message).toContain(first.name);
  });
});

describe("updateSource", () => {
  it("keeps the secret when none is given, re-seals it on a rename, and replaces it when given", async () => {
    const created = await createSource(admin, input());
    const sealed = (await rawRow(created.id)).secret_cipher as string;

    const same = await updateSource(admin, created.id, { ...input({ name: created.name, secret: "" }) });
    expect(same.hasSecret).toBe(true);
    expect((await rawRow(created.id)).secret_cipher).toBe(sealed);

    const renamed = `${created.name}-renamed`;
    const after = await updateSource(admin, created.id, input({ name: renamed, secret: undefined }));
    expect(after).toMatchObject({ name: renamed, hasSecret: true, version: 3 });
    const resealed = (await rawRow(created.id)).secret_cipher as string;
    expect(resealed).not.toBe(sealed);
    expect(openSecret(resealed, renamed)).toBe(SECRET);
    // The old ciphertext was bound to the old name: it does not open under the new one.
    expect(() => openSecret(sealed, renamed)).toThrow(/SOURCE_SECRET_KEY/);

    const next = `new-${randomBytes(8).toString("hex")}`;
    await updateSource(admin, created.id, input({ name: renamed, secret: next }));
    const row = await rawRow(created.id);
    expect(openSecret(row.secret_cipher as string, renamed)).toBe(next);
    expect(JSON.stringify(row)).not.toContain(next);

    const entries = await auditFor(created.id);
    expect(entries.map((e) => e.action)).toEqual(["source.create", "source.update", "source.update", "source.update"]);
    expect(entries.map((e) => (e.after as { secretChanged?: boolean }).secretChanged)).toEqual([
      undefined,
      false,
      false,
      true,
    ]);
    const recorded = JSON.stringify(entries.map((e) => [e.before, e.after]));
    expect(recorded).not.toContain(SECRET);
    expect(recorded).not.toContain(next);
    expect(recorded).not.toContain("v1:");
  });

  it("drops the secret when switching to default_credential; back to client_secret needs one", async () => {
    const created = await createSource(admin, input());
    const def = await updateSource(admin, created.id, input({ name: created.name, authKind: "default_credential" }));
    expect(def.hasSecret).toBe(false);
    expect((await rawRow(created.id)).secret_cipher).toBeNull();
    const err = await failure(updateSource(admin, created.id, input({ name: created.name, secret: undefined })));
    expect(err.message).toMatch(/^secret: /);
  });

  it("answers not_found for an unknown id and a conflict for a taken name", async () => {
    const a = await createSource(admin, input());
    const b = await createSource(admin, input());
    expect((await failure(updateSource(admin, 2_000_000_000, input()))).code).toBe("not_found");
    expect((await failure(updateSource(admin, b.id, input({ name: a.name })))).code).toBe("conflict");
  });
});

describe("deleteSource and reading", () => {
  it("deletes with an audit entry of what it was; list and get show the view type", async () => {
    const created = await createSource(admin, input());
    const listed = await findSources(admin);
    const mine = listed.find((s) => s.id === created.id);
    expect(mine).toMatchObject({ name: created.name, hasSecret: true });
    expect(JSON.stringify(listed)).not.toMatch(/secretCipher|v1:/);
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    expect(await getSourceById(admin, created.id)).toMatchObject({ id: created.id, name: created.name });

    await deleteSource(admin, created.id);
    expect(await getPrisma().dataSource.findUnique({ where: { id: created.id } })).toBeNull();
    const entries = await auditFor(created.id);
    expect(entries.at(-1)).toMatchObject({ action: "source.delete", after: null, before: { name: created.name } });
    expect((await failure(getSourceById(admin, created.id))).code).toBe("not_found");
    expect((await failure(deleteSource(admin, created.id))).code).toBe("not_found");
  });
});

describe("permissions", () => {
  it("refuses analysts and viewers in every function, and writes nothing", async () => {
    const created = await createSource(admin, input());
    for (const who of [analyst, viewer]) {
      for (const attempt of [
        createSource(who, input()),
        updateSource(who, created.id, input({ name: created.name })),
        deleteSource(who, created.id),
        findSources(who),
        getSourceById(who, created.id),
        testSource(who, created.id),
        testConnection(who, input()),
      ]) {
        const err = await failure(attempt);
        expect(err.code).toBe("forbidden");
      }
    }
    expect((await failure(findSources(null as unknown as Actor))).code).toBe("unauthenticated");
    expect(await getSourceById(admin, created.id)).toMatchObject({ name: created.name, version: 1 });
    expect((await auditFor(created.id)).map((e) => e.action)).toEqual(["source.create"]);
  });
});

describe("the key", () => {
  it("refuses to store a source without SOURCE_SECRET_KEY, naming the variable", () => {
    expect(() => requireSourceKey("")).toThrow(/SOURCE_SECRET_KEY is not set/);
  });

  it("checkSourceKey passes with the right key and names SOURCE_SECRET_KEY when it is missing or wrong", async () => {
    await createSource(admin, input());
    await expect(checkSourceKey()).resolves.toBeUndefined();
    await expect(checkSourceKey(KEY)).resolves.toBeUndefined();
    await expect(checkSourceKey("")).rejects.toThrow(/SOURCE_SECRET_KEY is not set/);
    await expect(checkSourceKey(randomBytes(32).toString("base64"))).rejects.toThrow(
      /SOURCE_SECRET_KEY is not the key it was stored with/,
    );
    await expect(checkSourceKey(randomBytes(16).toString("base64"))).rejects.toThrow(/SOURCE_SECRET_KEY must be 32/);
  });

  it("the CLI refuses to add a source without the key, and to list sources once they exist", async () => {
    const env = { ...process.env, SOURCE_SECRET_KEY: "" };
    const add = await cli(
      [
        "sources",
        "add",
        "--name",
        `cli-${unique()}`,
        "--workspace",
        randomUUID(),
        "--tenant",
        randomUUID(),
        "--default-credential",
      ],
      env,
    );
    expect(add.code).not.toBe(0);
    expect(add.stderr).toMatch(/SOURCE_SECRET_KEY/);
    const list = await cli(["sources", "list", "--json"], env);
    expect(list.code).not.toBe(0);
    expect(list.stderr).toMatch(/SOURCE_SECRET_KEY is not set/);
  });
});

describe("the CLI", () => {
  it("adds from a secret file, lists and tests without ever printing the secret, and removes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "shellcase-sources-"));
    const secretFile = join(dir, "secret");
    await writeFile(secretFile, `${SECRET}\n`);
    const name = `cli-${unique()}`;
    const env = { ...process.env, SOURCE_SECRET_KEY: KEY };
    const add = await cli(
      [
        "sources",
        "add",
        "--name",
        name,
        "--workspace",
        randomUUID(),
        "--tenant",
        randomUUID(),
        "--client-id",
        randomUUID(),
        "--secret-file",
        secretFile,
        "--endpoint",
        "https://127.0.0.1:1",
        "--authority-host",
        "https://127.0.0.1:1",
        "--interval",
        "600",
        "--json",
      ],
      env,
    );
    expect(add.stderr).toBe("");
    expect(add.code).toBe(0);
    const added = JSON.parse(add.stdout);
    expect(added).toMatchObject({ name, hasSecret: true, pullIntervalSeconds: 600, enabled: true });
    // Sealed under the name, the trailing newline of the file not part of it.
    const row = await rawRow(added.id);
    expect(openSecret(row.secret_cipher as string, name)).toBe(SECRET);

    const list = await cli(["sources", "list", "--json"], env);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id: added.id, name })]));
    const test = await cli(["sources", "test", String(added.id), "--json"], env);
    expect(test.code).toBe(1);
    expect(JSON.parse(test.stdout)).toMatchObject({ id: added.id, ok: false, kind: "network" });
    for (const output of [add, list, test]) {
      expect(output.stdout + output.stderr).not.toContain(SECRET);
      expect(output.stdout + output.stderr).not.toContain(row.secret_cipher as string);
      expect(output.stdout).not.toContain("secretCipher");
    }

    const removed = await cli(["sources", "remove", String(added.id), "--json"], env);
    expect(removed.code).toBe(0);
    expect(await getPrisma().dataSource.findUnique({ where: { id: added.id } })).toBeNull();
    const actions = (await auditFor(added.id)).map((e) => [e.action, e.actorLabel]);
    expect(actions).toEqual([
      ["source.create", "system"],
      ["source.test", "system"],
      ["source.delete", "system"],
    ]);
  });

  it("refuses a secret given as an argument, pointing to --secret-file and --secret-stdin, and writes nothing", async () => {
    const name = `cli-${unique()}`;
    const r = await cli(
      ["sources", "add", "--name", name, "--workspace", randomUUID(), "--tenant", randomUUID(), "--secret", SECRET],
      { ...process.env, SOURCE_SECRET_KEY: KEY },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--secret is refused.*--secret-file PATH or --secret-stdin/);
    expect(await getPrisma().dataSource.findUnique({ where: { name } })).toBeNull();
  });

  it("names the flag of a refused field", async () => {
    const r = await cli(
      [
        "sources",
        "add",
        "--name",
        `cli-${unique()}`,
        "--workspace",
        "nope",
        "--tenant",
        randomUUID(),
        "--default-credential",
        "--interval",
        "5",
      ],
      { ...process.env, SOURCE_SECRET_KEY: KEY },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--workspace: Workspace id must be a GUID/);
    expect(r.stderr).toMatch(/--interval: Pull interval must be at least 60 seconds/);
  });
});

describe("testSource", () => {
  it("reports an unreachable endpoint as a network failure in words, and audits the outcome only", async () => {
    const created = await createSource(admin, input());
    const result = await testSource(admin, created.id);
    expect(result).toMatchObject({ ok: false, kind: "network" });
    expect(result.ok === false && result.message).toMatch(/network error/);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    const entry = (await auditFor(created.id)).at(-1);
    expect(entry).toMatchObject({ action: "source.test", after: { ok: false, kind: "network" } });

    const unsaved = await testConnection(admin, input());
    expect(unsaved).toMatchObject({ ok: false, kind: "network" });
  });
});

function cli(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      join(ROOT, "node_modules", ".bin", "tsx"),
      [join(ROOT, "cli", "main.ts"), ...args],
      { cwd: ROOT, env, maxBuffer: 32 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

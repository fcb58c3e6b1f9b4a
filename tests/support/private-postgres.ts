// A PostgreSQL 15 server of a test's own (temp data dir, free port), which the test may stop,
// crash and restart without disturbing the shared server other tests and developers use.
// initdb refuses to run as root: as root the server runs as the `postgres` OS user.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./free-port";

const run = promisify(execFile);
const BIN = process.env.SHELLCASE_PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** Runs a PostgreSQL binary as the postgres OS user when we are root, else as ourselves. */
async function asPostgres(bin: string, args: string[]): Promise<void> {
  const path = join(BIN, bin);
  if (userInfo().uid === 0) await run("runuser", ["-u", "postgres", "--", path, ...args], { maxBuffer: 16 << 20 });
  else await run(path, args, { maxBuffer: 16 << 20 });
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run("id", ["postgres"]);
  const uid = /uid=(\d+)/.exec(stdout)?.[1];
  const gid = /gid=(\d+)/.exec(stdout)?.[1];
  if (!uid || !gid) throw new Error(`cannot read the postgres user's ids from: ${stdout}`);
  return { uid: Number(uid), gid: Number(gid) };
}

export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const dir = await mkdtemp(join(tmpdir(), "shellcase-pg-"));
    if (userInfo().uid === 0) {
      const { uid, gid } = await postgresIds();
      await chown(dir, uid, gid);
    }
    await asPostgres("initdb", ["-D", join(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync"]);
    const server = new PrivatePostgres(dir, await freePort());
    await server.start();
    return server;
  }

  /** postgresql:// URL of a database on this server. */
  url(database = "postgres"): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    // fsync off: a test server need not survive a machine crash, only a server crash.
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
    await asPostgres("pg_ctl", [
      "start",
      "-D",
      join(this.dir, "data"),
      "-w",
      "-t",
      "60",
      "-l",
      join(this.dir, "log"),
      "-o",
      opts,
    ]);
  }

  /** fast: disconnects clients and shuts down cleanly; immediate: a crash (recovery on start). */
  async stop(mode: "fast" | "immediate" = "fast"): Promise<void> {
    await asPostgres("pg_ctl", ["stop", "-D", join(this.dir, "data"), "-m", mode, "-w", "-t", "60"]);
  }

  async createDatabase(name: string): Promise<string> {
    const admin = new pg.Client({ connectionString: this.url() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }

  /** Stops the server and removes its files. */
  async destroy(): Promise<void> {
    await this.stop("immediate").catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}

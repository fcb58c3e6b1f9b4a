// A Redis 7 server of a test's own (temp dir, free port, AOF on), which the test may stop and
// start again on the same append-only file without disturbing the shared Redis.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./free-port";

export class PrivateRedis {
  private process: ChildProcess | undefined;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivateRedis> {
    const server = new PrivateRedis(await mkdtemp(join(tmpdir(), "shellcase-redis-")), await freePort());
    await server.start();
    return server;
  }

  url(db = 0): string {
    return `redis://127.0.0.1:${this.port}/${db}`;
  }

  async start(): Promise<void> {
    // As docker-compose.yml runs it: AOF fsynced every second, noeviction.
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--dir",
        this.dir,
        "--save",
        "",
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--maxmemory-policy",
        "noeviction",
      ],
      { stdio: "ignore" },
    );
    this.process = child;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const client = new Redis(this.url(), { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on("error", () => undefined);
      try {
        await client.connect();
        // Loading a large AOF answers LOADING errors until done.
        if ((await client.ping()) === "PONG") return;
      } catch {
        if (child.exitCode !== null) throw new Error(`redis-server on port ${this.port} exited (${child.exitCode})`);
        if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} not ready within 20 s`);
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        client.disconnect();
      }
    }
  }

  /** SIGTERM: Redis fsyncs its append-only file and exits, as on a clean restart. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  }

  async destroy(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGKILL");
      await exited;
    }
    this.process = undefined;
    await rm(this.dir, { recursive: true, force: true });
  }
}

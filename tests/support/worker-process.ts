// `npm run worker` as a real child process (node --import tsx workers/index.ts), so that tests
// can kill it with SIGKILL mid-job or stop it with SIGTERM, as an orchestrator would.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

export class WorkerProcess {
  /** The worker's stderr (JSON log lines), for assertions and for failure messages. */
  log = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    child.stderr!.on("data", (d: Buffer) => (this.log += d.toString()));
    child.stdout!.on("data", (d: Buffer) => (this.log += d.toString()));
    this.exited = once(child, "exit").then(([code, signal]) => ({ code, signal }));
  }

  static start(env: Record<string, string>, args: string[] = []): WorkerProcess {
    const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return new WorkerProcess(child);
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once the worker logged that it started (it then takes jobs). */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.log.includes('"workers started"')) {
      if (this.child.exitCode !== null) throw new Error(`worker exited before starting:\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`worker not started within ${timeoutMs} ms:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** kill -9: no handler runs, open transactions die with the connection. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    await this.exited;
  }

  /** SIGTERM, as docker stop sends it; resolves with the exit code. */
  async terminate(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    return (await this.exited).code;
  }
}

// Which queues this worker process serves: `--queues imports` or `--queues=enrichment,pivots` on
// the command line, else WORKER_QUEUES. One process per group keeps a slow or failing import
// from delaying enrichment (docs/operations.md).
import { QUEUES, type QueueName } from "../lib/jobs/queues";

const KNOWN = Object.values(QUEUES) as string[];

export function selectQueues(argv: string[], fromEnv: string): QueueName[] {
  let spec = fromEnv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--queues") {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--"))
        throw new Error("--queues needs a value, e.g. --queues imports");
      spec = value;
      i++;
    } else if (arg.startsWith("--queues=")) {
      spec = arg.slice("--queues=".length);
    } else {
      throw new Error(`unknown worker option ${JSON.stringify(arg)}; the only option is --queues <names>`);
    }
  }
  const names = [
    ...new Set(
      spec
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (!names.length) throw new Error(`no queue selected; choose among ${KNOWN.join(", ")}`);
  const unknown = names.filter((n) => !KNOWN.includes(n));
  if (unknown.length) throw new Error(`unknown queue ${unknown.join(", ")}; choose among ${KNOWN.join(", ")}`);
  return names as QueueName[];
}

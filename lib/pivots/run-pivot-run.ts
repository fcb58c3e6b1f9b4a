// Runs one stored pivot (a pivot_runs row): queued → running → done | failed. Idempotent: a run
// already done is skipped, so a retried or duplicated job changes nothing twice.
import type { Prisma } from "../generated/prisma/client";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { caseTopic } from "../live/events";
import { PIVOT_PROGRESS } from "../live/kinds";
import { publishLive } from "../live/publish";
import { pivotParamsSchema } from "./pivot-params";
import { runPivot } from "./run-pivot";

/** Retrying cannot help (the stored parameters are invalid): the job should fail for good. */
export class PermanentPivotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentPivotError";
  }
}

export async function runPivotRun(id: number): Promise<"done" | "skipped"> {
  const prisma = getPrisma();
  const run = await prisma.pivotRun.findUnique({ where: { id }, select: { status: true, params: true, caseId: true } });
  if (!run) throw new AppError("not_found", `pivot run ${id} does not exist`);
  if (run.status === "done") return "skipped";

  const parsed = pivotParamsSchema.safeParse(run.params);
  if (!parsed.success) {
    const message = `invalid parameters: ${parsed.error.issues.map((i) => `${i.path.join(".") || "params"}: ${i.message}`).join("; ")}`;
    await prisma.pivotRun.updateMany({
      where: { id, status: { not: "done" } },
      data: { status: "failed", error: message, finishedAt: new Date() },
    });
    throw new PermanentPivotError(message);
  }

  // Claim it: a concurrent duplicate that finished first leaves nothing to do.
  const claimed = await prisma.pivotRun.updateMany({
    where: { id, status: { not: "done" } },
    data: { status: "running", startedAt: new Date(), finishedAt: null, error: null },
  });
  if (!claimed.count) return "skipped";
  // The case page's progress bar: running, evidence at hand, done (or failed).
  const tell = (kind: string, progress: number) =>
    run.caseId === null
      ? Promise.resolve()
      : publishLive([{ topic: caseTopic(run.caseId), kind, data: { id, progress } }]);
  await tell(PIVOT_PROGRESS, 0.05);
  try {
    const result = await runPivot(parsed.data, () => void tell(PIVOT_PROGRESS, 0.5));
    await prisma.pivotRun.update({
      where: { id },
      data: { status: "done", result: result as unknown as Prisma.InputJsonValue, error: null, finishedAt: new Date() },
    });
    await tell("pivot.finished", 1);
    return "done";
  } catch (err) {
    // Kept for the case page; the job is retried with backoff and a later attempt can still finish it.
    await prisma.pivotRun.update({
      where: { id },
      data: { status: "failed", error: err instanceof Error ? err.message : String(err), finishedAt: new Date() },
    });
    await tell("pivot.failed", 1);
    throw err;
  }
}

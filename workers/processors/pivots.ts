import { UnrecoverableError, type Job } from "bullmq";
import { pivotJobSchema } from "../../lib/jobs/queues";
import { AppError } from "../../lib/errors";
import { PermanentPivotError, runPivotRun } from "../../lib/pivots/run-pivot-run";

export async function processPivot(job: Job): Promise<string> {
  const parsed = pivotJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid pivot job payload: ${parsed.error.message}`);
  try {
    return await runPivotRun(parsed.data.pivotRunId);
  } catch (err) {
    // Invalid stored parameters, or a run deleted with its case: retrying cannot help. Anything
    // else (database unreachable) is retried with backoff; the run shows the last error.
    if (err instanceof PermanentPivotError || (err instanceof AppError && err.code === "not_found")) {
      throw new UnrecoverableError(err.message);
    }
    throw err;
  }
}

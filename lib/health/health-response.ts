// The answer of GET /api/health, apart from Next's request plumbing so that tests can call it
// in-process against a server they stop and start: 200 when Postgres and Redis answer, 503
// naming the dependency that is down. It reveals only up/down, never addresses or errors.
import { checkHealth } from "./check-health";

export async function healthResponse(): Promise<Response> {
  const health = await checkHealth();
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}

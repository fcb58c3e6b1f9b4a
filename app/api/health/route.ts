// GET /api/health: 200 when Postgres and Redis answer, 503 otherwise. Unauthenticated on
// purpose (load balancers and compose health checks call it); it reveals only up/down.
import { connection } from "next/server";
import { checkHealth } from "@/lib/health/check-health";

export async function GET() {
  await connection();
  const health = await checkHealth();
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}

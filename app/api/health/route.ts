// GET /api/health: 200 when Postgres and Redis answer, 503 otherwise. Unauthenticated on
// purpose (load balancers and compose health checks call it); it reveals only up/down.
import { connection } from "next/server";
import { healthResponse } from "@/lib/health/health-response";

export async function GET() {
  await connection();
  return healthResponse();
}

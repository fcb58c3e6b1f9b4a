// The data sources (Log Analytics workspaces) for admins' scripts: each source's settings and
// pull status, never its secret (hasSecret says whether one is stored). 403 below admin, checked
// by the wrapper before anything is read, and again by findSources itself.
import { findSources } from "@/lib/sentinel/sources/find-sources";
import { routeHandler } from "../route-handler";

export const GET = routeHandler(
  { route: "GET /api/v1/sources", auth: "session-or-token", role: "admin" },
  async ({ actor }) => ({ data: await findSources(actor) }),
);

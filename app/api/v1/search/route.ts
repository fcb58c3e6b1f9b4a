// The search box for API callers: GET /api/v1/search?q=… answers the same groups as /search
// (lib/search/search-everything.ts). Any signed-in role may search; q is at most 500 characters.
import { searchEverything } from "@/lib/search/search-everything";
import { searchInputSchema } from "@/lib/search/parse-search-query";
import { routeHandler } from "../route-handler";

export const GET = routeHandler(
  { route: "GET /api/v1/search", auth: "session-or-token", role: "viewer", query: searchInputSchema },
  ({ query }) => searchEverything(query.q),
);

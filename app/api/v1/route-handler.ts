// One wrapper for every route handler under app/api/v1, so that a handler is only its domain
// call. In order: who is asking (401 without a credential, see authenticate.ts), the role (403,
// before any input is read: a refused caller learns nothing and uploads nothing), the path
// params, query and JSON body parsed with zod (400 naming the field), the handler, then errors
// mapped to statuses (error-response.ts). Every answer, errors included, is `no-store`: API
// answers carry case data that no browser or proxy may keep.
//
//   export const GET = routeHandler(
//     { route: "GET /api/v1/imports/[id]", auth: "session-or-token", role: "viewer", params: idParams },
//     async ({ params }) => getImportBatchById(params.id),
//   );
import { connection } from "next/server";
import type { z } from "zod";
import { requireRole, type Actor, type Role } from "@/lib/auth/roles";
import { authenticate, type AuthMode } from "./authenticate";
import { toErrorResponse } from "./error-response";
import { readJsonBody, readParams, readQuery } from "./request-input";

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteOptions<P, Q, B> {
  /** Names the route in the log line of an unexpected error: "PATCH /api/v1/cases/[number]". */
  route: string;
  auth: AuthMode;
  /** The lowest role allowed (admin > analyst > viewer). */
  role: Role;
  params?: P;
  query?: Q;
  /** A JSON body; a route that streams its body (an upload) reads `request` itself. */
  body?: B;
}

export interface RouteInput<P, Q, B> {
  request: Request;
  actor: Actor;
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
}

/** Next's second argument: the dynamic segments of the route's path. */
interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export function routeHandler<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  options: RouteOptions<P, Q, B>,
  handle: (input: RouteInput<P, Q, B>) => Promise<Response | object>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return async (request, context) => {
    // Per request, never prerendered: the answer depends on who asks.
    await connection();
    let rawParams: unknown;
    let response: Response;
    try {
      const actor = requireRole(await authenticate(request, options.auth), options.role);
      rawParams = await context.params;
      const input = {
        request,
        actor,
        params: (options.params ? readParams(options.params, rawParams) : undefined) as Parsed<P>,
        query: (options.query ? readQuery(options.query, request) : undefined) as Parsed<Q>,
        body: (options.body ? await readJsonBody(options.body, request) : undefined) as Parsed<B>,
      };
      const result = await handle(input);
      response = result instanceof Response ? result : Response.json(result);
    } catch (err) {
      response = toErrorResponse(err, { route: options.route, params: rawParams });
    }
    response.headers.set("Cache-Control", "no-store");
    return response;
  };
}

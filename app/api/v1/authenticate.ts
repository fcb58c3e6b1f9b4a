// Who is calling an API route, by the means the route accepts. "session": the browser's
// signed-in session (the next-auth cookie). "session-or-token": the routes meant for scripts as
// well; today that is the session alone, and an API-token resolver (reading `Authorization`)
// joins its list here when tokens exist — the handlers, which only name their mode, stay as
// they are. A resolver answers null when its credential is absent or no longer valid.
import type { Actor } from "@/lib/auth/roles";
import { getActor } from "@/lib/auth/session";

export type AuthMode = "session" | "session-or-token";

type Resolver = (request: Request) => Promise<Actor | null>;

const sessionActor: Resolver = () => getActor();

const RESOLVERS: Record<AuthMode, Resolver[]> = {
  session: [sessionActor],
  "session-or-token": [sessionActor],
};

/** The first actor a resolver of `mode` finds, or null (the wrapper answers 401). */
export async function authenticate(request: Request, mode: AuthMode): Promise<Actor | null> {
  for (const resolve of RESOLVERS[mode]) {
    const actor = await resolve(request);
    if (actor) return actor;
  }
  return null;
}

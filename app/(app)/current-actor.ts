// The signed-in user for server components, once per request (React cache: the layout and the
// page share one session read and one user lookup). Without a session — or for a user disabled
// since signing in — it redirects to the login page, coming back here afterwards. Pages call it
// before they read data, and use the role to hide what it cannot do:
//   const actor = await getCurrentActor();
//   {canEdit(actor.role) && <UploadPanel />}
// Hiding is a courtesy: server actions and route handlers enforce the role themselves
// (requireActor in lib/auth/session.ts).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { PATH_HEADER } from "@/lib/auth/path-header";
import type { Actor } from "@/lib/auth/roles";
import { loginPathFor } from "@/lib/auth/safe-callback-path";
import { getActor } from "@/lib/auth/session";

export const getCurrentActor = cache(async (): Promise<Actor> => {
  // Per request, never prerendered: a session is read from this request's cookies.
  await connection();
  const actor = await getActor();
  if (!actor) redirect(loginPathFor((await headers()).get(PATH_HEADER)));
  return actor;
});

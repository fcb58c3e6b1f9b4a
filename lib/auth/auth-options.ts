// next-auth configuration (v4, JWT sessions). App-only: imported by the auth route handler and
// lib/auth/session.ts. The token carries only the user id, its sign-in time and a session id; the
// role is read from the database on every request (lib/auth/session.ts), so a demotion or a
// disabled account takes effect at once. Signing out lists the session id as revoked, and a
// session ends SESSION_MAX_AGE_H after sign-in whatever the activity.
//
// Built on first use rather than at import, so that `next build` (which imports every route)
// does not need the web app's secrets; getWebEnv() names what is missing.
import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import AzureADProvider from "next-auth/providers/azure-ad";
import CredentialsProvider from "next-auth/providers/credentials";
import { getPrisma } from "../db";
import { getWebEnv, isEntraConfigured, type WebEnv } from "../env";
import { AppError } from "../errors";
import { logger } from "../logger";
import { resolveEntraUser } from "../users/resolve-entra-user";
import { PASSWORD_MAX_LENGTH } from "../users/user-input";
import { clientIp, getLoginRateLimiter, tooManyAttemptsMessage } from "./login-rate-limit";
import { hashSlots } from "./hash-slots";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "./password";
import { userTopic } from "../live/events";
import { SESSION_ENDED } from "../live/kinds";
import { publishLive } from "../live/publish";
import { revokeSession } from "./revoked-sessions";
import { safeCallbackPath } from "./safe-callback-path";
import { ENTRA_NOT_LINKED, SIGN_IN_UNAVAILABLE } from "./sign-in-messages";

/** A refusal whose message is written for the person signing in (next-auth shows error.message). */
class SignInRefusal extends Error {}

async function authorizePassword(
  credentials: Record<string, string> | undefined,
  headers: Record<string, unknown> | undefined,
  env: WebEnv,
): Promise<{ id: string; email: string; name: string } | null> {
  const email = String(credentials?.email ?? "")
    .trim()
    .toLowerCase();
  const password = String(credentials?.password ?? "");
  if (!email || !password || email.length > 254 || password.length > PASSWORD_MAX_LENGTH) return null;

  // Before any hashing: a refused attempt costs no scrypt work.
  const ip = clientIp(headers?.["x-forwarded-for"] as string | undefined, env.TRUSTED_PROXY_HOPS);
  const limiter = getLoginRateLimiter();
  const attempt = await limiter.attempt(email, ip);
  if (!attempt.allowed) {
    logger.warn("sign-in refused: too many attempts", { email, ip, scope: attempt.scope });
    throw new SignInRefusal(tooManyAttemptsMessage(attempt));
  }

  const user = await getPrisma().user.findUnique({ where: { email } });
  // Verify against a dummy hash when there is no such user, so that timing does not tell. At
  // most a few hashes run at once (hash-slots.ts); past that the attempt is refused, "try again".
  const stored = user?.passwordHash ?? (await dummyHash());
  const ok = await hashSlots.run(() => verifyPassword(password, stored));
  if (!user || !ok || user.disabled) {
    logger.info("sign-in failed", { email, ip });
    return null;
  }
  await limiter.succeeded(email, ip);
  // A hash from before the current cost is replaced now, while the password is at hand. The
  // condition in the write: a password reset in the meantime is not overwritten.
  const rehashed = needsRehash(stored) ? await hashSlots.run(() => hashPassword(password)) : undefined;
  if (rehashed) {
    await getPrisma().user.updateMany({
      where: { id: user.id, passwordHash: stored },
      data: { passwordHash: rehashed },
    });
  }
  await getPrisma().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: String(user.id), email: user.email, name: user.name };
}

function buildAuthOptions(env: WebEnv): NextAuthOptions {
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        try {
          return await authorizePassword(credentials, req?.headers, env);
        } catch (err) {
          if (err instanceof SignInRefusal) throw err;
          // next-auth puts error.message in the redirect URL: only chosen messages go there.
          logger.error("sign-in failed unexpectedly", { error: (err as Error).message });
          throw new SignInRefusal(err instanceof AppError ? err.message : SIGN_IN_UNAVAILABLE);
        }
      },
    }),
  ];
  if (isEntraConfigured(env)) {
    providers.push(
      AzureADProvider({
        clientId: env.AZURE_AD_CLIENT_ID,
        clientSecret: env.AZURE_AD_CLIENT_SECRET,
        tenantId: env.AZURE_AD_TENANT_ID,
        // The object id (oid) names the account; the default profile() uses the per-app `sub`
        // and fetches a photo from Microsoft Graph, which Shellcase does not show.
        profile(claims) {
          return {
            // Lower-case, as admins' links are stored (lib/users/user-input.ts entraObjectIdSchema).
            id: String(claims.oid ?? claims.sub).toLowerCase(),
            name: claims.name ?? null,
            email: claims.email ?? claims.preferred_username ?? null,
          };
        },
      }),
    );
  }

  const maxAgeSeconds = Math.round(env.SESSION_MAX_AGE_H * 60 * 60);
  return {
    secret: env.NEXTAUTH_SECRET,
    // The cookie's own lifetime; the absolute limit from sign-in is checked in session.ts.
    session: { strategy: "jwt", maxAge: maxAgeSeconds },
    pages: { signIn: "/login", error: "/login" },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider !== "azure-ad") return true;
        try {
          const result = await resolveEntraUser(
            { objectId: account.providerAccountId, email: user.email, name: user.name },
            { autoCreateRole: env.AZURE_AD_AUTO_CREATE_ROLE },
          );
          if ("refused" in result) {
            logger.warn("Entra ID sign-in refused", { reason: result.refused, email: result.email });
            // The login page says an admin must link the account (lib/auth/sign-in-messages.ts).
            return result.refused === "not_linked" ? `/login?error=${ENTRA_NOT_LINKED}` : false;
          }
          return true;
        } catch (err) {
          logger.error("Entra ID sign-in failed unexpectedly", { error: (err as Error).message });
          return false;
        }
      },
      async jwt({ token, user, account }) {
        if (!user) return token;
        // A fresh sign-in: the token keeps the Shellcase user id and nothing else of the profile.
        if (account?.provider === "azure-ad") {
          const linked = await getPrisma().user.findUnique({
            where: { entraObjectId: account.providerAccountId },
            select: { id: true },
          });
          return linked ? newSessionToken(linked.id) : {};
        }
        return newSessionToken(Number(user.id));
      },
      session({ session, token }) {
        session.user =
          typeof token.uid === "number"
            ? {
                id: token.uid,
                signedInAt: typeof token.signedInAt === "number" ? token.signedInAt : undefined,
                sid: typeof token.sid === "string" ? token.sid : undefined,
              }
            : undefined;
        return session;
      },
      // Only to a path on this site (after an Entra ID sign-in, next-auth redirects to the
      // callbackUrl it was given): the same check as the login page's.
      redirect({ url, baseUrl }) {
        const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
        return `${baseUrl}${safeCallbackPath(path)}`;
      },
    },
    events: {
      // Server-side sign-out: this session's cookie is refused from now on, wherever it is kept.
      async signOut({ token }) {
        if (typeof token?.sid !== "string") return;
        const signedInAt = typeof token.signedInAt === "number" ? token.signedInAt : Date.now();
        await revokeSession(token.sid, new Date(signedInAt + maxAgeSeconds * 1000));
        // This session's open live streams (other tabs) re-check it at once, and close.
        if (typeof token.uid === "number") await publishLive([{ topic: userTopic(token.uid), kind: SESSION_ENDED }]);
      },
    },
  };
}

/**
 * A fresh sign-in's token: the Shellcase user id and nothing else of the profile, the sign-in
 * time (the absolute lifetime counts from it; a password reset or disabling revokes sessions
 * signed in before it) and a session id (listed as revoked at sign-out).
 */
function newSessionToken(uid: number) {
  return { uid, sub: String(uid), signedInAt: Date.now(), sid: randomUUID() };
}

let cached: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  if (!cached) {
    const env = getWebEnv();
    // next-auth builds its redirect and callback URLs from NEXTAUTH_URL; without it, it would
    // assume http://localhost:3000. Unset, the app's URL is the one the request came to (its
    // Host / X-Forwarded-Host header), which is what a single-host deployment wants.
    if (!env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "true";
    cached = buildAuthOptions(env);
  }
  return cached;
}

/** Which sign-in methods the login page offers. */
export function signInMethods(): { password: true; entra: boolean } {
  return { password: true, entra: isEntraConfigured(getWebEnv()) };
}

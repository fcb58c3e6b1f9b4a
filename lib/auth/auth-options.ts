// next-auth configuration (v4, JWT sessions). App-only: imported by the auth route handler and
// lib/auth/session.ts. The token carries only the user id; the role is read from the database on
// every request (lib/auth/session.ts), so a demotion or a disabled account takes effect at once.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getPrisma } from "../db";
import { dummyHash, verifyPassword } from "./password";

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const email = String(credentials?.email ?? "")
          .trim()
          .toLowerCase();
        const password = String(credentials?.password ?? "");
        if (!email || !password) return null;
        const user = await getPrisma().user.findUnique({ where: { email } });
        // Verify against a dummy hash when there is no such user, so that timing does not tell.
        const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
        if (!user || !ok || user.disabled) return null;
        await getPrisma().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
        return { id: String(user.id), email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.uid = Number(user.id);
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "number") session.user.id = token.uid;
      return session;
    },
  },
};

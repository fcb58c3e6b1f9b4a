// next-auth's endpoints (sign-in, callback, sign-out, session, CSRF): lib/auth/auth-options.ts.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/auth-options";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(request: NextRequest, context: Context) {
  return NextAuth(request, context, getAuthOptions());
}

export { handler as GET, handler as POST };

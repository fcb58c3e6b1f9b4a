// The login page: email and password, and "Sign in with Microsoft" when Entra ID is configured.
// Already signed in, it goes straight to where the user was headed.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { LogoMark } from "@/components/ui/logo-mark";
import { signInMethods } from "@/lib/auth/auth-options";
import { safeCallbackPath } from "@/lib/auth/safe-callback-path";
import { getActor } from "@/lib/auth/session";
import { signInErrorMessage } from "@/lib/auth/sign-in-messages";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const params = await searchParams;
  const callbackPath = safeCallbackPath(params.callbackUrl);
  if (await getActor()) redirect(callbackPath);
  const error = signInErrorMessage(Array.isArray(params.error) ? params.error[0] : params.error);

  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-3 text-center">
          <LogoMark className="size-10" />
          <div>
            <h1 className="text-xl font-semibold tracking-tight text-slate-900">Sign in to Shellcase</h1>
            <p className="mt-1 text-sm text-slate-600">Web shell investigations for your SOC.</p>
          </div>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-xs">
          <LoginForm callbackPath={callbackPath} entra={signInMethods().entra} initialError={error} />
        </div>
        <p className="mt-4 text-center text-xs text-slate-500">
          No account? Ask a Shellcase admin to create one for you.
        </p>
      </div>
    </main>
  );
}

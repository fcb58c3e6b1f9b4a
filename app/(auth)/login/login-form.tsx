"use client";

import { signIn } from "next-auth/react";
import { useId, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { signInErrorMessage } from "@/lib/auth/sign-in-messages";

export function LoginForm({
  callbackPath,
  entra,
  initialError,
}: {
  /** Already sanitised by the page: a path on this site. */
  callbackPath: string;
  entra: boolean;
  initialError: string | null;
}) {
  const ids = useId();
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState<"password" | "entra" | null>(null);
  const password = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending("password");
    setError(null);
    try {
      const result = await signIn("credentials", {
        redirect: false,
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        callbackUrl: callbackPath,
      });
      if (result?.ok && !result.error) {
        // A full load, so that every server component renders with the new session.
        window.location.assign(callbackPath);
        return;
      }
      setError(signInErrorMessage(result?.error) ?? "Sign-in failed. Try again.");
    } catch {
      setError("Could not reach Shellcase. Check your connection and try again.");
    }
    setPending(null);
    if (password.current) {
      password.current.value = "";
      password.current.focus();
    }
  };

  return (
    <div className="space-y-5">
      {error && (
        <p
          role="alert"
          data-testid="login-error"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 ring-inset"
        >
          {error}
        </p>
      )}
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <div className="space-y-1.5">
          <Label htmlFor={`${ids}-email`}>Email</Label>
          <Input
            id={`${ids}-email`}
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            disabled={pending !== null}
          />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor={`${ids}-password`}>Password</Label>
          <Input
            ref={password}
            id={`${ids}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            disabled={pending !== null}
          />
        </div>
        <Button type="submit" variant="primary" className="w-full" disabled={pending !== null}>
          {pending === "password" ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {entra && (
        <>
          <div className="flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
            <span className="h-px flex-1 bg-slate-200" />
            or
            <span className="h-px flex-1 bg-slate-200" />
          </div>
          <Button
            className="w-full"
            disabled={pending !== null}
            onClick={() => {
              setPending("entra");
              void signIn("azure-ad", { callbackUrl: callbackPath });
            }}
          >
            <svg aria-hidden="true" viewBox="0 0 21 21" className="size-4">
              <rect x="1" y="1" width="9" height="9" fill="#f25022" />
              <rect x="11" y="1" width="9" height="9" fill="#7fba00" />
              <rect x="1" y="11" width="9" height="9" fill="#00a4ef" />
              <rect x="11" y="11" width="9" height="9" fill="#ffb900" />
            </svg>
            {pending === "entra" ? "Redirecting…" : "Sign in with Microsoft"}
          </Button>
        </>
      )}
    </div>
  );
}

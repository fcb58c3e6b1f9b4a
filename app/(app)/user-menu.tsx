"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { Role } from "@/lib/auth/roles";

const ROLE_LABEL: Record<Role, string> = { admin: "Admin", analyst: "Analyst", viewer: "Viewer" };

/** Who is signed in, with what role, and the way out. */
export function UserMenu({ name, email, role }: { name: string; email: string; role: Role }) {
  const [signingOut, setSigningOut] = useState(false);
  return (
    <div className="ml-auto flex items-center gap-3" data-testid="user-menu">
      <Link
        href="/profile"
        className="hidden rounded-md px-1 text-right leading-tight hover:bg-slate-100 sm:block"
        title={`${email}: your profile`}
      >
        <div className="text-sm font-medium text-slate-900" data-testid="user-name">
          {name}
        </div>
        <div className="text-xs text-slate-500" data-testid="user-role">
          {ROLE_LABEL[role]}
        </div>
      </Link>
      <Button
        size="sm"
        disabled={signingOut}
        onClick={() => {
          setSigningOut(true);
          void signOut({ callbackUrl: "/login" });
        }}
      >
        {signingOut ? "Signing out…" : "Sign out"}
      </Button>
    </div>
  );
}

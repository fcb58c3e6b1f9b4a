"use client";

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
      <div className="hidden text-right leading-tight sm:block" title={email}>
        <div className="text-sm font-medium text-slate-900" data-testid="user-name">
          {name}
        </div>
        <div className="text-xs text-slate-500" data-testid="user-role">
          {ROLE_LABEL[role]}
        </div>
      </div>
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

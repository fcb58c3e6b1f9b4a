"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/cx";
import { canAdminister, type Role } from "@/lib/auth/roles";

const LINKS: readonly { href: string; label: string; adminOnly?: boolean }[] = [
  { href: "/", label: "Overview" },
  { href: "/cases", label: "Cases" },
  { href: "/alerts", label: "Alerts" },
  { href: "/imports", label: "Imports" },
  { href: "/audit", label: "Audit", adminOnly: true },
];

function isCurrent(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** `role`: the signed-in user's; admin-only links are left out for everyone else. */
export function NavLinks({ role }: { role?: Role }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main">
      <ul className="flex items-center gap-1">
        {LINKS.filter((l) => !l.adminOnly || (role && canAdminister(role))).map(({ href, label }) => {
          const current = isCurrent(pathname, href);
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={cx(
                  "rounded-md px-3 py-1.5 text-sm font-medium transition-colors",
                  current ? "bg-slate-100 text-slate-900" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900",
                )}
              >
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

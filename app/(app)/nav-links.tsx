"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/cx";

const LINKS = [
  { href: "/", label: "Overview" },
  { href: "/cases", label: "Cases" },
  { href: "/alerts", label: "Alerts" },
  { href: "/attackers", label: "Attackers" },
  { href: "/imports", label: "Imports" },
];
// Shown to admins only (the layout passes the role; the page checks it again).
const ADMIN_LINKS = [
  { href: "/admin/users", label: "Users" },
  { href: "/admin/sources", label: "Sources" },
  { href: "/audit", label: "Audit" },
];

function isCurrent(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const links = isAdmin ? [...LINKS, ...ADMIN_LINKS] : LINKS;
  return (
    <nav aria-label="Main">
      <ul className="flex items-center gap-1">
        {links.map(({ href, label }) => {
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

// The signed-in area: every page an analyst uses sits under this layout.
import Link from "next/link";
import type { ReactNode } from "react";
import { getActor } from "@/lib/auth/session";
import { NavLinks } from "./nav-links";

export default async function AppLayout({ children }: { children: ReactNode }) {
  // SESSION CHECK GOES HERE. When authentication lands, read the session at this point and
  // redirect to /login when there is none, before anything below renders. Pages, server actions
  // and route handlers still check it themselves: a layout does not guard them.
  const actor = await getActor();

  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 font-medium text-slate-900 shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex h-12 max-w-screen-2xl items-center gap-6 px-4 lg:px-6">
          <Link href="/" className="flex items-center gap-2 rounded-md font-semibold tracking-tight text-slate-900">
            <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6">
              <rect width="24" height="24" rx="5" className="fill-slate-900" />
              <path
                d="M6.5 8.5 10 12l-3.5 3.5"
                fill="none"
                strokeWidth="2"
                strokeLinecap="round"
                strokeLinejoin="round"
                className="stroke-emerald-400"
              />
              <path d="M12 16h5.5" fill="none" strokeWidth="2" strokeLinecap="round" className="stroke-white" />
            </svg>
            <span className="text-[15px]">Shellcase</span>
          </Link>
          <NavLinks role={actor?.role} />
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-screen-2xl flex-1 px-4 py-6 lg:px-6">
        {children}
      </main>
    </div>
  );
}

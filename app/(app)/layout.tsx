// The signed-in area: every page an analyst uses sits under this layout. Without a session it
// redirects to /login?callbackUrl=<the page> before anything below renders. A layout does not
// guard what renders beside it, so pages call getCurrentActor() too (cached: one lookup), and
// server actions and route handlers check requireActor themselves.
import Link from "next/link";
import type { ReactNode } from "react";
import { LogoMark } from "@/components/ui/logo-mark";
import { canAdminister } from "@/lib/auth/roles";
import { countUnread } from "@/lib/notifications/find-notifications";
import { getCurrentActor } from "./current-actor";
import { HeaderSearch } from "./header-search";
import { LiveProvider } from "./live/live-provider";
import { NavLinks } from "./nav-links";
import { NotificationBell } from "./notification-bell";
import { UserMenu } from "./user-menu";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await getCurrentActor();
  const unread = await countUnread(actor.id);

  // One live stream per tab for the header (the bell) and the page below (live/live-provider.tsx).
  return (
    <LiveProvider>
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
              <LogoMark />
              <span className="text-[15px]">Shellcase</span>
            </Link>
            <NavLinks isAdmin={canAdminister(actor.role)} />
            <HeaderSearch />
            <NotificationBell userId={actor.id} initialUnread={unread} />
            <UserMenu name={actor.name} email={actor.email} role={actor.role} />
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-screen-2xl flex-1 px-4 py-6 lg:px-6">
          {children}
        </main>
      </div>
    </LiveProvider>
  );
}

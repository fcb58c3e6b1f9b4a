"use client";

import { useEffect, useRef } from "react";

/** Whether a key press belongs to something the user is typing in. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** The header's search box: a plain GET form to /search; `/` focuses it, Escape leaves it. */
export function HeaderSearch() {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      input.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return (
    <form method="get" action="/search" role="search" aria-label="Search everything" className="ml-auto">
      <input
        ref={input}
        name="q"
        type="search"
        maxLength={500}
        placeholder="Search  /"
        aria-label="Search IPs, CIDRs, user agents, paths, command lines, cases"
        autoComplete="off"
        spellCheck={false}
        data-testid="header-search"
        onKeyDown={(e) => {
          if (e.key === "Escape") e.currentTarget.blur();
        }}
        className="h-8 w-64 rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 placeholder:text-slate-400 focus:border-blue-500 focus:ring-2 focus:ring-blue-200 focus:outline-none"
      />
    </form>
  );
}

import type { ReactNode } from "react";

/** Inline code (a command, a field name); never wraps inside. */
export function Code({ children }: { children: ReactNode }) {
  return (
    <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs whitespace-nowrap text-slate-800">
      {children}
    </code>
  );
}

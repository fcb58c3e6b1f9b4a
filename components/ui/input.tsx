import type { ComponentProps, ReactNode } from "react";
import { cx } from "./cx";

const CONTROL =
  "block w-full rounded-md border-0 bg-white text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 " +
  "placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-blue-600 focus:outline-none " +
  "disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500";

/** `compact`: the height of a small button, for controls inside table rows. */
export function Input({ className, compact, ...props }: ComponentProps<"input"> & { compact?: boolean }) {
  return <input className={cx(CONTROL, compact ? "h-7 px-2 text-xs" : "h-9 px-3", className)} {...props} />;
}

export function Select({ className, compact, ...props }: ComponentProps<"select"> & { compact?: boolean }) {
  return <select className={cx(CONTROL, compact ? "h-7 pr-7 pl-2 text-xs" : "h-9 pr-8 pl-3", className)} {...props} />;
}

export function Label({ htmlFor, children }: { htmlFor: string; children: ReactNode }) {
  return (
    <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-800">
      {children}
    </label>
  );
}

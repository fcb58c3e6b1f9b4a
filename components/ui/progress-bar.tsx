import { cx } from "./cx";

/**
 * A native <progress> (announced by screen readers, no inline style, so the CSP needs no
 * 'unsafe-inline' for styles). Without a value it shows as indeterminate.
 */
export function ProgressBar({ value, label, className }: { value?: number; label: string; className?: string }) {
  return (
    <progress
      aria-label={label}
      max={1}
      value={value === undefined ? undefined : Math.min(1, Math.max(0, value))}
      className={cx(
        "block h-1.5 w-full appearance-none overflow-hidden rounded-full bg-slate-200",
        "[&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-blue-600 [&::-webkit-progress-value]:transition-all",
        "[&::-moz-progress-bar]:bg-blue-600",
        className,
      )}
    />
  );
}

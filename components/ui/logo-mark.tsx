import { cx } from "./cx";

/** The Shellcase mark: a prompt on a dark tile. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className={cx("size-6", className)}>
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
  );
}

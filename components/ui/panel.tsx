import type { ReactNode } from "react";
import { cx } from "./cx";

/** A bordered white section with an optional title bar. */
export function Panel({
  title,
  description,
  actions,
  children,
  className,
  bodyClassName,
  labelledBy,
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  bodyClassName?: string;
  /** id for the heading, so the section can be named by it. */
  labelledBy?: string;
}) {
  return (
    <section
      aria-labelledby={title ? labelledBy : undefined}
      className={cx("rounded-lg border border-slate-200 bg-white shadow-xs", className)}
    >
      {(title || actions) && (
        <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-2.5">
          <div className="min-w-0">
            {title && (
              <h2 id={labelledBy} className="text-sm font-semibold text-slate-900">
                {title}
              </h2>
            )}
            {description && <p className="mt-0.5 text-xs text-slate-500">{description}</p>}
          </div>
          {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
        </div>
      )}
      <div className={bodyClassName}>{children}</div>
    </section>
  );
}

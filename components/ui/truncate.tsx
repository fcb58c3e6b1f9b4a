import { cx } from "./cx";

/**
 * One line of text cut with an ellipsis when too long; the whole value is in the title (hover)
 * and in the DOM for copy and screen readers. Renders text only, never markup.
 */
export function Truncate({
  text,
  className,
  mono,
}: {
  text: string | null | undefined;
  className?: string;
  mono?: boolean;
}) {
  if (text == null || text === "") return <span className="text-slate-400">—</span>;
  return (
    <span title={text} className={cx("block truncate", mono && "font-mono text-xs", className)}>
      {text}
    </span>
  );
}

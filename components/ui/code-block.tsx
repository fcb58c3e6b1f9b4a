import { cx } from "./cx";

/**
 * A long literal value (command line, path, user agent) shown whole: monospace, wrapped anywhere,
 * selectable. Renders text only, never markup.
 */
export function CodeBlock({ text, className }: { text: string | null | undefined; className?: string }) {
  if (text == null || text === "") return <span className="text-slate-400">—</span>;
  return (
    <code
      className={cx(
        "block rounded-md border border-slate-200 bg-slate-50 px-2.5 py-1.5 font-mono text-xs break-all whitespace-pre-wrap text-slate-900",
        className,
      )}
    >
      {text}
    </code>
  );
}

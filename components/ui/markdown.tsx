// Markdown (notes, comments, conclusions) rendered to React elements: no raw HTML (an HTML tag in
// the text shows as text; rehype-raw is deliberately absent), links only to http(s) and mailto
// (markdown-url.ts) and never images, so text pasted from an attacker's request stays inert.
// A mention (`[@label](mention:<id>)`, lib/notifications/mentions.ts) shows the user's current
// name from `people`, or its label when the user is gone.
import ReactMarkdown, { type Components } from "react-markdown";
import { mentionTarget } from "@/lib/notifications/mentions";
import { cx } from "./cx";
import { safeMarkdownUrl } from "./markdown-url";

const componentsFor = (people: Record<number, string>): Components => ({
  a: ({ href, children }) => {
    const mentioned = mentionTarget(href);
    if (mentioned !== null) {
      return (
        <span
          data-testid="mention"
          data-user-id={mentioned}
          className="rounded bg-blue-50 px-0.5 font-medium text-blue-800"
        >
          {people[mentioned] !== undefined ? `@${people[mentioned]}` : children}
        </span>
      );
    }
    return href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-blue-700 underline">
        {children}
      </a>
    ) : (
      <span data-testid="neutralised-link">{children}</span>
    );
  },
  // An image would make the browser fetch whatever the author (or a pasted payload) chose.
  img: ({ alt }) => <span className="text-slate-500">[image{alt ? `: ${alt}` : ""}]</span>,
});

const keepUrl = (url: string, key: string) =>
  key !== "href" ? null : mentionTarget(url) !== null ? url : safeMarkdownUrl(url);

export function Markdown({
  text,
  className,
  people = {},
}: {
  text: string;
  className?: string;
  /** Names of the users the text may mention, by id. */
  people?: Record<number, string>;
}) {
  return (
    <div
      className={cx(
        "text-sm break-words text-slate-800",
        "[&_blockquote]:border-l-2 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600",
        "[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-xs",
        "[&_h1]:text-base [&_h1]:font-semibold [&_h2]:text-sm [&_h2]:font-semibold [&_h3]:font-semibold",
        "[&_li]:my-0.5 [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5",
        "[&_p]:my-1.5 [&>*:first-child]:mt-0 [&>*:last-child]:mb-0",
        "[&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-slate-50 [&_pre]:p-2 [&_pre]:whitespace-pre-wrap",
        "[&_table]:text-xs [&_td]:border [&_td]:border-slate-200 [&_td]:px-1.5 [&_th]:border [&_th]:border-slate-200 [&_th]:px-1.5",
        className,
      )}
    >
      <ReactMarkdown components={componentsFor(people)} urlTransform={keepUrl}>
        {text}
      </ReactMarkdown>
    </div>
  );
}

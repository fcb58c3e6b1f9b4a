import Link from "next/link";
import { buttonClasses } from "./button";
import { formatCount } from "./format";

/**
 * "1–50 of 1,234" with previous/next links. hrefFor builds the link for a page number, so the
 * caller keeps its other query parameters. A capped count (Page.countCapped) reads "of 10,000+";
 * it always reaches past the page shown, so Next stays enabled.
 */
export function Pagination({
  page,
  perPage,
  count,
  countCapped = false,
  hrefFor,
  noun,
}: {
  page: number;
  perPage: number;
  count: number;
  countCapped?: boolean;
  hrefFor: (page: number) => string;
  noun: string;
}) {
  const lastPage = Math.max(1, Math.ceil(count / perPage));
  const first = count === 0 ? 0 : Math.min(count, (page - 1) * perPage + 1);
  const last = Math.min(count, page * perPage);
  const disabled = "pointer-events-none opacity-40";
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-3 px-4 py-2.5 text-xs text-slate-600">
      <p className="tabular-nums">
        {count === 0 || first > count ? (
          `No ${noun} on this page`
        ) : (
          <>
            {formatCount(first)}–{formatCount(last)} of {formatCount(count)}
            {countCapped ? "+" : ""} {noun}
          </>
        )}
      </p>
      <div className="flex items-center gap-2">
        <span className="tabular-nums">
          Page {formatCount(page)} of {formatCount(lastPage)}
          {countCapped ? "+" : ""}
        </span>
        {page > 1 ? (
          <Link className={buttonClasses("secondary", "sm")} href={hrefFor(Math.min(page - 1, lastPage))} rel="prev">
            Previous
          </Link>
        ) : (
          <span aria-disabled="true" className={buttonClasses("secondary", "sm", disabled)}>
            Previous
          </span>
        )}
        {page < lastPage ? (
          <Link className={buttonClasses("secondary", "sm")} href={hrefFor(page + 1)} rel="next">
            Next
          </Link>
        ) : (
          <span aria-disabled="true" className={buttonClasses("secondary", "sm", disabled)}>
            Next
          </span>
        )}
      </div>
    </nav>
  );
}

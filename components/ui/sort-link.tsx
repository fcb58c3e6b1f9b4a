import Link from "next/link";
import { cx } from "./cx";

/**
 * A sortable column's header link: shows the current direction and flips it when the column is
 * already the sort. The caller builds the href (keeping its other query parameters).
 */
export function SortLink({
  label,
  active,
  dir,
  href,
}: {
  label: string;
  active: boolean;
  dir: "asc" | "desc";
  href: string;
}) {
  return (
    <Link
      href={href}
      className={cx("inline-flex items-center gap-1 rounded hover:text-slate-900", active && "text-slate-900")}
      aria-label={`Sort by ${label}${active ? (dir === "asc" ? ", now ascending" : ", now descending") : ""}`}
    >
      {label}
      <span aria-hidden="true" className={cx("text-[10px]", !active && "text-slate-300")}>
        {active ? (dir === "asc" ? "▲" : "▼") : "▼"}
      </span>
    </Link>
  );
}

/** aria-sort for a column header. */
export function ariaSort(active: boolean, dir: "asc" | "desc"): "ascending" | "descending" | undefined {
  return active ? (dir === "asc" ? "ascending" : "descending") : undefined;
}

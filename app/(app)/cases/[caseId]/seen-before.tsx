import Link from "next/link";
import { Truncate } from "@/components/ui/truncate";
import type { RelatedCase } from "@/lib/attackers/find-related-cases";
import type { CaseDetail } from "@/lib/cases/get-case-by-number";
import { CaseStatusBadge } from "../case-status-badge";

const LINK: Record<RelatedCase["link"], string> = {
  attacker: "same attacker",
  ip: "same IP, another user agent",
};

/** When an incident began: its shell's first use, else when the case was opened. */
const began = (c: { firstShellAccess: Date | null; createdAt: Date }) => (c.firstShellAccess ?? c.createdAt).getTime();

/**
 * "Seen before in CASE-…": the other incidents of this case's attackers (lib/attackers/
 * find-related-cases.ts), each with its host, shell and the attacker that links them; earlier
 * incidents first (by first shell access: cases open in enrichment order, not attack order).
 * Renders nothing when there are none.
 */
export function SeenBefore({ kase }: { kase: Pick<CaseDetail, "relatedCases" | "firstShellAccess" | "createdAt"> }) {
  const related = kase.relatedCases;
  if (!related.length) return null;
  const earlier = related.filter((r) => began(r) <= began(kase));
  const later = related.filter((r) => began(r) > began(kase));
  return (
    <section
      aria-labelledby="seen-before-title"
      className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3"
      data-testid="seen-before"
    >
      <h2 id="seen-before-title" className="text-sm font-semibold text-amber-950">
        {earlier.length ? "Seen before in " : "Seen again in "}
        {[...earlier, ...later].map((r, i) => (
          <span key={r.caseId}>
            {i > 0 && ", "}
            {r.number}
          </span>
        ))}
      </h2>
      <ul className="mt-2 space-y-2">
        {[...earlier, ...later].map((r) => (
          <li key={r.caseId} className="min-w-0 text-sm" data-testid="seen-before-case" data-link={r.link}>
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <Link
                href={`/cases/${encodeURIComponent(r.number)}`}
                className="rounded font-semibold text-blue-700 hover:underline"
              >
                {r.number}
              </Link>
              <CaseStatusBadge status={r.status} />
              <span className="text-slate-700">{r.hostName}</span>
              {r.site && <span className="text-slate-500">{r.site}</span>}
              <span className="text-xs text-slate-500">
                {began(r) > began(kase) ? "later" : "earlier"} · {LINK[r.link]}
              </span>
            </div>
            {r.shellLocation && <Truncate text={r.shellLocation} mono className="text-slate-800" />}
            <ul className="mt-0.5 space-y-0.5">
              {r.via.map((v) => (
                <li
                  key={`${v.link}:${v.id}:${v.ip}:${v.userAgent}`}
                  className="flex min-w-0 items-baseline gap-2 text-xs"
                >
                  <Link
                    href={`/attackers/${v.id}`}
                    className="shrink-0 rounded font-mono text-blue-700 hover:underline"
                  >
                    {v.ip || "(no client IP)"}
                  </Link>
                  <Truncate text={v.userAgent || "(no user agent)"} mono className="min-w-0 flex-1 text-slate-600" />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

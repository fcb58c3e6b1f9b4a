// Results of the header's search box, grouped by type. Every value shown is attacker-controlled
// or may be (user agents, command lines, paths): it is rendered as React text, the match wrapped
// in <mark> by splitting the string — never as HTML.
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import type { MatchedText } from "@/lib/search/highlight-match";
import { searchInputSchema } from "@/lib/search/parse-search-query";
import { searchEverything, type SearchGroup } from "@/lib/search/search-everything";
import { getCurrentActor } from "../current-actor";

export const metadata: Metadata = { title: "Search" };

function Matched({ match }: { match: MatchedText }) {
  const { text, start, end } = match;
  return (
    <span className="text-xs text-slate-600" data-testid="search-match">
      <span className="text-slate-500">{match.field}: </span>
      <span className="font-mono break-all">
        {match.cutStart && "…"}
        {text.slice(0, start)}
        {end > start && (
          <mark className="rounded-sm bg-yellow-200 px-0.5 text-slate-900">{text.slice(start, end)}</mark>
        )}
        {text.slice(end)}
        {match.cutEnd && "…"}
      </span>
    </span>
  );
}

function Group<T>({
  title,
  testId,
  group,
  render,
}: {
  title: string;
  testId: string;
  group: SearchGroup<T>;
  render: (item: T) => { key: string | number; href: string; label: ReactNode; match: MatchedText };
}) {
  return (
    <Panel title={`${title} (${group.items.length}${group.more ? "+" : ""})`} className="mb-4">
      <ul data-testid={testId} className="divide-y divide-slate-100">
        {group.items.map((item) => {
          const r = render(item);
          return (
            <li key={r.key} className="flex flex-col gap-0.5 px-4 py-2" data-testid="search-result">
              <Link href={r.href} className="text-sm font-medium text-blue-700 hover:underline">
                {r.label}
              </Link>
              <Matched match={r.match} />
            </li>
          );
        })}
        {group.items.length === 0 && <li className="px-4 py-2 text-sm text-slate-500">No match.</li>}
      </ul>
    </Panel>
  );
}

export default async function SearchPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  await getCurrentActor();
  const raw = await searchParams;
  const parsed = searchInputSchema.safeParse({ q: Array.isArray(raw.q) ? raw.q[0] : raw.q });
  const q = parsed.success ? parsed.data.q : "";
  const results = await searchEverything(q);
  const { query } = results;

  return (
    <>
      <PageHeader
        title="Search"
        description="An IP or a CIDR block (attackers' addresses), a case number, or any part of a user agent, URI or shell path, command line, host name or attacker label. Press / anywhere to search."
      />
      {!parsed.success ? (
        <EmptyState title="That search is too long">Search for at most 500 characters.</EmptyState>
      ) : query.kind === "empty" ? (
        <EmptyState title="Type something to search for" />
      ) : query.kind === "too-short" ? (
        <EmptyState title="Type at least 3 letters or digits in a row">
          A shorter fragment would match nearly everything.
        </EmptyState>
      ) : (
        <div data-testid="search-results" data-kind={query.kind}>
          <Group
            title="Cases"
            testId="search-cases"
            group={results.cases}
            render={(c) => ({
              key: c.number,
              href: `/cases/${c.number}`,
              label: `${c.number} · ${c.title}`,
              match: c.match,
            })}
          />
          <Group
            title="Alerts"
            testId="search-alerts"
            group={results.alerts}
            render={(a) => ({
              key: a.id,
              href: `/alerts/${a.id}`,
              label: `${a.displayName ?? "Alert"} · ${a.timeGenerated.toISOString().slice(0, 16).replace("T", " ")} UTC${a.caseNumber ? ` · ${a.caseNumber}` : ""}`,
              match: a.match,
            })}
          />
          <Group
            title="Findings"
            testId="search-findings"
            group={results.findings}
            render={(f) => ({
              key: f.id,
              href: f.caseNumber ? `/cases/${f.caseNumber}` : `/alerts/${f.alertId}`,
              label: `${f.hostName} ${f.shellLocation}${f.caseNumber ? ` · ${f.caseNumber}` : ""}`,
              match: f.match,
            })}
          />
          <Group
            title="Attackers"
            testId="search-attackers"
            group={results.attackers}
            render={(a) => ({
              key: a.id,
              href: `/attackers/${a.id}`,
              label: `${a.ip || "(no IP)"}${a.label ? ` · ${a.label}` : ""}`,
              match: a.match,
            })}
          />
        </div>
      )}
    </>
  );
}

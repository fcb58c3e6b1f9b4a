import { getCurrentActor } from "../current-actor";
import { FilterActions, INPUT_CLASS } from "@/components/ui/form-field";
import type { Metadata } from "next";
import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Panel } from "@/components/ui/panel";
import { attackerSearchSchema, findAttackers } from "@/lib/attackers/find-attackers";
import { AttackersTable } from "./attackers-table";

export const metadata: Metadata = { title: "Attackers" };

const PER_PAGE = 50;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export default async function AttackersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  await getCurrentActor();
  const raw = await searchParams;
  const parsed = attackerSearchSchema.safeParse({
    perPage: first(raw.perPage) ?? PER_PAGE,
    page: first(raw.page),
    q: first(raw.q),
    repeated: first(raw.repeated),
  });
  // A hand-edited query string shows the first page, unfiltered, rather than an error.
  const search = parsed.success ? parsed.data : { page: 1, perPage: PER_PAGE, q: undefined, repeated: undefined };
  const filtered = Boolean(search.q || search.repeated);
  const attackers = await findAttackers(search);
  const hrefFor = (page: number) => {
    const q = new URLSearchParams();
    if (search.q) q.set("q", search.q);
    if (search.repeated) q.set("repeated", "1");
    if (page > 1) q.set("page", String(page));
    if (search.perPage !== PER_PAGE) q.set("perPage", String(search.perPage));
    const s = q.toString();
    return s ? `/attackers?${s}` : "/attackers";
  };

  return (
    <>
      <PageHeader
        title="Attackers"
        description="One profile per attacker identity — client IP and user agent exactly as IIS logged them — across every case. Identities an analyst merged show as one profile. Times are UTC."
      />
      <Panel>
        <form
          method="get"
          action="/attackers"
          role="search"
          aria-label="Search attackers"
          className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3"
        >
          <div className="flex flex-col gap-1">
            <label htmlFor="attacker-q" className="text-xs font-medium text-slate-600">
              IP, user agent or label
            </label>
            <input
              id="attacker-q"
              key={search.q ?? ""}
              name="q"
              type="search"
              defaultValue={search.q ?? ""}
              maxLength={500}
              placeholder="198.51.100.7 or python-requests"
              autoComplete="off"
              spellCheck={false}
              className={`${INPUT_CLASS} w-80`}
            />
          </div>
          <label className="flex h-8 items-center gap-2 text-sm text-slate-700">
            <input
              key={String(search.repeated ?? false)}
              type="checkbox"
              name="repeated"
              value="1"
              defaultChecked={search.repeated ?? false}
              className="size-4 rounded border-slate-300"
            />
            Seen in more than one case
          </label>
          <FilterActions active={filtered} clearHref="/attackers" label="Search" />
        </form>
        {attackers.data.length > 0 ? (
          <AttackersTable attackers={attackers.data} />
        ) : attackers.count === 0 ? (
          filtered ? (
            <EmptyState title="No attacker matches" action={<ButtonLink href="/attackers">Clear search</ButtonLink>} />
          ) : (
            <EmptyState title="No attacker profiles yet">
              Enrichment creates a profile for every IP and user agent a confident finding names.
            </EmptyState>
          )
        ) : (
          <EmptyState
            title="This page is past the last profile"
            action={<ButtonLink href={hrefFor(1)}>First page</ButtonLink>}
          />
        )}
        <Pagination
          page={attackers.page}
          perPage={attackers.perPage}
          count={attackers.count}
          hrefFor={hrefFor}
          noun={filtered ? "matching profiles" : "profiles"}
        />
      </Panel>
    </>
  );
}

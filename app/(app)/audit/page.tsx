// The whole audit log, for admins: every change anyone (or the system) made, newest first,
// filtered by who and by action. Everyone else gets a 404: the page does not admit it exists.
import { AUDIT_ACTIONS } from "@/lib/audit/events";
import { Field, FilterActions, INPUT_CLASS } from "@/components/ui/form-field";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Panel } from "@/components/ui/panel";
import { auditFiltersSchema, findAuditEntries } from "@/lib/audit/find-audit-entries";
import { canAdminister } from "@/lib/auth/roles";
import { findAssignableUsers } from "@/lib/cases/find-assignable-users";
import { pageParamsSchema } from "@/lib/paging";
import { getCurrentActor } from "../current-actor";
import { AuditEntryLine } from "./audit-entry-line";

export const metadata: Metadata = { title: "Audit log" };

const PER_PAGE = 100;

// Every event the log records, each family first ("case." matches all of case.*).
const ACTIONS = [...new Set(AUDIT_ACTIONS.map((a) => a.slice(0, a.indexOf(".") + 1)))].flatMap((family) => [
  family,
  ...AUDIT_ACTIONS.filter((a) => a.startsWith(family)),
]);

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const actor = await getCurrentActor();
  if (!canAdminister(actor.role)) notFound();

  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, first(v)]));
  const page = pageParamsSchema.safeParse({ perPage: PER_PAGE, ...raw });
  const params = page.success ? page.data : { page: 1, perPage: PER_PAGE };
  const actorId = auditFiltersSchema.shape.actorId.safeParse(raw.actor).data;
  const action = auditFiltersSchema.shape.action.safeParse(raw.action).data;
  const [entries, users] = await Promise.all([findAuditEntries({ ...params, actorId, action }), findAssignableUsers()]);
  const hrefFor = (p: number) => {
    const q = new URLSearchParams();
    if (actorId) q.set("actor", String(actorId));
    if (action) q.set("action", action);
    if (p > 1) q.set("page", String(p));
    const s = q.toString();
    return s ? `/audit?${s}` : "/audit";
  };

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to cases, alerts, notes and tasks: who, what, when, before and after. Append-only: the database refuses to change or delete an entry. Times are UTC."
      />
      <Panel>
        <form
          method="get"
          action="/audit"
          role="search"
          aria-label="Filter the audit log"
          className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3"
        >
          <Field label="Who" htmlFor="audit-actor">
            <select id="audit-actor" name="actor" defaultValue={actorId ? String(actorId) : ""} className={INPUT_CLASS}>
              <option value="">Anyone</option>
              {users.data.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name || u.email}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Action" htmlFor="audit-action">
            <select id="audit-action" name="action" defaultValue={action ?? ""} className={INPUT_CLASS}>
              <option value="">Any action</option>
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a.endsWith(".") ? `${a}* (all)` : a}
                </option>
              ))}
            </select>
          </Field>
          <FilterActions active={!!(actorId || action)} clearHref="/audit" />
        </form>
        {entries.data.length === 0 ? (
          <EmptyState
            title={entries.count === 0 ? "No audit entry matches" : "This page is past the last entry"}
            action={<ButtonLink href="/audit">All entries</ButtonLink>}
          />
        ) : (
          <ol className="divide-y divide-slate-100" data-testid="audit-log">
            {entries.data.map((e) => (
              <li key={e.id} className="px-4 py-2">
                <AuditEntryLine entry={e} showCase />
              </li>
            ))}
          </ol>
        )}
        <Pagination
          page={entries.page}
          perPage={entries.perPage}
          count={entries.count}
          hrefFor={hrefFor}
          noun="entries"
        />
      </Panel>
    </>
  );
}

// The inbox: what others did that concerns me, newest first, unread ones marked. Opening one
// marks it read and goes to the case or import it is about.
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Panel } from "@/components/ui/panel";
import { UtcTime } from "@/components/ui/utc-time";
import { findNotifications } from "@/lib/notifications/find-notifications";
import { pageParamsSchema } from "@/lib/paging";
import { getCurrentActor } from "../current-actor";
import { ActionForm, SubmitButton } from "../action-form";
import { markAllReadAction, markReadAction, openNotificationAction } from "./actions";
import { KIND_LABEL } from "./kind-label";

export const metadata: Metadata = { title: "Notifications" };

const PER_PAGE = 50;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const raw = await searchParams;
  const query = pageParamsSchema.safeParse({ perPage: PER_PAGE, page: first(raw.page) });
  const params = query.success ? query.data : { page: 1, perPage: PER_PAGE };
  const unreadOnly = first(raw.unread) === "1";
  const actor = await getCurrentActor();
  const list = await findNotifications(actor.id, { ...params, unreadOnly });
  const hrefFor = (page: number) => {
    const q = new URLSearchParams();
    if (unreadOnly) q.set("unread", "1");
    if (page > 1) q.set("page", String(page));
    return `/notifications${q.size ? `?${q}` : ""}`;
  };

  return (
    <>
      <PageHeader
        title="Notifications"
        description="Mentions, cases and tasks given to you, changes to cases you own or watch, and your imports."
        actions={
          <ActionForm action={markAllReadAction} label="Mark all read" testId="mark-all-read">
            {({ pending }) => <SubmitButton pending={pending}>Mark all read</SubmitButton>}
          </ActionForm>
        }
      />
      <nav className="mb-3 flex gap-3 text-sm" aria-label="Which notifications">
        <Link
          href="/notifications"
          aria-current={!unreadOnly ? "page" : undefined}
          className={!unreadOnly ? "font-semibold" : "text-blue-700 hover:underline"}
        >
          All
        </Link>
        <Link
          href="/notifications?unread=1"
          aria-current={unreadOnly ? "page" : undefined}
          className={unreadOnly ? "font-semibold" : "text-blue-700 hover:underline"}
        >
          Unread
        </Link>
      </nav>
      <Panel>
        {list.data.length > 0 ? (
          <ul className="divide-y divide-slate-100" data-testid="notifications">
            {list.data.map((n) => (
              <li
                key={n.id}
                data-testid="notification"
                data-unread={n.readAt ? undefined : "true"}
                className={`flex items-start gap-3 px-4 py-2.5 ${n.readAt ? "" : "bg-blue-50/60"}`}
              >
                <span
                  aria-hidden
                  className={`mt-1.5 size-2 shrink-0 rounded-full ${n.readAt ? "bg-transparent" : "bg-blue-600"}`}
                />
                <div className="min-w-0 flex-1">
                  <ActionForm action={openNotificationAction} hidden={{ id: n.id }} label="Open">
                    {() => (
                      <button
                        type="submit"
                        className="text-left text-sm break-words text-slate-900 hover:underline"
                        data-testid="notification-open"
                      >
                        {n.summary}
                      </button>
                    )}
                  </ActionForm>
                  <p className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
                    <Badge>{KIND_LABEL[n.kind]}</Badge>
                    <UtcTime value={n.createdAt} />
                    {!n.readAt && <span className="sr-only">unread</span>}
                    {n.emailState === "sent" && <span>· emailed</span>}
                    {n.emailState === "failed" && <span className="text-red-700">· email failed</span>}
                  </p>
                </div>
                {!n.readAt && (
                  <ActionForm action={markReadAction} hidden={{ id: n.id }} label="Mark read">
                    {({ pending }) => (
                      <SubmitButton pending={pending} variant="ghost">
                        Mark read
                      </SubmitButton>
                    )}
                  </ActionForm>
                )}
              </li>
            ))}
          </ul>
        ) : list.count === 0 ? (
          <EmptyState title={unreadOnly ? "Nothing unread" : "No notifications yet"}>
            You are told here when someone mentions you, gives you a case or a task, changes a case you own or watch, or
            when an import you started ends.
          </EmptyState>
        ) : (
          <EmptyState title="This page is past the last notification" />
        )}
        <Pagination page={list.page} perPage={list.perPage} count={list.count} hrefFor={hrefFor} noun="notifications" />
      </Panel>
    </>
  );
}

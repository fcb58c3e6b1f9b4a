// Users (admins only): who can sign in, with what role; create, change role, disable or enable,
// reset a password. Every change is a server action that checks the admin role itself.
import type { Metadata } from "next";
import { connection } from "next/server";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Panel } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import { UtcTime } from "@/components/ui/utc-time";
import { canAdminister } from "@/lib/auth/roles";
import { pageParamsSchema } from "@/lib/paging";
import { findUsers } from "@/lib/users/find-users";
import { getCurrentActor } from "../../current-actor";
import { CreateUserForm } from "./create-user-form";
import { UserRowActions } from "./user-row-actions";

export const metadata: Metadata = { title: "Users" };

const PER_PAGE = 50;

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const actor = await getCurrentActor();
  if (!canAdminister(actor.role)) {
    return (
      <>
        <PageHeader title="Users" />
        <Panel>
          <p className="px-4 py-6 text-sm text-slate-700" data-testid="forbidden">
            Managing users needs the admin role; you are {actor.role}.
          </p>
        </Panel>
      </>
    );
  }
  const query = pageParamsSchema.safeParse({ ...(await searchParams), perPage: PER_PAGE });
  const users = await findUsers(query.success ? query.data : { page: 1, perPage: PER_PAGE });

  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in, and what they may do: viewers read, analysts work cases and import data, admins also manage users. A disabled user is signed out at their next request."
      />
      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Panel title="Users" labelledBy="users-title">
          <Table caption="Users">
            <colgroup>
              <col className="w-[34%]" />
              <col className="w-[10%]" />
              <col className="w-[14%]" />
              <col className="w-[16%]" />
              <col className="w-[26%]" />
            </colgroup>
            <thead>
              <tr>
                <Th>User</Th>
                <Th>Status</Th>
                <Th>Sign-in</Th>
                <Th>Last sign-in (UTC)</Th>
                <Th>Role and actions</Th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id} data-testid="user-row" data-email={user.email}>
                  <Td>
                    <div className="truncate font-medium text-slate-900">
                      {user.name}
                      {user.id === actor.id && <span className="ml-1.5 text-xs font-normal text-slate-500">(you)</span>}
                    </div>
                    <div className="truncate text-xs text-slate-500">{user.email}</div>
                  </Td>
                  <Td>{user.disabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}</Td>
                  <Td className="text-xs text-slate-600">
                    {[user.hasPassword && "password", user.entraLinked && "Microsoft"].filter(Boolean).join(", ") ||
                      "—"}
                  </Td>
                  <Td className="text-xs">
                    <UtcTime value={user.lastLoginAt} />
                  </Td>
                  <Td>
                    <UserRowActions
                      user={{ id: user.id, email: user.email, role: user.role, disabled: user.disabled }}
                    />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination
            page={users.page}
            perPage={users.perPage}
            count={users.count}
            hrefFor={(page) => `/admin/users?page=${page}`}
            noun="users"
          />
        </Panel>
        <Panel title="New user" labelledBy="new-user-title" description="They sign in with this password.">
          <CreateUserForm />
        </Panel>
      </div>
    </>
  );
}

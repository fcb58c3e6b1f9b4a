// The playbook checklist (lib/cases/playbook.ts): who does what, and what is done.
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";
import { UtcTime } from "@/components/ui/utc-time";
import type { AssignableUser } from "@/lib/cases/find-assignable-users";
import type { CaseDetail } from "@/lib/cases/get-case-by-number";
import { TaskControls } from "./task-row";

export function CaseTasks({
  tasks,
  users,
  editable,
}: {
  tasks: CaseDetail["tasks"];
  users: AssignableUser[];
  editable: boolean;
}) {
  const done = tasks.filter((t) => t.doneAt).length;
  return (
    <Panel title="Playbook" labelledBy="case-tasks" description={`${done} of ${tasks.length} done`}>
      {tasks.length === 0 ? (
        <EmptyState title="No playbook task" />
      ) : (
        <ol className="divide-y divide-slate-100" data-testid="case-tasks">
          {tasks.map((t) => (
            <li
              key={t.id}
              className="px-4 py-2 text-sm"
              data-testid="task"
              data-key={t.key}
              data-done={t.doneAt ? "true" : "false"}
            >
              {editable ? (
                <TaskControls
                  key={t.version}
                  task={{ id: t.id, version: t.version, title: t.title, done: !!t.doneAt, assignee: t.assignee }}
                  users={users}
                />
              ) : (
                <p className={t.doneAt ? "text-slate-500 line-through" : "text-slate-900"}>
                  <span aria-hidden="true">{t.doneAt ? "☑ " : "☐ "}</span>
                  {t.title}
                </p>
              )}
              <p className="mt-0.5 pl-6 text-xs text-slate-500">
                {t.assignee ? `Assigned to ${t.assignee.name || t.assignee.email}` : "Unassigned"}
                {t.doneAt && (
                  <>
                    {" · done by "}
                    {t.doneBy?.name || t.doneBy?.email || "a former user"} at <UtcTime value={t.doneAt} />
                  </>
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}

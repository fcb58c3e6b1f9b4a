"use client";
// One playbook task: done or not (a checkbox that saves at once), and who it is assigned to.
import { useState } from "react";
import type { AssignableUser } from "@/lib/cases/find-assignable-users";
import { ActionForm, SubmitButton } from "../../action-form";
import { assignTaskAction, completeTaskAction } from "../actions";
import { FIELD } from "./field-styles";

export function TaskControls({
  task,
  users,
}: {
  task: { id: number; version: number; title: string; done: boolean; assignee: AssignableUser | null };
  users: AssignableUser[];
}) {
  const [assignee, setAssignee] = useState(task.assignee ? String(task.assignee.id) : "");
  const options = task.assignee && !users.some((u) => u.id === task.assignee!.id) ? [task.assignee, ...users] : users;
  return (
    <div className="flex flex-wrap items-start justify-between gap-2">
      <ActionForm
        action={completeTaskAction}
        hidden={{ taskId: task.id, version: task.version, done: String(!task.done) }}
        label={`Complete task: ${task.title}`}
        className="min-w-0 flex-1"
      >
        {({ pending }) => (
          <label className="flex cursor-pointer items-start gap-2">
            <input
              type="checkbox"
              checked={task.done}
              disabled={pending}
              // Saves at once: a checkbox that needed a second click would be checked and unsaved.
              onChange={(e) => e.currentTarget.form?.requestSubmit()}
              className="mt-0.5 size-4 rounded border-slate-300"
            />
            <span className={task.done ? "text-slate-500 line-through" : "text-slate-900"}>{task.title}</span>
          </label>
        )}
      </ActionForm>
      <ActionForm
        action={assignTaskAction}
        hidden={{ taskId: task.id, version: task.version }}
        label={`Assign task: ${task.title}`}
      >
        {({ pending }) => (
          <div className="flex gap-1">
            <select
              name="assigneeId"
              aria-label={`Assignee of ${task.title}`}
              value={assignee}
              onChange={(e) => setAssignee(e.target.value)}
              className={`${FIELD} max-w-36 text-xs`}
            >
              <option value="">Nobody</option>
              {options.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name || u.email}
                </option>
              ))}
            </select>
            <SubmitButton pending={pending} disabled={assignee === (task.assignee ? String(task.assignee.id) : "")}>
              Assign
            </SubmitButton>
          </div>
        )}
      </ActionForm>
    </div>
  );
}

// Notes keep their edit history and answer only to their author (or an admin); playbook tasks
// are assigned and completed with versions; every change is audited with it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/roles";
import { addNote } from "../../lib/cases/add-note";
import { assignTask } from "../../lib/cases/assign-task";
import { completeTask } from "../../lib/cases/complete-task";
import { createCaseFromAlerts } from "../../lib/cases/create-case-from-alerts";
import { deleteNote } from "../../lib/cases/delete-note";
import { editNote } from "../../lib/cases/edit-note";
import { findCaseNotes } from "../../lib/cases/find-case-notes";
import { closeDb, getPrisma } from "../../lib/db";
import { AppError } from "../../lib/errors";
import { auditOf, makeAlert, makeUser } from "../support/case-factories";

let author: Actor;
let colleague: Actor;
let admin: Actor;
let viewer: Actor;

beforeAll(async () => {
  author = await makeUser("analyst");
  colleague = await makeUser("analyst");
  admin = await makeUser("admin");
  viewer = await makeUser("viewer");
});

afterAll(async () => {
  await closeDb();
});

async function newCase() {
  const alert = await makeAlert();
  return createCaseFromAlerts(author, { alertIds: [alert.id] });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("notes", () => {
  it("keeps every previous body as a revision and audits each edit", async () => {
    const { id } = await newCase();
    const { id: noteId } = await addNote(author, { caseId: id, kind: "note", body: "First **draft**" });
    const v2 = await editNote(author, { noteId, version: 1, body: "Second draft" });
    const v3 = await editNote(admin, { noteId, version: v2.version, body: "Third, by an admin" });
    expect(v3.version).toBe(3);

    const { data } = await findCaseNotes({ caseId: id });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ body: "Third, by an admin", version: 3, kind: "note", authorId: author.id });
    expect(data[0]!.revisions.map((r) => [r.version, r.body, r.editedBy?.id])).toEqual([
      [2, "Second draft", admin.id],
      [1, "First **draft**", author.id],
    ]);
    const audit = (await auditOf(id)).filter((a) => a.entityType === "note");
    expect(audit.map((a) => a.action)).toEqual(["note.create", "note.edit", "note.edit"]);
    expect(audit[1]!.before).toEqual({ body: "First **draft**", version: 1 });
    expect(audit[1]!.after).toEqual({ body: "Second draft", version: 2 });
  });

  it("lets only the author or an admin edit or delete a note", async () => {
    const { id } = await newCase();
    const { id: noteId } = await addNote(author, { caseId: id, body: "Mine" });
    const err = await rejection(editNote(colleague, { noteId, version: 1, body: "Not yours" }));
    expect(err.code).toBe("forbidden");
    expect((await rejection(deleteNote(colleague, { noteId, version: 1 }))).code).toBe("forbidden");
    expect((await rejection(addNote(viewer, { caseId: id, body: "hi" }))).code).toBe("forbidden");
    const note = await getPrisma().caseNote.findUniqueOrThrow({ where: { id: noteId } });
    expect(note).toMatchObject({ body: "Mine", version: 1, deletedAt: null });
    expect(await getPrisma().caseNoteRevision.count({ where: { noteId } })).toBe(0);
  });

  it("answers an edit of a stale version with a conflict and keeps the newer text", async () => {
    const { id } = await newCase();
    const { id: noteId } = await addNote(author, { caseId: id, body: "v1" });
    await editNote(admin, { noteId, version: 1, body: "v2 by admin" });
    const err = await rejection(editNote(author, { noteId, version: 1, body: "v2 by author" }));
    expect(err.code).toBe("conflict");
    expect(err.message).toMatch(/^Someone else changed this note/);
    expect((await getPrisma().caseNote.findUniqueOrThrow({ where: { id: noteId } })).body).toBe("v2 by admin");
  });

  it("deletes softly: gone from the case, text kept in the audit log", async () => {
    const { id } = await newCase();
    const { id: noteId } = await addNote(author, { caseId: id, body: "Delete me" });
    await deleteNote(author, { noteId, version: 1 });
    expect((await findCaseNotes({ caseId: id })).count).toBe(0);
    expect((await getPrisma().caseNote.findUniqueOrThrow({ where: { id: noteId } })).deletedAt).toBeInstanceOf(Date);
    const entry = (await auditOf(id)).at(-1)!;
    expect(entry).toMatchObject({ action: "note.delete", entityId: String(noteId) });
    expect(entry.before).toEqual({ kind: "comment", body: "Delete me" });
    expect((await rejection(editNote(author, { noteId, version: 2, body: "back" }))).code).toBe("not_found");
  });

  it("refuses an empty body", async () => {
    const { id } = await newCase();
    await expect(addNote(author, { caseId: id, body: "  \n " })).rejects.toThrow(/body: write something/);
    expect(await getPrisma().caseNote.count({ where: { caseId: id } })).toBe(0);
  });
});

describe("playbook tasks", () => {
  it("assigns, completes and un-completes a task, auditing each with the task's key", async () => {
    const { id } = await newCase();
    const task = await getPrisma().caseTask.findFirstOrThrow({ where: { caseId: id, key: "contain" } });
    let { version } = await assignTask(author, { taskId: task.id, version: task.version, assigneeId: colleague.id });
    ({ version } = await completeTask(colleague, { taskId: task.id, version, done: true }));
    const done = await getPrisma().caseTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(done).toMatchObject({ assigneeId: colleague.id, doneById: colleague.id, version: 3 });
    expect(done.doneAt).toBeInstanceOf(Date);
    await completeTask(author, { taskId: task.id, version, done: false });
    expect(await getPrisma().caseTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      doneAt: null,
      doneById: null,
      version: 4,
    });
    const audit = (await auditOf(id)).filter((a) => a.entityType === "task");
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["task.assign", author.id],
      ["task.complete", colleague.id],
      ["task.uncomplete", author.id],
    ]);
    expect(audit[0]!.after).toMatchObject({ key: "contain", assignee: { id: colleague.id } });
  });

  it("answers a stale task version with a conflict and changes nothing", async () => {
    const { id } = await newCase();
    const task = await getPrisma().caseTask.findFirstOrThrow({ where: { caseId: id, key: "confirm-shell" } });
    await completeTask(colleague, { taskId: task.id, version: 1, done: true });
    const err = await rejection(assignTask(author, { taskId: task.id, version: 1, assigneeId: author.id }));
    expect(err.code).toBe("conflict");
    expect(err.message).toMatch(/^Someone else changed this task: assignee is now unassigned/);
    expect((await getPrisma().caseTask.findUniqueOrThrow({ where: { id: task.id } })).assigneeId).toBeNull();
  });

  it("refuses a viewer and a viewer as assignee", async () => {
    const { id } = await newCase();
    const task = await getPrisma().caseTask.findFirstOrThrow({ where: { caseId: id, key: "close" } });
    expect((await rejection(completeTask(viewer, { taskId: task.id, version: 1, done: true }))).code).toBe("forbidden");
    expect((await rejection(assignTask(author, { taskId: task.id, version: 1, assigneeId: viewer.id }))).code).toBe(
      "bad_request",
    );
    expect((await getPrisma().caseTask.findUniqueOrThrow({ where: { id: task.id } })).version).toBe(1);
  });
});

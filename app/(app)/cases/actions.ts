"use server";
// The case page's server actions. Each is public to anyone who can reach the app: formAction
// checks the session and role before anything else, parses the form with zod, and the domain
// function (lib/cases) checks the role again and scopes its write.
import { z } from "zod";
import { addNote } from "@/lib/cases/add-note";
import { assignTask } from "@/lib/cases/assign-task";
import { CASE_SEVERITIES } from "@/lib/cases/case-severity";
import { changeCaseStatus } from "@/lib/cases/change-case-status";
import { completeTask } from "@/lib/cases/complete-task";
import { deleteNote } from "@/lib/cases/delete-note";
import { editNote } from "@/lib/cases/edit-note";
import { unwatchCase } from "@/lib/cases/unwatch-case";
import { updateCase } from "@/lib/cases/update-case";
import { watchCase } from "@/lib/cases/watch-case";
import { CaseClassification, CaseStatus, NoteKind } from "@/lib/generated/prisma/enums";
import { formAction } from "../form-action";

const id = z.coerce.number().int().positive();
/** "" from a select's "nobody"/"none" option means null. */
const optionalId = z.preprocess((v) => (v === "" ? null : v), id.nullable());
const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

export const changeCaseStatusAction = formAction(
  "analyst",
  z.object({
    caseId: id,
    version: id,
    to: z.enum(CaseStatus),
    classification: z.preprocess(blankToNull, z.enum(CaseClassification).nullish()),
    conclusion: z.string().max(20_000).optional(),
  }),
  async (actor, input) => {
    const { status } = await changeCaseStatus(actor, input);
    return { message: `Moved to ${status}.` };
  },
);

export const updateCaseAction = formAction(
  "analyst",
  z.object({
    caseId: id,
    version: id,
    title: z.string().optional(),
    severity: z.preprocess(blankToNull, z.enum(CASE_SEVERITIES).nullable().optional()),
    ownerId: optionalId.optional(),
    // Tags arrive as repeated "tags[]" fields; a form with "tagsPresent" and no tag clears them.
    "tags[]": z.array(z.string()).optional(),
    tagsPresent: z.string().optional(),
  }),
  async (actor, { "tags[]": tags, tagsPresent, severity, ...input }) => {
    await updateCase(actor, { ...input, severity, tags: tags ?? (tagsPresent !== undefined ? [] : undefined) });
    return { message: "Saved." };
  },
);

export const watchCaseAction = formAction("analyst", z.object({ caseId: id }), async (actor, input) => {
  await watchCase(actor, input);
  return { message: "You are watching this case." };
});

export const unwatchCaseAction = formAction("analyst", z.object({ caseId: id }), async (actor, input) => {
  await unwatchCase(actor, input);
  return { message: "You no longer watch this case." };
});

export const addNoteAction = formAction(
  "analyst",
  z.object({ caseId: id, kind: z.enum(NoteKind).default("comment"), body: z.string() }),
  async (actor, input) => {
    await addNote(actor, input);
    return { message: input.kind === "note" ? "Note added." : "Comment added." };
  },
);

export const editNoteAction = formAction(
  "analyst",
  z.object({ noteId: id, version: id, body: z.string() }),
  async (actor, input) => {
    await editNote(actor, input);
    return { message: "Saved." };
  },
);

export const deleteNoteAction = formAction("analyst", z.object({ noteId: id, version: id }), async (actor, input) => {
  await deleteNote(actor, input);
  return { message: "Deleted." };
});

export const assignTaskAction = formAction(
  "analyst",
  z.object({ taskId: id, version: id, assigneeId: optionalId }),
  async (actor, input) => {
    await assignTask(actor, input);
    return { message: "Assigned." };
  },
);

export const completeTaskAction = formAction(
  "analyst",
  z.object({ taskId: id, version: id, done: z.enum(["true", "false"]).transform((v) => v === "true") }),
  async (actor, input) => {
    await completeTask(actor, input);
    return { message: input.done ? "Done." : "Marked not done." };
  },
);

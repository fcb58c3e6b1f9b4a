// Edits a case's title, severity, tags or owner. Optimistic concurrency: the write is scoped to
// the version the caller read, so a save made from a stale page changes nothing and answers
// with what the field is now (ConflictError). One audit entry per field that changed, in the
// same transaction. The new owner is told the case is theirs; the owner and watchers hear of a
// new owner or severity (a title or tags change tells no one).
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import type { AuditEvent } from "../audit/events";
import { transact } from "../transact";
import { caseTopic } from "../live/events";
import { notify, type Notice } from "../notifications/notify";
import { caseAudience, casePath } from "../notifications/case-audience";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { caseConflict, type CaseField } from "./case-conflict";
import { CASE_SEVERITIES } from "./case-severity";

export const caseTagSchema = z
  .string()
  .trim()
  .min(1, "a tag cannot be empty")
  .max(40, "a tag is at most 40 characters")
  .regex(/^[^\p{Cc},]+$/u, "a tag cannot hold commas or control characters");

export const updateCaseSchema = z
  .object({
    caseId: z.number().int().positive(),
    version: z.number().int().positive(),
    title: z.string().trim().min(1, "the title cannot be empty").max(200).optional(),
    severity: z.enum(CASE_SEVERITIES).nullable().optional(),
    tags: z
      .array(caseTagSchema)
      .max(20, "at most 20 tags")
      .transform((tags) => [...new Set(tags)])
      .optional(),
    ownerId: z.number().int().positive().nullable().optional(),
  })
  .refine((v) => v.title !== undefined || v.severity !== undefined || v.tags !== undefined || v.ownerId !== undefined, {
    message: "nothing to change",
  });

export type UpdateCaseInput = z.input<typeof updateCaseSchema>;

const userLabel = (u: { id: number; name: string; email: string } | null) =>
  u ? { id: u.id, name: u.name, email: u.email } : null;

export async function updateCase(actor: Actor, input: UpdateCaseInput): Promise<{ version: number }> {
  requireRole(actor, "analyst");
  const { caseId, version, ...wanted } = parseInput(updateCaseSchema, input);
  const field: CaseField =
    wanted.ownerId !== undefined
      ? "owner"
      : wanted.severity !== undefined
        ? "severity"
        : wanted.tags !== undefined
          ? "tags"
          : "title";

  return transact(async (tx, after) => {
    const before = await tx.case.findUnique({
      where: { id: caseId },
      select: {
        version: true,
        title: true,
        severity: true,
        tags: true,
        ownerId: true,
        owner: { select: { id: true, name: true, email: true } },
      },
    });
    if (!before) throw new AppError("not_found", "No such case.");
    if (before.version !== version) throw await caseConflict(tx, caseId, field);

    let newOwner: { id: number; name: string; email: string } | null = null;
    if (wanted.ownerId != null && wanted.ownerId !== before.ownerId) {
      // Only someone who can work the case may own it.
      newOwner = await tx.user.findFirst({
        where: { id: wanted.ownerId, disabled: false, role: { in: ["analyst", "admin"] } },
        select: { id: true, name: true, email: true },
      });
      if (!newOwner) throw new AppError("bad_request", "ownerId: no active analyst or admin has this id.");
    }

    const data: Prisma.CaseUncheckedUpdateManyInput = {};
    const entries: AuditEvent[] = [];
    const on = { actor, caseId, entityType: "case", entityId: caseId } as const;
    if (wanted.title !== undefined && wanted.title !== before.title) {
      data.title = wanted.title;
      entries.push({ ...on, action: "case.title", before: before.title, after: wanted.title });
    }
    if (wanted.severity !== undefined && wanted.severity !== before.severity) {
      data.severity = wanted.severity;
      entries.push({ ...on, action: "case.severity", before: before.severity, after: wanted.severity });
    }
    if (wanted.tags !== undefined && wanted.tags.join("\u0000") !== before.tags.join("\u0000")) {
      data.tags = wanted.tags;
      entries.push({ ...on, action: "case.tags", before: before.tags, after: wanted.tags });
    }
    if (wanted.ownerId !== undefined && wanted.ownerId !== before.ownerId) {
      data.ownerId = wanted.ownerId;
      entries.push({ ...on, action: "case.owner", before: userLabel(before.owner), after: userLabel(newOwner) });
    }
    if (entries.length === 0) return { version };

    // The scope is in the write: a concurrent save that committed first bumped the version.
    const { count } = await tx.case.updateMany({
      where: { id: caseId, version },
      data: { ...data, version: { increment: 1 } },
    });
    if (count === 0) throw await caseConflict(tx, caseId, field);
    for (const e of entries) {
      await recordAudit(tx, e);
    }
    // The audience as it was before the change: the previous owner hears that it moved.
    const audience = await caseAudience(tx, caseId);
    const audienceIds = [...new Set([...(before.ownerId ? [before.ownerId] : []), ...audience.userIds])];
    const link = casePath(audience.number);
    const notices: Notice[] = [];
    if (newOwner) {
      notices.push({
        userId: newOwner.id,
        kind: "case_assigned",
        summary: `${actor.name} assigned ${audience.number} to you: ${audience.title}`,
        link,
      });
    }
    if (data.ownerId !== undefined) {
      const to = newOwner ? newOwner.name : "nobody";
      for (const userId of audienceIds) {
        notices.push({ userId, kind: "case_owner", summary: `${actor.name} gave ${audience.number} to ${to}`, link });
      }
    }
    if (data.severity !== undefined) {
      const to = data.severity ?? "none";
      for (const userId of audienceIds) {
        notices.push({
          userId,
          kind: "case_severity",
          summary: `${actor.name} set the severity of ${audience.number} to ${to}`,
          link,
        });
      }
    }
    await notify(tx, after, { actorId: actor.id, caseId }, notices);
    after.live(caseTopic(caseId), "case.changed");
    after.live("cases", "case.changed");
    return { version: version + 1 };
  });
}

import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ConflictError } from "@/lib/cases/conflict-error";
import { AppError } from "@/lib/errors";
import { actionFailure, INTERNAL_ACTION_MESSAGE, invalidForm } from "./action-failure";

afterEach(() => vi.restoreAllMocks());

describe("invalidForm", () => {
  it("names every refused field in the message and keeps each field's first problem", () => {
    const schema = z.object({
      ip: z.string().min(1, "give the attacker's IP").max(3, "too long"),
      caseId: z.coerce.number({ message: "must be a number" }),
    });
    const result = invalidForm(schema.safeParse({ ip: "", caseId: "x" }).error!);
    expect(result).toMatchObject({
      status: "error",
      code: "bad_request",
      message: "ip: give the attacker's IP; caseId: must be a number",
      fieldErrors: { ip: "give the attacker's IP", caseId: "must be a number" },
    });
  });

  it("keeps a problem of the whole form in the message only", () => {
    const schema = z.object({ a: z.string() }).refine(() => false, "change one thing at a time");
    const result = invalidForm(schema.safeParse({ a: "x" }).error!);
    expect(result).toMatchObject({ message: "change one thing at a time", fieldErrors: {} });
  });
});

describe("actionFailure", () => {
  it("answers an AppError with its code and message", () => {
    expect(actionFailure(new AppError("forbidden", "This needs the analyst role; you are viewer."))).toMatchObject({
      status: "error",
      code: "forbidden",
      message: "This needs the analyst role; you are viewer.",
      fieldErrors: {},
    });
  });

  it("answers a lost save with a conflict carrying the field's value now", () => {
    const current = {
      entity: "case" as const,
      field: "severity",
      value: "Low",
      version: 4,
      changedBy: null,
      changedAt: null,
    };
    expect(actionFailure(new ConflictError(current))).toMatchObject({
      status: "conflict",
      message: "Someone else changed this case: severity is now Low. Reload to see it.",
      current,
    });
    expect(actionFailure(new AppError("conflict", "Someone else moved one of these alerts meanwhile."))).toEqual({
      status: "conflict",
      message: "Someone else moved one of these alerts meanwhile.",
      current: undefined,
      at: expect.any(Number),
    });
  });

  it("answers anything else generically and logs it with its stack", () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const result = actionFailure(new Error('duplicate key value violates unique constraint "users_email_key"'));
    expect(result).toMatchObject({ status: "error", code: "internal", message: INTERNAL_ACTION_MESSAGE });
    expect(JSON.stringify(result)).not.toContain("users_email_key");
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.message === "server action failed");
    expect(logged.error).toContain("users_email_key");
    expect(logged.stack).toMatch(/action-failure\.test\.ts/);
  });
});

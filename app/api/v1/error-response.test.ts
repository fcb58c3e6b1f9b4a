import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ConflictError } from "@/lib/cases/conflict-error";
import { AppError, HTTP_STATUS, type AppErrorCode } from "@/lib/errors";
import { INTERNAL_ERROR_MESSAGE, toErrorResponse } from "./error-response";

afterEach(() => vi.restoreAllMocks());

describe("toErrorResponse", () => {
  it.each(Object.entries(HTTP_STATUS) as [AppErrorCode, number][])(
    "answers AppError %s with %i and its message",
    async (code, status) => {
      const res = toErrorResponse(new AppError(code, `the ${code} message`), {});
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error: { code, message: `the ${code} message` } });
    },
  );

  it("answers a case conflict with 409 and the field's value and version now", async () => {
    const current = {
      entity: "case" as const,
      field: "severity",
      value: "High",
      version: 7,
      changedBy: "ana@example.test",
      changedAt: "2026-12-04T10:00:00.000Z",
    };
    const res = toErrorResponse(new ConflictError(current), {});
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error.code).toBe("conflict");
    expect(body.error.message).toMatch(/^Someone else changed this case: severity is now High/);
    expect(body.current).toEqual(current);
  });

  it("answers a zod error with 400 naming the field", async () => {
    const parsed = z.object({ kind: z.enum(["a", "b"], { message: "must be a or b" }) }).safeParse({ kind: "c" });
    const res = toErrorResponse(parsed.error, {});
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "bad_request", message: "kind: must be a or b" } });
  });

  it("answers anything else with a generic 500 and logs the error with its stack and context", async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const res = toErrorResponse(new Error("relation secret_table does not exist"), { route: "GET /x" });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: INTERNAL_ERROR_MESSAGE } });
    expect(text).not.toMatch(/secret_table|at /);
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.message === "request failed");
    expect(logged).toMatchObject({ level: "error", route: "GET /x", error: "relation secret_table does not exist" });
    expect(logged.stack).toMatch(/error-response\.test\.ts/);
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { readJsonBody, readParams, readQuery } from "./request-input";

const idSchema = z.object({ id: z.coerce.number({ message: "must be a number" }).int().positive() });

async function refusal(run: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("readParams", () => {
  it("parses the path's segments", () => {
    expect(readParams(idSchema, { id: "42" })).toEqual({ id: 42 });
  });
  it("refuses a bad one naming it", async () => {
    expect(await refusal(() => readParams(idSchema, { id: "x" }))).toEqual({
      code: "bad_request",
      message: "id: must be a number",
    });
  });
});

describe("readQuery", () => {
  const schema = z.object({ page: z.coerce.number().int().min(1, "must be 1 or more").default(1) });
  it("parses the query string, with defaults for what is absent", () => {
    expect(readQuery(schema, new Request("http://h/api?page=3"))).toEqual({ page: 3 });
    expect(readQuery(schema, new Request("http://h/api"))).toEqual({ page: 1 });
  });
  it("refuses a bad parameter naming it", async () => {
    expect(await refusal(() => readQuery(schema, new Request("http://h/api?page=0")))).toEqual({
      code: "bad_request",
      message: "page: must be 1 or more",
    });
  });
});

describe("readJsonBody", () => {
  const schema = z.object({ version: z.number({ message: "must be a number" }), title: z.string().optional() });
  const post = (body: string, type = "application/json") =>
    new Request("http://h/api", { method: "PATCH", body, headers: { "content-type": type } });

  it("parses a JSON body", async () => {
    expect(await readJsonBody(schema, post('{"version":3,"title":"t"}', "application/json; charset=utf-8"))).toEqual({
      version: 3,
      title: "t",
    });
  });
  it("refuses another content type, broken JSON and a bad field, each saying which", async () => {
    expect(await refusal(() => readJsonBody(schema, post('{"version":3}', "text/plain")))).toEqual({
      code: "bad_request",
      message: "Send the body as application/json.",
    });
    expect(await refusal(() => readJsonBody(schema, post('{"version":')))).toEqual({
      code: "bad_request",
      message: "The body is not valid JSON.",
    });
    expect(await refusal(() => readJsonBody(schema, post('{"version":"3"}')))).toEqual({
      code: "bad_request",
      message: "version: must be a number",
    });
  });
});

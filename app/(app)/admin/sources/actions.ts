"use server";
// The Data sources pages' changes. Each is a public endpoint: formAction checks for an admin
// session first, then validates the form with the same zod schemas lib/sentinel/sources uses
// (refused fields are named and marked), then calls lib/sentinel/sources, which checks the role
// again and writes the audit entry. The secret field is write-only: empty keeps the stored one.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { createSource } from "@/lib/sentinel/sources/create-source";
import { deleteSource } from "@/lib/sentinel/sources/delete-source";
import { createSourceSchema, sourceIdSchema, updateSourceSchema } from "@/lib/sentinel/sources/source-input";
import { testConnection, testSource, type SourceTestResult } from "@/lib/sentinel/sources/test-source";
import { updateSource } from "@/lib/sentinel/sources/update-source";
import { formAction } from "../../form-action";

/** A checkbox sends "true" when ticked and nothing when not. */
function fromForm(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  const f = v as Record<string, unknown>;
  return { ...f, incidentSync: f.incidentSync === "true", enabled: f.enabled === "true" };
}

// The new-source form has two submit buttons: "Add source" and "Test these settings" (intent=test).
const createFormSchema = z.preprocess(
  fromForm,
  z.intersection(z.object({ intent: z.enum(["save", "test"]).default("save") }), createSourceSchema),
);
const updateFormSchema = z.preprocess(
  fromForm,
  z.intersection(z.object({ sourceId: sourceIdSchema }), updateSourceSchema),
);
const sourceRefSchema = z.object({ sourceId: sourceIdSchema });

function describeTest(result: SourceTestResult): string {
  if (!result.ok) throw new AppError("unavailable", `Connection failed — ${result.message}`);
  const has = (t: boolean) => (t ? "has rows" : "no rows in the last 24 hours");
  return `Connected. SecurityAlert: ${has(result.tables.SecurityAlert)}; W3CIISLog: ${has(result.tables.W3CIISLog)}.`;
}

export const createSourceAction = formAction("admin", createFormSchema, async (actor, { intent, ...input }) => {
  if (intent === "test") return { message: describeTest(await testConnection(actor, input)) };
  const source = await createSource(actor, input);
  return { message: `Added ${source.name}.`, redirectTo: `/admin/sources/${source.id}?added=1` };
});

export const updateSourceAction = formAction("admin", updateFormSchema, async (actor, { sourceId, ...input }) => {
  const source = await updateSource(actor, sourceId, input);
  return { message: `Saved ${source.name}.` };
});

export const deleteSourceAction = formAction("admin", sourceRefSchema, async (actor, { sourceId }) => {
  await deleteSource(actor, sourceId);
  return { message: "Deleted.", redirectTo: "/admin/sources" };
});

export const testSourceAction = formAction("admin", sourceRefSchema, async (actor, { sourceId }) => {
  return { message: describeTest(await testSource(actor, sourceId)) };
});

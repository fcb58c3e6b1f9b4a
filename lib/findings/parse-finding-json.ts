// The JSON columns of a finding (installedVia, attackers, evidence), read back into types. The
// enrichment writes them (lib/findings/save-finding.ts); parsing here rather than casting means a
// row written by an older version, or edited by hand, shows what it can instead of breaking a
// page. Values stay exactly as logged: nothing is decoded or normalised.
import { z } from "zod";

const text = z.string().nullable().catch(null);

const installedViaSchema = z.object({
  time: z.string(),
  method: text,
  uri: z.string(),
  ip: text,
  userAgent: text,
});

const attackerSchema = z.object({ ip: text, userAgent: text });

const evidenceSchema = z.object({
  batchId: z.number().int().nullable().catch(null),
  line: z.number().int().nullable().catch(null),
  time: z.string(),
  site: text,
  method: text,
  uri: z.string(),
  query: text,
  ip: text,
  userAgent: text,
  status: z.number().int().nullable().catch(null),
});

export type InstalledVia = z.infer<typeof installedViaSchema>;
export type Attacker = z.infer<typeof attackerSchema>;
export type EvidenceLine = z.infer<typeof evidenceSchema>;

/** Items of a JSON array that fit the schema; anything else is left out. */
function arrayOf<T>(schema: z.ZodType<T>, value: unknown): T[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

export function parseFindingJson(finding: { installedVia: unknown; attackers: unknown; evidence: unknown }): {
  installedVia: InstalledVia | null;
  attackers: Attacker[];
  evidence: EvidenceLine[];
} {
  const via = installedViaSchema.safeParse(finding.installedVia);
  return {
    installedVia: via.success ? via.data : null,
    attackers: arrayOf(attackerSchema, finding.attackers),
    evidence: arrayOf(evidenceSchema, finding.evidence),
  };
}

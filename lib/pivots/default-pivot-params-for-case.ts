// The pivot an analyst runs first on a case: anchored at the earliest first shell access any of
// its findings saw, on that finding's host and site, for its first attacker (IP and user agent as
// logged, so "both"), with the notebook's defaults (30 minutes before, first access over 30 days,
// script resources only).
import { getPrisma } from "../db";
import { parseFindingJson } from "../findings/parse-finding-json";
import { pivotParamsSchema, type PivotParams } from "./pivot-params";

/** null when no finding of the case has a first shell access, a site and an attacker. */
export async function defaultPivotParamsForCase(caseId: number): Promise<PivotParams | null> {
  const findings = await getPrisma().finding.findMany({
    where: { caseId, firstShellAccess: { not: null }, site: { not: null } },
    orderBy: [{ firstShellAccess: "asc" }, { id: "asc" }],
    select: { hostName: true, site: true, firstShellAccess: true, attackers: true },
  });
  for (const f of findings) {
    const { attackers } = parseFindingJson({ attackers: f.attackers, installedVia: null, evidence: [] });
    const a = attackers.find((x) => x.ip || x.userAgent);
    if (!a) continue;
    const parsed = pivotParamsSchema.safeParse({
      host: f.hostName,
      site: f.site,
      ip: a.ip ?? undefined,
      userAgent: a.userAgent ?? undefined,
      anchor: f.firstShellAccess!.toISOString(),
    });
    if (parsed.success) return parsed.data;
  }
  return null;
}

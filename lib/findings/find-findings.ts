// Findings as the CLI's `findings --json` prints them (README, "Command line").
import { getPrisma } from "../db";
import type { AttackerValues, InstalledViaValues } from "../audit/events";

export interface FindingView {
  alertId: string;
  kind: "command" | "file";
  caseId: string | null;
  hostName: string;
  site: string | null;
  shellLocation: string;
  shellName: string;
  commandLine: string | null;
  processCreatedAt: string | null;
  fileCreatedAt: string | null;
  firstShellAccess: string | null;
  installedVia: InstalledViaValues | null;
  attackers: AttackerValues[];
  confidence: number;
  reasons: string[];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function findFindings(): Promise<FindingView[]> {
  const rows = await getPrisma().finding.findMany({
    include: { alert: { select: { systemAlertId: true, timeGenerated: true } }, case: { select: { number: true } } },
    orderBy: [{ alert: { timeGenerated: "asc" } }, { id: "asc" }],
  });
  return rows.map((f) => ({
    alertId: f.alert.systemAlertId,
    kind: f.kind as "command" | "file",
    caseId: f.case?.number ?? null,
    hostName: f.hostName,
    site: f.site,
    shellLocation: f.shellLocation,
    shellName: f.shellName,
    commandLine: f.commandLine,
    processCreatedAt: iso(f.processCreatedAt),
    fileCreatedAt: iso(f.fileCreatedAt),
    firstShellAccess: iso(f.firstShellAccess),
    installedVia: (f.installedVia as FindingView["installedVia"]) ?? null,
    attackers: f.attackers as FindingView["attackers"],
    confidence: f.confidence,
    reasons: f.reasons,
  }));
}

// A finding as enrichment works it out, before it is saved (./save-finding.ts): what the shell
// is, where it lives, who used it and the log lines that show it.
import type { Attacker, EvidenceLine, InstalledVia } from "./parse-finding-json";

export interface FindingDraft {
  kind: "command" | "file";
  hostName: string;
  site: string | null;
  shellLocation: string;
  shellName: string;
  commandLine: string | null;
  processCreatedAt: Date | null;
  fileCreatedAt: Date | null;
  firstShellAccess: Date | null;
  installedVia: InstalledVia | null;
  attackers: Attacker[];
  confidence: number;
  reasons: string[];
  evidence: EvidenceLine[];
}

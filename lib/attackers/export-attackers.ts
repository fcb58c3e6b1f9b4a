// Every attacker profile as the CLI's `attackers --json` prints it (README, "Command line"):
// surviving profiles with their members folded in, times as ISO-8601 UTC.
import { MAX_PER_PAGE } from "../paging";
import { findAttackers } from "./find-attackers";
import type { AttackerIdentity } from "./identity-key";

export interface AttackerExport extends AttackerIdentity {
  id: number;
  firstSeen: string | null;
  lastSeen: string | null;
  hosts: string[];
  sites: string[];
  shells: string[];
  cases: string[];
  /** Only on a profile that others were merged into. */
  members?: ({ id: number } & AttackerIdentity)[];
}

export async function exportAttackers(): Promise<AttackerExport[]> {
  const all: AttackerExport[] = [];
  for (let page = 1; ; page++) {
    const { data, count } = await findAttackers({ page, perPage: MAX_PER_PAGE });
    for (const a of data) {
      all.push({
        id: a.id,
        ip: a.ip,
        userAgent: a.userAgent,
        firstSeen: a.firstSeen?.toISOString() ?? null,
        lastSeen: a.lastSeen?.toISOString() ?? null,
        hosts: a.hosts,
        sites: a.sites,
        shells: a.shells,
        cases: a.cases,
        ...(a.members.length ? { members: a.members } : {}),
      });
    }
    if (!data.length || page * MAX_PER_PAGE >= count) return all;
  }
}

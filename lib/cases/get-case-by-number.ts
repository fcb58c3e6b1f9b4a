// One case by its number (CASE-2026-0001) with its findings, their alerts and the log lines
// that support them, plus the summary an analyst reads first: who, where, since when, and how
// the shell got there; and the case's workflow: owner, watchers, playbook tasks, the statuses it
// went through, the alerts it holds and its latest pivot runs.
import { getPrisma } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { parseFindingJson, type Attacker, type EvidenceLine, type InstalledVia } from "../findings/parse-finding-json";
import { identityKey } from "../attackers/identity-key";
import { findRelatedCases, type RelatedCase } from "../attackers/find-related-cases";

const CASE_NUMBER = /^CASE-\d{4}-\d{4,}$/;

const person = { select: { id: true, name: true, email: true } } as const;

const caseDetailInclude = {
  owner: person,
  watchers: { orderBy: { createdAt: "asc" }, select: { user: person } },
  tasks: { orderBy: { position: "asc" }, include: { assignee: person, doneBy: person } },
  statusChanges: {
    orderBy: [{ changedAt: "asc" }, { id: "asc" }],
    select: { id: true, fromStatus: true, toStatus: true, changedAt: true, changedBy: person },
  },
  // The alerts the case holds (by enrichment or by hand), with the entities an analyst reads.
  alerts: {
    orderBy: [{ timeGenerated: "asc" }, { id: "asc" }],
    select: {
      id: true,
      systemAlertId: true,
      displayName: true,
      alertName: true,
      severity: true,
      kind: true,
      timeGenerated: true,
      hosts: { orderBy: { id: "asc" }, select: { id: true, hostName: true, dnsDomain: true, fqdn: true } },
      files: { orderBy: { id: "asc" }, select: { id: true, name: true, directory: true, sha256: true } },
      processes: {
        orderBy: [{ creationTimeUtc: { sort: "asc", nulls: "last" } }, { id: "asc" }],
        select: {
          id: true,
          processId: true,
          commandLine: true,
          creationTimeUtc: true,
          accountName: true,
          imageFile: { select: { name: true } },
        },
      },
      finding: { select: { id: true } },
    },
  },
  // The latest pivot runs; their result feeds the intrusion timeline (read defensively).
  pivotRuns: {
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 5,
    select: { id: true, status: true, result: true, createdAt: true },
  },
  findings: {
    include: {
      alert: {
        select: {
          id: true,
          systemAlertId: true,
          displayName: true,
          alertName: true,
          severity: true,
          timeGenerated: true,
          startTime: true,
        },
      },
    },
  },
} satisfies Prisma.CaseInclude;

type CaseRow = Prisma.CaseGetPayload<{ include: typeof caseDetailInclude }>;
type FindingRow = CaseRow["findings"][number];

export type CaseFinding = Omit<FindingRow, "installedVia" | "attackers" | "evidence"> & {
  installedVia: InstalledVia | null;
  attackers: Attacker[];
  evidence: (EvidenceLine & { fileName: string | null })[];
};

export type CaseDetail = Omit<CaseRow, "findings"> & {
  findings: CaseFinding[];
  /**
   * Every attacker (IP and user agent as logged) any finding names, once each, with the profile
   * to open (/attackers/<profileId>: the surviving one when merged; null before enrichment linked it).
   */
  attackers: (Attacker & { profileId: number | null })[];
  /** Other cases that share an attacker (lib/attackers/find-related-cases.ts). */
  relatedCases: RelatedCase[];
  /** The earliest first access to the shell any finding saw. */
  firstShellAccess: Date | null;
  /** The request that most likely installed the shell (from a file alert's finding). */
  installedVia: InstalledVia | null;
  maxConfidence: number | null;
};

const time = (d: Date | null) => d?.getTime() ?? Infinity;

export async function getCaseByNumber(number: string): Promise<CaseDetail> {
  const wanted = number.trim().toUpperCase();
  if (!CASE_NUMBER.test(wanted)) throw new AppError("not_found", "No such case.");
  const prisma = getPrisma();
  const row = await prisma.case.findUnique({ where: { number: wanted }, include: caseDetailInclude });
  if (!row) throw new AppError("not_found", "No such case.");

  const parsed = row.findings.map((f) => ({ ...f, ...parseFindingJson(f) }));
  const batchIds = [...new Set(parsed.flatMap((f) => f.evidence.map((e) => e.batchId)))].filter(
    (id): id is number => id !== null,
  );
  const batches = batchIds.length
    ? await prisma.importBatch.findMany({ where: { id: { in: batchIds } }, select: { id: true, fileName: true } })
    : [];
  const fileNames = new Map(batches.map((b) => [b.id, b.fileName]));

  // The file alert first (it tells how the shell arrived), then the commands in the order they ran.
  const findings: CaseFinding[] = parsed
    .map((f) => ({
      ...f,
      evidence: f.evidence.map((e) => ({
        ...e,
        fileName: e.batchId === null ? null : (fileNames.get(e.batchId) ?? null),
      })),
    }))
    .sort(
      (a, b) =>
        (a.kind === "file" ? 0 : 1) - (b.kind === "file" ? 0 : 1) ||
        time(a.processCreatedAt ?? a.fileCreatedAt ?? a.alert.startTime) -
          time(b.processCreatedAt ?? b.fileCreatedAt ?? b.alert.startTime) ||
        a.id - b.id,
    );

  const attackers = new Map<string, Attacker>();
  for (const f of findings) for (const a of f.attackers) attackers.set(`${a.ip}\u0000${a.userAgent}`, a);
  // case_attackers_pkey: the case's profiles, by identity.
  const links = await prisma.caseAttacker.findMany({
    where: { caseId: row.id },
    select: { attacker: { select: { id: true, identityKey: true, mergedIntoId: true } } },
  });
  const profileOf = new Map(links.map(({ attacker: p }) => [p.identityKey, p.mergedIntoId ?? p.id]));
  const firstAccess = Math.min(...findings.map((f) => time(f.firstShellAccess)));
  const { findings: _rows, ...kase } = row;
  return {
    ...kase,
    findings,
    attackers: [...attackers.values()].map((a) => ({ ...a, profileId: profileOf.get(identityKey(a)) ?? null })),
    relatedCases: await findRelatedCases(row.id),
    firstShellAccess: Number.isFinite(firstAccess) ? new Date(firstAccess) : null,
    installedVia: findings.find((f) => f.installedVia)?.installedVia ?? null,
    maxConfidence: findings.length ? Math.max(...findings.map((f) => f.confidence)) : null,
  };
}

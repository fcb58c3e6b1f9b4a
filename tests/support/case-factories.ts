// Rows for case-management tests, made with Prisma directly: users with unique emails and
// alerts with unique ids, so that test files sharing one database never see each other's rows.
import { randomBytes, randomUUID } from "node:crypto";
import type { Actor, Role } from "../../lib/auth/roles";
import { getPrisma } from "../../lib/db";

const suffix = () => randomBytes(4).toString("hex");

export async function makeUser(role: Role, name?: string): Promise<Actor> {
  const s = suffix();
  const user = await getPrisma().user.create({
    data: { email: `${role}-${s}@example.test`, name: name ?? `${role} ${s}`, role },
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function makeAlert(
  opts: {
    hostName?: string;
    severity?: string;
    displayName?: string;
    commandLine?: string;
    finding?: { hostName: string; site?: string; shellLocation: string };
  } = {},
): Promise<{ id: number; systemAlertId: string; hostName: string }> {
  const prisma = getPrisma();
  const hostName = opts.hostName ?? `host${suffix()}`;
  const systemAlertId = randomUUID();
  const alert = await prisma.alert.create({
    data: {
      systemAlertId,
      providerName: "MDATP",
      displayName: opts.displayName ?? "Possible IIS web shell",
      severity: opts.severity ?? "Medium",
      timeGenerated: new Date("2024-05-14T10:09:00Z"),
      entities: [],
      raw: {},
      kind: "command",
      hosts: { create: [{ entityId: "1", hostName }] },
      processes: opts.commandLine
        ? {
            create: [
              {
                entityId: "2",
                commandLine: opts.commandLine,
                creationTimeUtc: new Date("2024-05-14T10:07:31Z"),
              },
            ],
          }
        : undefined,
    },
    select: { id: true },
  });
  if (opts.finding) {
    await prisma.finding.create({
      data: {
        alertId: alert.id,
        kind: "command",
        hostName: opts.finding.hostName,
        site: opts.finding.site ?? "W3SVC1",
        shellLocation: opts.finding.shellLocation,
        shellName: opts.finding.shellLocation.split("/").at(-1)!,
        attackers: [],
        confidence: 0.5,
        reasons: ["made by a test"],
        evidence: [],
        generation: 0,
      },
    });
  }
  return { id: alert.id, systemAlertId, hostName };
}

/** Audit entries of a case, oldest first. */
export async function auditOf(caseId: number) {
  return getPrisma().auditEntry.findMany({ where: { caseId }, orderBy: { id: "asc" } });
}

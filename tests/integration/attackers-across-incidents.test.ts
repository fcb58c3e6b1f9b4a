// Issue 4's acceptance criterion for attacker profiles: an actor who comes back (same IP and user
// agent, another server, days later) is one profile linked to both incidents, each case names the
// other as related, and enriching everything again changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeDb, getPool, getPrisma } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { importAlerts } from "../../lib/alerts/import-alerts";
import { runEnrichment } from "../../lib/enrich/run-enrichment";
import { identityKey } from "../../lib/attackers/identity-key";
import { findRelatedCases } from "../../lib/attackers/find-related-cases";
import { getAttackerById } from "../../lib/attackers/get-attacker-by-id";
import { getCaseByNumber } from "../../lib/cases/get-case-by-number";
import type { AttackerExport } from "../../lib/attackers/export-attackers";
import { generateScenario, writeScenario, type Attacker, type Scenario } from "../scenario/generate-scenario";

const ROOT = join(import.meta.dirname, "..", "..");

function cli(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      join(ROOT, "node_modules", ".bin", "tsx"),
      [join(ROOT, "cli", "main.ts"), ...args],
      { cwd: ROOT, env: process.env, maxBuffer: 32 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let scenario: Scenario;
/** Case of each planted intrusion, by intrusion index. */
let cases: { id: number; number: string; hostName: string }[];

/** Ground truth from the logs themselves: every line of this IP and user agent, per host. */
function loggedRequests(who: Attacker): { host: string; time: Date }[] {
  const out: { host: string; time: Date }[] = [];
  for (const [file, text] of scenario.logs) {
    const host = file.split("/")[0]!;
    for (const line of text.split("\r\n")) {
      if (line.startsWith("#") || !line) continue;
      const fields = line.split(" ");
      if (fields.includes(who.ip) && fields.includes(who.userAgent)) {
        out.push({ host, time: new Date(`${fields[0]}T${fields[1]}Z`) });
      }
    }
  }
  return out.sort((a, b) => a.time.getTime() - b.time.getTime());
}

async function profileOf(who: Attacker) {
  return getPrisma().attackerProfile.findUnique({
    where: { identityKey: identityKey(who) },
    include: { cases: { select: { caseId: true } } },
  });
}

async function counts() {
  const { rows } = await getPool().query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM attacker_profiles) AS profiles, (SELECT count(*)::int FROM case_attackers) AS links,
            (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM findings) AS findings,
            (SELECT count(*)::int FROM audit_entries) AS audit`,
  );
  const seen = await getPool().query<{ id: number; first_seen: Date | null; last_seen: Date | null }>(
    "SELECT id, first_seen, last_seen FROM attacker_profiles ORDER BY id",
  );
  return { ...rows[0], seen: seen.rows };
}

beforeAll(async () => {
  // June 2024: no other test file writes requests in that month.
  scenario = generateScenario({
    start: new Date("2024-06-03T00:00:00Z"),
    days: 3,
    requestsPerServerPerDay: 2000,
    intrusions: 3,
    servers: 4,
    seed: 24,
    returningActor: true,
  });
  const dir = await mkdtemp(join(tmpdir(), "shellcase-attackers-"));
  const { logSources, alertsFile } = await writeScenario(scenario, dir);
  await importAlerts([alertsFile]);
  for (const s of logSources) await importWebLogs([s.path], s.logsHostAndSite ? {} : { host: s.host, site: s.site });
  const run = await runEnrichment({ all: true, wait: true });
  expect(run.failed).toBe(0);
  cases = [];
  for (const i of scenario.intrusions) {
    const c = await getPrisma().case.findFirst({
      where: { hostName: i.host, shellLocation: i.shellLocation },
      select: { id: true, number: true, hostName: true },
    });
    expect(c, `case of intrusion ${i.index} (${i.host} ${i.shellLocation})`).toBeTruthy();
    cases.push(c!);
  }
}, 240_000);

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

describe("attacker profiles across incidents", () => {
  it("the scenario has a returning actor on another server", () => {
    const back = scenario.intrusions.find((i) => i.returnOf !== null)!;
    const first = scenario.intrusions[back.returnOf!]!;
    expect(back.attacker).toEqual(first.attacker);
    expect(back.host).not.toBe(first.host);
    expect(cases[back.index]!.number).not.toBe(cases[first.index]!.number);
  });

  it("links the returning actor's one profile to both cases, with first/last seen from every host's logs", async () => {
    const back = scenario.intrusions.find((i) => i.returnOf !== null)!;
    const first = scenario.intrusions[back.returnOf!]!;
    const profile = await profileOf(first.attacker);
    expect(profile).toBeTruthy();
    expect(profile!.ip).toBe(first.attacker.ip);
    expect(profile!.userAgent).toBe(first.attacker.userAgent);
    expect(profile!.cases.map((c) => c.caseId).sort()).toEqual(
      [cases[first.index]!.id, cases[back.index]!.id].sort((a, b) => a - b),
    );
    const logged = loggedRequests(first.attacker);
    expect(new Set(logged.map((r) => r.host))).toEqual(new Set([first.host, back.host]));
    expect(profile!.firstSeen).toEqual(logged[0]!.time);
    expect(profile!.lastSeen).toEqual(logged.at(-1)!.time);
  });

  it("gives every other actor profiles of their own, each linked to its one case", async () => {
    const others = scenario.intrusions.filter((i) => i.actor !== scenario.intrusions[0]!.actor);
    expect(others.length).toBe(2);
    for (const i of others) {
      expect(i.attackers.length).toBe(2); // a second IP, or a second user agent from the same IP
      for (const who of i.attackers) {
        const profile = await profileOf(who);
        expect(profile, `${who.ip} ${who.userAgent}`).toBeTruthy();
        expect(profile!.cases.map((c) => c.caseId)).toEqual([cases[i.index]!.id]);
      }
    }
  });

  it("findRelatedCases: each incident of the returning actor names the other, linked by that attacker", async () => {
    const back = scenario.intrusions.find((i) => i.returnOf !== null)!;
    const first = scenario.intrusions[back.returnOf!]!;
    const profile = (await profileOf(first.attacker))!;
    for (const [a, b] of [
      [first, back],
      [back, first],
    ] as const) {
      const related = await findRelatedCases(cases[a.index]!.id);
      expect(related.map((r) => [r.number, r.link])).toEqual([[cases[b.index]!.number, "attacker"]]);
      expect(related[0]).toMatchObject({ hostName: b.host, shellLocation: b.shellLocation });
      expect(related[0]!.via).toEqual([
        { link: "attacker", id: profile.id, ip: first.attacker.ip, userAgent: first.attacker.userAgent },
      ]);
    }
    // The other incidents share no attacker, not even an IP, with any case.
    for (const i of scenario.intrusions.filter((x) => x.actor !== first.actor)) {
      expect(await findRelatedCases(cases[i.index]!.id)).toEqual([]);
    }
  });

  it("the case page data carries the related cases and each attacker's profile id", async () => {
    const back = scenario.intrusions.find((i) => i.returnOf !== null)!;
    const first = scenario.intrusions[back.returnOf!]!;
    const profile = (await profileOf(first.attacker))!;
    const kase = await getCaseByNumber(cases[back.index]!.number);
    expect(kase.relatedCases.map((r) => r.number)).toEqual([cases[first.index]!.number]);
    expect(kase.attackers).toContainEqual({ ...first.attacker, profileId: profile.id });
    expect(kase.attackers.every((a) => a.profileId !== null)).toBe(true);
  });

  it("getAttackerById: history across both incidents and hourly requests per host that add up to the logs", async () => {
    const back = scenario.intrusions.find((i) => i.returnOf !== null)!;
    const first = scenario.intrusions[back.returnOf!]!;
    const profile = (await profileOf(first.attacker))!;
    const detail = await getAttackerById(profile.id);
    const logged = loggedRequests(first.attacker);
    expect(detail.history.map((h) => [h.number, h.hostName])).toEqual([
      [cases[first.index]!.number, first.host],
      [cases[back.index]!.number, back.host],
    ]);
    const onHost = (host: string) => logged.filter((r) => r.host === host);
    expect(detail.history[0]!.firstRequest).toEqual(onHost(first.host)[0]!.time);
    expect(detail.history[1]!.lastRequest).toEqual(onHost(back.host).at(-1)!.time);
    expect(detail.history[1]!.firstShellAccess).toEqual(back.firstShellAccess);
    expect(detail.activity!.unit).toBe("hour"); // the two incidents are less than three days apart
    const total = detail.activity!.buckets.reduce((n, b) => n + b.total, 0);
    expect(total).toBe(logged.length);
    const onFirstHost = detail.activity!.buckets.reduce((n, b) => n + (b.byHost[first.host] ?? 0), 0);
    expect(onFirstHost).toBe(onHost(first.host).length);
  });

  it("attackers --json lists the returning actor with both hosts and both cases", async () => {
    const back = scenario.intrusions.find((i) => i.returnOf !== null)!;
    const first = scenario.intrusions[back.returnOf!]!;
    const r = await cli(["attackers", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as AttackerExport[];
    const mine = doc.filter((a) => a.ip === first.attacker.ip && a.userAgent === first.attacker.userAgent);
    expect(mine.length).toBe(1);
    const logged = loggedRequests(first.attacker);
    expect(mine[0]).toEqual({
      id: expect.any(Number),
      ip: first.attacker.ip,
      userAgent: first.attacker.userAgent,
      firstSeen: logged[0]!.time.toISOString(),
      lastSeen: logged.at(-1)!.time.toISOString(),
      hosts: [first.host, back.host].sort(),
      sites: [...new Set([first.site, back.site])].sort(),
      shells: [first.shellLocation, back.shellLocation].sort(),
      cases: [cases[first.index]!.number, cases[back.index]!.number].sort(),
    });
    const human = await cli(["attackers"]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(first.attacker.ip);
    expect(human.stdout).toContain(`${cases[first.index]!.number}, ${cases[back.index]!.number}`);
  });

  it("enriching everything again changes no profile, link, case or finding", async () => {
    const before = await counts();
    const run = await runEnrichment({ all: true, wait: true });
    expect(run.failed).toBe(0);
    expect(run.queued).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
  }, 120_000);
});

// Pivots on the planted scenario (tests/scenario): for every intrusion, anchored at its first
// shell access with a window reaching its first access, the pivot must return exactly what the
// generator planted — whichever way the attacker is matched — and the attacker's whole planted
// activity on that host and site as its timeline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeDb } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { hasAnyTerm, SCRIPT_EXTENSIONS } from "../../lib/enrich/kql-has";
import { pivotParamsSchema } from "../../lib/pivots/pivot-params";
import { runPivot } from "../../lib/pivots/run-pivot";
import { findFilesBefore } from "../../lib/pivots/find-files-before";
import {
  generateScenario,
  writeScenario,
  type PlantedIntrusion,
  type PlantedRequest,
  type Scenario,
} from "../scenario/generate-scenario";

let scenario: Scenario;

beforeAll(async () => {
  // June 2023: a month of its own (other files use 2023-02, 2024-05, 2025-03, 2026-11), and the
  // 30-day lookback and 7-day after-window of every pivot stay inside what this file imports.
  scenario = generateScenario({
    start: new Date("2023-06-05T00:00:00Z"),
    days: 3,
    requestsPerServerPerDay: 1500,
    intrusions: 3,
    servers: 5,
    seed: 23,
    returningActor: true,
  });
  const dir = await mkdtemp(join(tmpdir(), "shellcase-pivot-scenario-"));
  const { logSources } = await writeScenario(scenario, dir);
  for (const s of logSources) await importWebLogs([s.path], s.logsHostAndSite ? {} : { host: s.host, site: s.site });
}, 240_000);

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

const isScript = (uri: string) => hasAnyTerm(uri, SCRIPT_EXTENSIONS);
const seconds = (ms: number) => Math.round(ms / 1000);

function paramsFor(i: PlantedIntrusion, who: { ip?: string; userAgent?: string }) {
  const span = i.firstShellAccess.getTime() - i.firstAccess.getTime();
  return pivotParamsSchema.parse({
    host: i.host,
    site: i.site,
    ...who,
    anchor: i.firstShellAccess.toISOString(),
    // Exactly back to the first access: the lower bound is inclusive.
    window: `${seconds(span)}s`,
  });
}

const view = (r: { time: string | Date; uri: string | null; method: string | null; status: number | null }) => ({
  time: typeof r.time === "string" ? r.time : r.time.toISOString(),
  uri: r.uri,
  method: r.method,
  status: r.status,
});

/** What the attacker did on the intrusion's host and site, as planted (requests by that IP). */
function plantedByIp(i: PlantedIntrusion): PlantedRequest[] {
  return [...i.requestsBeforeShell, ...i.shellRequests.filter((r) => r.ip === i.attacker.ip)].sort(
    (a, b) => a.time.getTime() - b.time.getTime(),
  );
}

/** 404s that are in some 60 s window holding five or more of them: a brute-force reading of the rule. */
function expectedBurstTimes(requests: PlantedRequest[]): string[] {
  const misses = requests.filter((r) => r.status === 404).map((r) => r.time.getTime());
  return misses
    .filter((t) =>
      misses.some(
        (start) =>
          start <= t && t <= start + 60_000 && misses.filter((u) => u >= start && u <= start + 60_000).length >= 5,
      ),
    )
    .map((t) => new Date(t).toISOString());
}

describe("pivots on the planted scenario", () => {
  it("plants what this test relies on: several intrusions, one by a returning actor, recon before each shell", () => {
    expect(scenario.intrusions.length).toBe(4);
    expect(scenario.intrusions.filter((i) => i.returnOf !== null)).toHaveLength(1);
    for (const i of scenario.intrusions) {
      expect(i.requestsBeforeShell[0]!.time).toEqual(i.firstAccess);
      expect(i.filesBeforeShell.some(isScript)).toBe(true);
    }
  });

  it("returns exactly the planted files before the shell (script requests) plus the shell request, by IP, UA or both", async () => {
    for (const i of scenario.intrusions) {
      const expected = [
        ...i.requestsBeforeShell.filter((r) => isScript(r.uri)).map(view),
        view(i.shellRequests[0]!), // the first shell access, at the anchor
      ];
      expect(i.shellRequests[0]!.time).toEqual(i.firstShellAccess);
      const expectedSet = new Set([...i.filesBeforeShell.filter(isScript), i.shellLocation]);
      for (const who of [
        { ip: i.attacker.ip },
        { userAgent: i.attacker.userAgent },
        { ip: i.attacker.ip, userAgent: i.attacker.userAgent.replaceAll("+", " ") },
      ]) {
        const { rows, truncated } = await findFilesBefore(paramsFor(i, who));
        const label = `intrusion ${i.index} on ${i.host}/${i.site} by ${JSON.stringify(who)}`;
        expect(truncated).toBe(false);
        expect(new Set(rows.map((r) => r.uriStem)), label).toEqual(expectedSet);
        expect(
          rows.map((r) => view({ ...r, uri: r.uriStem })),
          label,
        ).toEqual(expected);
      }
    }
  });

  it("finds the planted first access, and every planted request by that IP as the timeline", async () => {
    for (const i of scenario.intrusions) {
      const result = await runPivot(paramsFor(i, { ip: i.attacker.ip }));
      const label = `intrusion ${i.index} on ${i.host}/${i.site}`;
      expect(result.firstAccess, label).toEqual({
        time: i.firstAccess.toISOString(),
        site: i.site,
        uri: i.requestsBeforeShell[0]!.uri,
      });
      const planted = plantedByIp(i);
      expect(result.timeline.truncated).toBe(false);
      expect(result.timeline.requests.map(view), label).toEqual(planted.map(view));
      expect(
        result.timeline.requests.filter((r) => r.burst !== null).map((r) => r.time),
        label,
      ).toEqual(expectedBurstTimes(planted));
      // The upload POST that installed the shell is a write.
      const upload = result.timeline.requests.find(
        (r) => r.time === i.upload.time.toISOString() && r.method === "POST",
      );
      expect(upload?.write, label).toBe(true);
    }
    // The recon probes of at least one intrusion form a burst (else the check above proves little).
    const withBurst = scenario.intrusions.filter((i) => expectedBurstTimes(plantedByIp(i)).length > 0);
    expect(withBurst.length).toBeGreaterThan(0);
  });

  it("shows the returning actor's earlier intrusion elsewhere, with its planted count and times", async () => {
    const back = scenario.intrusions.find((i) => i.returnOf !== null)!;
    const earlier = scenario.intrusions[back.returnOf!]!;
    expect(back.host).not.toBe(earlier.host);
    const result = await runPivot(paramsFor(back, { ip: back.attacker.ip, userAgent: back.attacker.userAgent }));
    const plantedEarlier = [...earlier.requestsBeforeShell, ...earlier.shellRequests].filter(
      (r) => r.ip === back.attacker.ip && r.userAgent === back.attacker.userAgent,
    );
    expect(result.elsewhere.truncated).toBe(false);
    expect(result.elsewhere.sites).toEqual([
      {
        host: earlier.host,
        site: earlier.site,
        requests: plantedEarlier.length,
        first: earlier.firstAccess.toISOString(),
        last: new Date(Math.max(...plantedEarlier.map((r) => r.time.getTime()))).toISOString(),
      },
    ]);
    // And from the first intrusion, the return is elsewhere too (within a week after its anchor).
    const forward = await runPivot(paramsFor(earlier, { ip: earlier.attacker.ip }));
    expect(forward.elsewhere.sites.map((s) => `${s.host}/${s.site}`)).toEqual([`${back.host}/${back.site}`]);
  });
});

// The scenario generator's own invariants: the enrichment tests and the benchmark are judged on
// its ground truth, so the logs and alerts it writes must say what the truth says. Needs no
// database; everything is read back through the real parsers.
import { beforeAll, describe, expect, it } from "vitest";
import { parseAlertFile } from "../../lib/alerts/parse-alert-file";
import type { ParsedAlert } from "../../lib/alerts/parsed-alert";
import { parseW3c } from "../../lib/ingest/parse-w3c";
import type { LineError, WebRequestRecord } from "../../lib/ingest/web-request";
import {
  ADMIN_IPS,
  ADMIN_PAGES,
  MAX_ALERT_LAG_MS,
  MAX_SHELL_LOG_DELAY_MS,
  generateScenario,
  type Scenario,
  type ScenarioOptions,
} from "../scenario/generate-scenario";

const OPTIONS: ScenarioOptions = {
  start: new Date("2026-11-18T00:00:00Z"),
  days: 4,
  requestsPerServerPerDay: 3000,
  intrusions: 5,
  seed: 42,
  returningActor: true,
};
const MINUTE = 60_000;

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

async function parseLogs(
  s: Scenario,
): Promise<{ records: WebRequestRecord[]; errors: (LineError & { file: string })[] }> {
  const records: WebRequestRecord[] = [];
  const errors: (LineError & { file: string })[] = [];
  for (const source of s.logSources) {
    for (const file of source.files) {
      const opts = source.logsHostAndSite ? {} : { host: source.host, site: source.site };
      for await (const chunk of parseW3c(once(s.logs.get(file)!), opts)) {
        records.push(...chunk.records);
        errors.push(...chunk.errors.map((e) => ({ ...e, file })));
      }
    }
  }
  return { records, errors };
}

const t = (d: Date | null | undefined) => d?.getTime() ?? NaN;
const childOf = (a: ParsedAlert) => a.processes.find((p) => p.parentRef !== null);
const imageOf = (a: ParsedAlert, ref: string | null) => a.files.find((f) => f.entityId === ref)?.name;

describe("generateScenario", () => {
  let s: Scenario;
  let records: WebRequestRecord[];
  let logErrors: (LineError & { file: string })[];
  let alerts: Map<string, ParsedAlert>;
  let alertErrors: unknown[];

  beforeAll(async () => {
    s = generateScenario(OPTIONS);
    ({ records, errors: logErrors } = await parseLogs(s));
    const parsed = await parseAlertFile(JSON.stringify({ rows: s.alerts }), "securityalert.json");
    alerts = new Map(parsed.alerts.map((a) => [a.systemAlertId, a]));
    alertErrors = parsed.errors;
  });

  it("is deterministic for a seed, and another seed gives other data", () => {
    const again = generateScenario(OPTIONS);
    expect([...again.logs]).toEqual([...s.logs]);
    expect(again.alerts).toEqual(s.alerts);
    expect(JSON.stringify(again.expected)).toBe(JSON.stringify(s.expected));
    expect(JSON.stringify(again.intrusions)).toBe(JSON.stringify(s.intrusions));
    const other = generateScenario({ ...OPTIONS, seed: 43 });
    expect(other.logs.get(s.logSources[0]!.files[0]!)).not.toBe(s.logs.get(s.logSources[0]!.files[0]!));
    expect(other.alerts.map((a) => a.SystemAlertId)).not.toEqual(s.alerts.map((a) => a.SystemAlertId));
  });

  it("writes u_exYYMMDD.log files with CRLF that parse with zero errors, one record per data line", () => {
    expect(logErrors).toEqual([]);
    expect(records.length).toBe(s.requestCount);
    expect(s.requestCount).toBeGreaterThanOrEqual(OPTIONS.requestsPerServerPerDay * OPTIONS.days * 5);
    for (const [name, text] of s.logs) {
      expect(name).toMatch(/^WEB\d\d\/W3SVC\d+\/u_ex\d{6}\.log$/);
      expect(text.endsWith("\r\n")).toBe(true);
      expect(/[^\r]\n/.test(text)).toBe(false);
    }
    const end = t(OPTIONS.start) + OPTIONS.days * 86_400_000;
    expect(records.every((r) => r.time >= t(OPTIONS.start) && r.time < end)).toBe(true);
  });

  it("writes SecurityAlert rows that parse with zero errors, $ids restarting at 2, 7-digit times", () => {
    expect(alertErrors).toEqual([]);
    expect(alerts.size).toBe(s.alerts.length);
    expect(new Set(Object.keys(s.expected))).toEqual(new Set(alerts.keys()));
    for (const row of s.alerts) {
      expect(row.ProviderName).toBe("MDATP");
      for (const time of [row.TimeGenerated, row.StartTime]) expect(time).toMatch(/T\d\d:\d\d:\d\d\.\d{7}Z$/);
      const entities = JSON.parse(row.Entities) as { $id: string; CreationTimeUtc?: string }[];
      expect(entities[0]!.$id).toBe("2");
      for (const e of entities) if (e.CreationTimeUtc) expect(e.CreationTimeUtc).toMatch(/\.\d{7}Z$/);
      expect(typeof row.ExtendedProperties).toBe("string");
    }
  });

  it("has several servers, two of them with a W3SVC1, some logging s-computername and some not", () => {
    const sitesByHost = new Map<string, Set<string>>();
    for (const r of records) {
      if (!sitesByHost.has(r.host!)) sitesByHost.set(r.host!, new Set());
      sitesByHost.get(r.host!)!.add(r.site!);
    }
    expect(sitesByHost.size).toBeGreaterThanOrEqual(4);
    expect([...sitesByHost.values()].filter((sites) => sites.has("W3SVC1")).length).toBeGreaterThanOrEqual(2);
    expect([...sitesByHost.values()].some((sites) => sites.size >= 2)).toBe(true);
    const withHost = s.logSources.filter((l) => l.logsHostAndSite);
    const without = s.logSources.filter((l) => !l.logsHostAndSite);
    expect(withHost.length).toBeGreaterThan(0);
    expect(without.length).toBeGreaterThan(0);
    for (const l of without) expect(s.logs.get(l.files[0]!)).not.toMatch(/s-computername|s-sitename/);
    for (const l of withHost) expect(s.logs.get(l.files[0]!)).toMatch(/s-sitename s-computername/);
  });

  it("names its servers with hostPrefix, in the logs, the alerts and the truth alike", () => {
    const renamed = generateScenario({
      start: new Date("2022-01-03T00:00:00Z"),
      days: 2,
      requestsPerServerPerDay: 200,
      servers: 2,
      intrusions: 1,
      seed: 3,
      hostPrefix: "RET",
    });
    expect(renamed.servers.map((s) => s.host)).toEqual(["RET01", "RET02", "RET03"]);
    expect([...renamed.logs.keys()].every((k) => k.startsWith("RET0"))).toBe(true);
    const text = [...renamed.logs.values(), JSON.stringify(renamed.alerts), JSON.stringify(renamed.expected)].join("");
    expect(text).not.toMatch(/web0\d/i);
    expect(text).toContain("ret01.");
    expect(renamed.intrusions[0]!.host).toMatch(/^RET0\d$/);
    expect(() => generateScenario({ ...renamed.options, hostPrefix: "web" })).toThrow(/hostPrefix/);
  });

  it("writes host names upper case in IIS and lower case with DnsDomain and FQDN in Defender", () => {
    const iisHosts = new Set(records.map((r) => r.host!));
    for (const h of iisHosts) expect(h).toBe(h.toUpperCase());
    for (const [id, exp] of Object.entries(s.expected)) {
      const host = alerts.get(id)!.hosts[0]!;
      expect(host.hostName).toBe(host.hostName!.toLowerCase());
      expect(host.hostName).not.toBe(exp.host);
      expect(host.hostName!.toUpperCase()).toBe(exp.host);
      expect(host.fqdn).toBe(`${host.hostName}.${host.dnsDomain}`);
    }
  });

  it("logs every planted shell command 0–3 s after its process's CreationTimeUtc", () => {
    let checked = 0;
    for (const intrusion of s.intrusions) {
      for (const c of intrusion.commands) {
        const alert = alerts.get(c.alertId)!;
        const child = childOf(alert)!;
        expect(
          imageOf(
            alert,
            child.parentRef === null ? null : alert.processes.find((p) => p.entityId === child.parentRef)!.imageFileRef,
          ),
        ).toBe("w3wp.exe");
        expect(["cmd.exe", "powershell.exe"]).toContain(imageOf(alert, child.imageFileRef));
        const created = t(child.creationTimeUtc);
        expect(created).toBe(t(c.executedAt));
        const logged = records.filter(
          (r) =>
            r.host === intrusion.host &&
            r.site === intrusion.site &&
            r.uriStem === intrusion.shellLocation &&
            r.clientIp === c.request.ip &&
            r.userAgent === c.request.userAgent &&
            r.time === t(c.request.time),
        );
        expect(logged).toHaveLength(1);
        expect(logged[0]!.time - created).toBeGreaterThanOrEqual(0);
        expect(logged[0]!.time - created).toBeLessThanOrEqual(MAX_SHELL_LOG_DELAY_MS);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it("makes TimeGenerated lag the activity by 0–15 minutes, sometimes more than a minute", () => {
    const lags = [...alerts.values()].map((a) => t(a.timeGenerated) - t(a.startTime));
    for (const lag of lags) {
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThanOrEqual(MAX_ALERT_LAG_MS);
    }
    expect(lags.some((lag) => lag > 5 * MINUTE)).toBe(true);
    expect(lags.some((lag) => lag < MINUTE)).toBe(true);
    for (const i of s.intrusions) {
      expect(t(alerts.get(i.fileAlertId)!.startTime)).toBe(t(i.shellCreatedAt));
      for (const c of i.commands) expect(t(alerts.get(c.alertId)!.startTime)).toBe(t(c.executedAt));
    }
  });

  it("runs two commands within 90 s by the same attacker on every shell (the Sentinel min/max filter drops those)", () => {
    for (const i of s.intrusions) {
      const requests = i.commands.map((c) => c.request);
      const close = requests.some((a, k) =>
        requests.slice(k + 1).some((b) => {
          const dt = Math.abs(t(b.time) - t(a.time));
          return a.ip === b.ip && a.userAgent === b.userAgent && dt > 0 && dt <= 90_000;
        }),
      );
      expect(close).toBe(true);
    }
  });

  it("plants rare admin pages within a minute of shell commands, on the host and on a twin W3SVC1", () => {
    for (const i of s.intrusions) {
      const commandTimes = i.commands.map((c) => t(c.request.time));
      const near = records.filter(
        (r) =>
          r.host === i.host &&
          r.site === i.site &&
          (ADMIN_PAGES as readonly string[]).includes(r.uriStem!) &&
          commandTimes.some((ct) => Math.abs(r.time - ct) <= 60_000),
      );
      expect(near.length).toBeGreaterThan(0);
      expect(near.every((r) => (ADMIN_IPS as readonly string[]).includes(r.clientIp!))).toBe(true);
    }
    expect(s.decoys.some((d) => !d.sameHost)).toBe(true);
    // Rare: at most 3 distinct client IPs over all stored requests (Sentinel's baseline).
    for (const page of ADMIN_PAGES) {
      const ips = new Set(records.filter((r) => r.uriStem === page).map((r) => r.clientIp));
      expect(ips.size).toBeLessThanOrEqual(3);
    }
  });

  it("has ground truth that the logs bear out: first access, files before the shell, upload, users", () => {
    for (const i of s.intrusions) {
      const here = records.filter((r) => r.host === i.host && r.site === i.site);
      const byAttacker = here.filter((r) => r.clientIp === i.attacker.ip && r.userAgent === i.attacker.userAgent);
      expect(Math.min(...byAttacker.map((r) => r.time))).toBe(t(i.firstAccess));
      expect(Math.min(...here.filter((r) => r.clientIp === i.attacker.ip).map((r) => r.time))).toBe(t(i.firstAccess));
      const shell = here.filter((r) => r.uriStem === i.shellLocation);
      expect(Math.min(...shell.map((r) => r.time))).toBe(t(i.firstShellAccess));
      expect(shell).toHaveLength(i.shellRequests.length);
      const users = [...new Set(shell.map((r) => `${r.clientIp} ${r.userAgent}`))];
      expect(new Set(users)).toEqual(new Set(i.attackers.map((a) => `${a.ip} ${a.userAgent}`)));
      const before = byAttacker
        .filter((r) => r.time < t(i.firstShellAccess))
        .sort((a, b) => a.time - b.time || a.line - b.line);
      expect([...new Set(before.map((r) => r.uriStem))]).toEqual(i.filesBeforeShell);
      expect(before).toHaveLength(i.requestsBeforeShell.length);
      // The upload: a POST by the attacker logged 20 s before to 3 s after the file's creation.
      const upload = here.filter(
        (r) => r.method === "POST" && r.clientIp === i.attacker.ip && r.time < t(i.firstShellAccess),
      );
      expect(upload).toHaveLength(1);
      expect(upload[0]!.time).toBe(t(i.upload.time));
      expect(upload[0]!.uriStem).toBe(i.upload.uri);
      expect(t(i.upload.time) - t(i.shellCreatedAt)).toBeGreaterThanOrEqual(-20_000);
      expect(t(i.upload.time) - t(i.shellCreatedAt)).toBeLessThanOrEqual(3_000);
      // The file alert's file is the shell: name and directory map to the stem.
      const file = alerts.get(i.fileAlertId)!.files.find((f) => f.name !== "w3wp.exe")!;
      expect(file.name).toBe(i.shellLocation.split("/").pop());
      expect(file.directory!.split("\\").pop()).toBe(i.shellLocation.split("/").slice(-2)[0]);
      expect(s.expected[i.fileAlertId]).toMatchObject({ kind: "file", benign: false, host: i.host, site: i.site });
      for (const c of i.commands) {
        expect(s.expected[c.alertId]).toMatchObject({
          kind: "command",
          shellLocation: i.shellLocation,
          attackers: [{ ip: c.request.ip, userAgent: c.request.userAgent }],
          firstShellAccess: i.firstShellAccess,
          installedVia: { time: i.upload.time, method: "POST", uri: i.upload.uri, ip: i.attacker.ip },
        });
      }
    }
    // Attacker addresses appear nowhere but where that actor intruded.
    for (const i of s.intrusions) {
      const hosts = new Set(s.intrusions.filter((o) => o.actor === i.actor).map((o) => `${o.host}/${o.site}`));
      for (const a of i.attackers) {
        const seen = records.filter((r) => r.clientIp === a.ip || r.userAgent === a.userAgent);
        expect(seen.every((r) => hosts.has(`${r.host}/${r.site}`))).toBe(true);
      }
    }
  });

  it("has a second IP on one shell, a second user agent on another, and an actor who returns", () => {
    expect(s.intrusions.some((i) => new Set(i.attackers.map((a) => a.ip)).size >= 2)).toBe(true);
    expect(s.intrusions.some((i) => i.attackers.length >= 2 && new Set(i.attackers.map((a) => a.ip)).size === 1)).toBe(
      true,
    );
    const back = s.intrusions.find((i) => i.returnOf !== null)!;
    const first = s.intrusions[back.returnOf!]!;
    expect(back.attacker).toEqual(first.attacker);
    expect(back.host).not.toBe(first.host);
    expect(t(back.firstAccess) - t(first.shellRequests.at(-1)!.time)).toBeGreaterThan(86_400_000);
    expect(back.shellFile.name).toBe(first.shellFile.name);
  });

  it("raises benign and unresolvable alerts with the right truth", () => {
    const benign = Object.entries(s.expected).filter(([, e]) => e.benign);
    const csc = benign.find(
      ([id]) => imageOf(alerts.get(id)!, childOf(alerts.get(id)!)?.imageFileRef ?? null) === "csc.exe",
    );
    expect(csc).toBeDefined();
    const [cscId, cscTruth] = csc!;
    expect(cscTruth).toMatchObject({ kind: "command", shellLocation: null, attackers: [] });
    const at = t(childOf(alerts.get(cscId)!)!.creationTimeUtc);
    const around = records.filter(
      (r) => r.host === cscTruth.host && r.site === cscTruth.site && Math.abs(r.time - at) < 5 * MINUTE,
    );
    expect(around.length).toBeGreaterThan(0);
    expect(s.intrusions.some((i) => i.host === cscTruth.host && Math.abs(t(i.firstShellAccess) - at) < 3_600_000)).toBe(
      false,
    );

    const other = benign.find(([, e]) => e.kind === "other");
    expect(other).toBeDefined();
    expect(alerts.get(other![0])!.files.some((f) => f.name === "w3wp.exe")).toBe(false);

    const unlogged = Object.entries(s.expected).find(([, e]) => !e.logsAvailable);
    expect(unlogged).toBeDefined();
    expect(unlogged![1]).toMatchObject({ kind: "command", benign: false, shellLocation: null });
    expect(records.some((r) => r.host === unlogged![1].host)).toBe(false);
    expect(s.servers.find((sv) => sv.host === unlogged![1].host)?.hasLogs).toBe(false);
  });

  it("lets Sentinel's $id join cross-pair: a file alert's shell file id is other alerts' w3wp image ref", () => {
    const i = s.intrusions[0]!;
    const shellFile = alerts.get(i.fileAlertId)!.files.find((f) => f.name === i.shellFile.name)!;
    const commandAlerts = s.intrusions.flatMap((x) => x.commands.map((c) => alerts.get(c.alertId)!));
    expect(commandAlerts.some((a) => a.processes.some((p) => p.imageFileRef === shellFile.entityId))).toBe(true);
    const childRefs = new Set(commandAlerts.map((a) => childOf(a)!.imageFileRef));
    expect(childRefs.size).toBe(1);
  });

  it("gives the demo a small single-intrusion scenario on WEB01 and WEB02", () => {
    const demo = generateScenario({
      start: new Date("2026-11-18T00:00:00Z"),
      days: 3,
      requestsPerServerPerDay: 4000,
      servers: 2,
      intrusions: 1,
      seed: 2026,
    });
    expect(demo.requestCount).toBeGreaterThan(23_000);
    expect(demo.requestCount).toBeLessThan(26_000);
    expect(new Set(demo.logSources.map((l) => l.host))).toEqual(new Set(["WEB01", "WEB02"]));
    expect(demo.intrusions).toHaveLength(1);
    expect(demo.intrusions[0]!.host).toBe("WEB01");
  });

  // Its speed is the bench's business (timed unit tests flake on a loaded machine); here, that a
  // 100k-line day is whole: every server's lines are there and in time order.
  it("generates a 100k-line day with every server's lines in time order", () => {
    const big = generateScenario({ ...OPTIONS, days: 1, requestsPerServerPerDay: 20_000, returningActor: false });
    expect(big.requestCount).toBeGreaterThanOrEqual(100_000);
    let lines = 0;
    for (const text of big.logs.values()) {
      const times = text
        .split("\r\n")
        .filter((l) => l && !l.startsWith("#"))
        .map((l) => l.slice(0, 19));
      expect([...times].sort()).toEqual(times);
      lines += times.length;
    }
    expect(lines).toBe(big.requestCount);
  });
});

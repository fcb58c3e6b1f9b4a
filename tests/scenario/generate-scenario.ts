// Generates a web shell intrusion planted in realistic background traffic: IIS W3C logs for
// several servers and the Defender (MDATP) SecurityAlert rows it would raise. Deterministic for a
// given seed. Used by the demo (`npm run demo`) and by tests; knows the ground truth it planted.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { prng } from "../support/prng";

export interface ScenarioOptions {
  /** Start of the background traffic (UTC). The intrusion happens on the last day. */
  start: Date;
  days: number;
  /** Background requests per server per day. */
  requestsPerDay: number;
  seed?: number;
}

export interface PlantedIntrusion {
  host: string;
  site: string;
  shellLocation: string;
  attackerIp: string;
  attackerUserAgent: string;
  firstAccess: Date;
  uploadAt: Date;
  shellCreatedAt: Date;
  commandTimes: Date[];
}

export interface ServerSpec {
  /** s-computername as IIS writes it (upper case). */
  host: string;
  fqdn: string;
  site: string;
  /** When false, the log uses IIS 10's default field set: no s-computername / s-sitename. */
  logsHostAndSite: boolean;
}

export interface Scenario {
  servers: ServerSpec[];
  /** File name (relative) → W3C log text. One file per server per day, u_exYYMMDD.log. */
  logs: Map<string, string>;
  /** SecurityAlert rows, as the Log Analytics table holds them (Entities as JSON strings). */
  alerts: Record<string, unknown>[];
  intrusion: PlantedIntrusion;
}

const FULL_FIELDS =
  "date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken";
const DEFAULT_FIELDS =
  "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

const BROWSERS = [
  "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/124.0.0.0+Safari/537.36",
  "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/17.4+Safari/605.1.15",
  "Mozilla/5.0+(iPhone;+CPU+iPhone+OS+17_4+like+Mac+OS+X)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Mobile/15E148",
  "Mozilla/5.0+(compatible;+bingbot/2.0;++http://www.bing.com/bingbot.htm)",
];
const PAGES = [
  "/",
  "/default.aspx",
  "/products/list.aspx",
  "/products/detail.aspx",
  "/search.aspx",
  "/contact.aspx",
  "/css/site.css",
  "/js/site.js",
  "/images/logo.png",
  "/favicon.ico",
  "/api/orders.asmx",
];
const ATTACKER_UA = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:109.0)+Gecko/20100101+Firefox/115.0";
const PROBES = ["/admin.php", "/wp-login.php", "/phpmyadmin/index.php", "/.env", "/web.config", "/api/upload.ashx"];

interface Req {
  t: number;
  method: string;
  stem: string;
  query: string;
  ip: string;
  ua: string;
  status: number;
  win32: number;
  taken: number;
}

/** Alert times carry 7 fractional digits in SecurityAlert. */
function alertTime(ms: number, extra = 0): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, f: string) => `.${f}${String(extra).padStart(4, "0")}Z`);
}

export function generateScenario(opts: ScenarioOptions): Scenario {
  const rand = prng(opts.seed ?? 7);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const servers: ServerSpec[] = [
    { host: "WEB01", fqdn: "web01.contoso.local", site: "W3SVC1", logsHostAndSite: true },
    { host: "WEB02", fqdn: "web02.contoso.local", site: "W3SVC1", logsHostAndSite: false },
  ];
  const clients = Array.from(
    { length: 400 },
    () =>
      `${20 + Math.floor(rand() * 180)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`,
  );
  const dayMs = 86_400_000;
  const start = Date.UTC(opts.start.getUTCFullYear(), opts.start.getUTCMonth(), opts.start.getUTCDate());
  const perServer = new Map<string, Req[]>(servers.map((s) => [s.host, []]));

  for (const server of servers) {
    const reqs = perServer.get(server.host)!;
    for (let d = 0; d < opts.days; d++) {
      for (let i = 0; i < opts.requestsPerDay; i++) {
        const page = pick(PAGES);
        const status = rand() < 0.93 ? 200 : pick([304, 404, 500]);
        reqs.push({
          t: start + d * dayMs + Math.floor((rand() * dayMs) / 1000) * 1000,
          method: page.endsWith(".asmx") && rand() < 0.5 ? "POST" : "GET",
          stem: page,
          query: page.includes("detail") ? `id=${Math.floor(rand() * 5000)}` : "-",
          ip: pick(clients),
          ua: pick(BROWSERS),
          status,
          win32: status === 404 ? 2 : 0,
          taken: Math.floor(rand() * 400),
        });
      }
    }
  }

  // The intrusion, on WEB01 on the last day: recon, probing, an upload, the shell, commands.
  const victim = servers[0]!;
  const attackerIp = "198.51.100.23";
  const day = start + (opts.days - 1) * dayMs;
  const firstAccess = day + 9 * 3_600_000 + 41 * 60_000;
  const uploadAt = firstAccess + 20 * 60_000 + 34_000;
  const shellCreatedAt = uploadAt + 21_000;
  const shellLocation = "/aspnet_client/system_web/Setconfigure.aspx";
  const commandTimes = [
    shellCreatedAt + 8_000,
    shellCreatedAt + 5 * 60_000 + 26_000,
    shellCreatedAt + 9 * 60_000 + 3_000,
  ];
  const reqs = perServer.get(victim.host)!;
  const attack = (t: number, method: string, stem: string, status: number, query = "-") =>
    reqs.push({
      t,
      method,
      stem,
      query,
      ip: attackerIp,
      ua: ATTACKER_UA,
      status,
      win32: status === 404 ? 2 : 0,
      taken: 40 + Math.floor(rand() * 200),
    });
  attack(firstAccess, "GET", "/", 200);
  attack(firstAccess + 2_000, "GET", "/default.aspx", 200);
  PROBES.forEach((p, i) => attack(firstAccess + 60_000 + i * 1_000, "GET", p, p === "/api/upload.ashx" ? 405 : 404));
  attack(uploadAt - 40_000, "GET", "/default.aspx", 200);
  attack(uploadAt, "POST", "/api/upload.ashx", 200, "name=report.aspx");
  attack(shellCreatedAt + 3_000, "GET", shellLocation, 200);
  for (const t of commandTimes) attack(t, "POST", shellLocation, 200);

  const logs = new Map<string, string>();
  for (const server of servers) {
    const all = perServer.get(server.host)!.sort((a, b) => a.t - b.t);
    const byDay = new Map<string, Req[]>();
    for (const r of all) {
      const key = new Date(r.t).toISOString().slice(2, 10).replace(/-/g, "");
      if (!byDay.has(key)) byDay.set(key, []);
      byDay.get(key)!.push(r);
    }
    for (const [key, dayReqs] of byDay) {
      const first = new Date(dayReqs[0]!.t).toISOString();
      const lines = [
        "#Software: Microsoft Internet Information Services 10.0",
        "#Version: 1.0",
        `#Date: ${first.slice(0, 10)} ${first.slice(11, 19)}`,
        `#Fields: ${server.logsHostAndSite ? FULL_FIELDS : DEFAULT_FIELDS}`,
      ];
      for (const r of dayReqs) {
        const iso = new Date(r.t).toISOString();
        const d = iso.slice(0, 10);
        const tm = iso.slice(11, 19);
        lines.push(
          server.logsHostAndSite
            ? `${d} ${tm} ${server.site} ${server.host} 10.0.0.5 ${r.method} ${r.stem} ${r.query} 443 - ${r.ip} HTTP/1.1 ${r.ua} - - www.contoso.com ${r.status} 0 ${r.win32} ${1000 + Math.floor(rand() * 30000)} ${300 + Math.floor(rand() * 600)} ${r.taken}`
            : `${d} ${tm} 10.0.0.6 ${r.method} ${r.stem} ${r.query} 443 - ${r.ip} ${r.ua} - ${r.status} 0 ${r.win32} ${r.taken}`,
        );
      }
      logs.set(join(server.host, `u_ex${key}.log`), lines.join("\r\n") + "\r\n");
    }
  }

  const alerts = buildAlerts({ victim, shellCreatedAt, commandTimes, shellLocation, rand });
  return {
    servers,
    logs,
    alerts,
    intrusion: {
      host: victim.host,
      site: victim.site,
      shellLocation,
      attackerIp,
      attackerUserAgent: ATTACKER_UA,
      firstAccess: new Date(firstAccess),
      uploadAt: new Date(uploadAt),
      shellCreatedAt: new Date(shellCreatedAt),
      commandTimes: commandTimes.map((t) => new Date(t)),
    },
  };
}

function buildAlerts(p: {
  victim: ServerSpec;
  shellCreatedAt: number;
  commandTimes: number[];
  shellLocation: string;
  rand: () => number;
}): Record<string, unknown>[] {
  const hostEntity = {
    $id: "2",
    Type: "host",
    HostName: p.victim.host.toLowerCase(),
    DnsDomain: "contoso.local",
    FQDN: p.victim.fqdn,
    OSFamily: "Windows",
  };
  const w3wpFile = { $id: "3", Type: "file", Name: "w3wp.exe", Directory: "C:\\Windows\\System32\\inetsrv" };
  const account = { $id: "4", Type: "account", Name: "DefaultAppPool", NTDomain: "IIS APPPOOL" };
  const w3wp = {
    $id: "5",
    Type: "process",
    ProcessId: "5844",
    CommandLine: 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "DefaultAppPool"',
    CreationTimeUtc: alertTime(p.shellCreatedAt - 3 * 86_400_000),
    ImageFile: { $ref: "3" },
    Account: { $ref: "4" },
    Host: { $ref: "2" },
  };
  const base = (
    id: string,
    displayName: string,
    start: number,
    lagMs: number,
    entities: unknown[],
    extra: Record<string, unknown> = {},
  ) => ({
    TenantId: "00000000-0000-0000-0000-000000000000",
    ProviderName: "MDATP",
    VendorName: "Microsoft",
    ProductName: "Microsoft Defender Advanced Threat Protection",
    AlertType: "WindowsDefenderAtp",
    Type: "SecurityAlert",
    CompromisedEntity: p.victim.fqdn,
    Status: "New",
    TimeGenerated: alertTime(start + lagMs),
    DisplayName: displayName,
    AlertName: displayName,
    AlertSeverity: "High",
    Description: `${displayName} (generated scenario)`,
    StartTime: alertTime(start, 1234),
    EndTime: alertTime(start, 1234),
    SystemAlertId: id,
    VendorOriginalId: `da${start}_${id.slice(0, 8)}`,
    Tactics: "Persistence, Execution",
    Techniques: "T1505, T1059",
    ExtendedProperties: JSON.stringify({ "MicrosoftDefenderAtp.Category": "SuspiciousActivity" }),
    Entities: JSON.stringify(entities),
    ...extra,
  });
  const dir = "C:\\inetpub\\wwwroot\\aspnet_client\\system_web";
  const alerts: Record<string, unknown>[] = [
    base(
      "5a1f0c2e-0000-4000-8000-000000000001",
      "Possible web shell installation",
      p.shellCreatedAt,
      4 * 60_000 + 12_000,
      [
        hostEntity,
        {
          $id: "6",
          Type: "file",
          Name: "Setconfigure.aspx",
          Directory: dir,
          FileHashes: [
            {
              $id: "7",
              Type: "filehash",
              Algorithm: "SHA256",
              Value: "b1c2d3e4f5a6978877665544332211009988aabbccddeeff0011223344556677",
            },
          ],
        },
        w3wpFile,
        account,
        w3wp,
      ],
      { Tactics: "Persistence", Techniques: "T1505" },
    ),
  ];
  const commands = [
    `cmd.exe /c cd /d "${dir}"&whoami /all&echo [S]&cd&echo [E]`,
    `cmd.exe /c cd /d "${dir}"&net user&echo [S]&cd&echo [E]`,
    `cmd.exe /c cd /d "${dir}"&ipconfig /all&echo [S]&cd&echo [E]`,
  ];
  p.commandTimes.forEach((t, i) => {
    alerts.push(
      base(
        `5a1f0c2e-0000-4000-8000-00000000001${i}`,
        i === 0 ? "Suspicious processes indicative of a web shell" : "Possible IIS web shell",
        t,
        (1 + i * 6) * 60_000 + Math.floor(p.rand() * 50_000),
        [
          hostEntity,
          w3wpFile,
          account,
          w3wp,
          { $id: "6", Type: "file", Name: "cmd.exe", Directory: "C:\\Windows\\System32" },
          {
            $id: "7",
            Type: "process",
            ProcessId: String(7000 + i),
            CommandLine: commands[i],
            CreationTimeUtc: alertTime(t, 4321),
            ImageFile: { $ref: "6" },
            ParentProcess: { $ref: "5" },
            Account: { $ref: "4" },
            Host: { $ref: "2" },
          },
        ],
      ),
    );
  });
  // A benign child of w3wp (ASP.NET compiling a page) and a non-web alert, both on WEB02.
  const web02 = { ...hostEntity, HostName: "web02", FQDN: "web02.contoso.local" };
  const compileAt = p.shellCreatedAt - 2 * 3_600_000;
  alerts.push(
    base(
      "5a1f0c2e-0000-4000-8000-000000000020",
      "Suspicious processes indicative of a web shell",
      compileAt,
      3 * 60_000,
      [
        web02,
        w3wpFile,
        account,
        w3wp,
        { $id: "6", Type: "file", Name: "csc.exe", Directory: "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319" },
        {
          $id: "7",
          Type: "process",
          ProcessId: "6100",
          CommandLine:
            '"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe" /noconfig /fullpaths @"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files\\root\\1a2b\\3c4d\\xyz.cmdline"',
          CreationTimeUtc: alertTime(compileAt),
          ImageFile: { $ref: "6" },
          ParentProcess: { $ref: "5" },
          Host: { $ref: "2" },
        },
      ],
      { AlertSeverity: "Medium", CompromisedEntity: "web02.contoso.local" },
    ),
    base(
      "5a1f0c2e-0000-4000-8000-000000000030",
      "Suspicious PowerShell command line",
      compileAt + 600_000,
      2 * 60_000,
      [
        web02,
        { $id: "3", Type: "file", Name: "powershell.exe", Directory: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0" },
        {
          $id: "4",
          Type: "process",
          ProcessId: "4410",
          CommandLine: "powershell.exe -NoProfile -Command Get-Date",
          CreationTimeUtc: alertTime(compileAt + 600_000),
          ImageFile: { $ref: "3" },
          Host: { $ref: "2" },
        },
      ],
      { AlertSeverity: "Low", CompromisedEntity: "web02.contoso.local", Tactics: "Execution", Techniques: "T1059" },
    ),
  );
  return alerts;
}

/** Writes the scenario under `dir`: iis/<HOST>/u_exYYMMDD.log and alerts/securityalert.json. */
export async function writeScenario(
  scenario: Scenario,
  dir: string,
): Promise<{ logDirs: Record<string, string>; alertsFile: string }> {
  const logDirs: Record<string, string> = {};
  for (const [rel, text] of scenario.logs) {
    const path = join(dir, "iis", rel);
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, text);
    logDirs[rel.split(/[\\/]/)[0]!] = join(dir, "iis", rel.split(/[\\/]/)[0]!);
  }
  await mkdir(join(dir, "alerts"), { recursive: true });
  const alertsFile = join(dir, "alerts", "securityalert.json");
  await writeFile(alertsFile, JSON.stringify({ rows: scenario.alerts }, null, 2));
  return { logDirs, alertsFile };
}

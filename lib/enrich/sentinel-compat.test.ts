// Pins every behaviour of the two Sentinel hunting queries that sentinel-compat reproduces,
// defects included: each test fails for an implementation that "fixes" the query.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAlertTime } from "../alerts/parsed-alert";
import { parseW3c } from "../ingest/parse-w3c";
import {
  baselineDcountFromRequests,
  bin30s,
  commandAlertEnrichment,
  commandKeyedData,
  fileAlertEnrichment,
  type CommandCompatRow,
  type CompatAlert,
  type CompatRequest,
} from "./sentinel-compat";

const FIXTURES = path.resolve(import.meta.dirname, "../../tests/fixtures");

const at = (iso: string) => new Date(iso);

interface CommandAlertSpec {
  id?: string;
  time?: string;
  host?: string;
  provider?: string | null;
  /** Name of the IIS worker's file entity. */
  w3wpName?: string;
  child?: string;
  commandLine?: string;
  created?: string;
  /** Extra top-level entities. */
  extra?: unknown[];
}

/**
 * A command alert as MDE writes one: host, w3wp.exe file and process, the child's file and
 * process. `$id`s restart at "1" in every alert, as in real alerts.
 */
function commandAlert(spec: CommandAlertSpec = {}): CompatAlert {
  return {
    systemAlertId: spec.id ?? "cmd-1",
    providerName: spec.provider === undefined ? "MDATP" : spec.provider,
    timeGenerated: at(spec.time ?? "2024-05-14T10:07:40.000Z"),
    entities: [
      { $id: "1", Type: "host", HostName: spec.host ?? "web01", DnsDomain: "contoso.local" },
      { $id: "2", Type: "file", Name: spec.w3wpName ?? "w3wp.exe", Directory: "C:\\Windows\\System32\\inetsrv" },
      {
        $id: "3",
        Type: "process",
        CommandLine: 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "DefaultAppPool"',
        CreationTimeUtc: "2024-05-13T22:14:03.5124467Z",
        ImageFile: { $ref: "2" },
        Host: { $ref: "1" },
      },
      { $id: "4", Type: "file", Name: spec.child ?? "cmd.exe", Directory: "C:\\Windows\\System32" },
      {
        $id: "5",
        Type: "process",
        CommandLine: spec.commandLine ?? "cmd.exe /c whoami",
        CreationTimeUtc: spec.created ?? "2024-05-14T10:07:31.8821043Z",
        ImageFile: { $ref: "4" },
        ParentProcess: { $ref: "3" },
        Host: { $ref: "1" },
      },
      ...(spec.extra ?? []),
    ],
  };
}

interface RequestSpec {
  host?: string | null;
  site?: string | null;
  ip?: string | null;
  ua?: string | null;
  stem?: string | null;
}

const ATTACKER = "198.51.100.23";
const UA = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:109.0)+Gecko/20100101+Firefox/115.0";
const SHELL = "/aspnet_client/system_web/Setconfigure.aspx";

function req(time: string, spec: RequestSpec = {}): CompatRequest {
  return {
    time: at(time),
    host: spec.host === undefined ? "web01" : spec.host,
    site: spec.site === undefined ? "W3SVC1" : spec.site,
    clientIp: spec.ip === undefined ? ATTACKER : spec.ip,
    userAgent: spec.ua === undefined ? UA : spec.ua,
    uriStem: spec.stem === undefined ? SHELL : spec.stem,
  };
}

/** The command query with the baseline computed over the same requests (all of them). */
function runCommand(alerts: CompatAlert[], requests: CompatRequest[]): CommandCompatRow[] {
  return commandAlertEnrichment(alerts, requests, baselineDcountFromRequests(requests));
}

const pick = (rows: CommandCompatRow[]) =>
  rows.map((r) => ({ HostName: r.HostName, ParentProcess: r.ParentProcess, CommandLine: r.CommandLine }));

describe("commandAlertEnrichment", () => {
  it("returns the query's columns, in its order, with the baseline's two added", () => {
    const rows = runCommand([commandAlert()], [req("2024-05-14T10:07:31Z")]);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!)).toEqual([
      "Site",
      "ShellLocation",
      "ShellName",
      "ParentProcess",
      "CommandLine",
      "Attacker",
      "HostName",
      "IPCustomEntity",
      "timestamp",
      "PageAccessed",
      "dcount_SourceIP",
    ]);
    expect(rows[0]).toEqual({
      Site: ["W3SVC1"],
      ShellLocation: SHELL,
      ShellName: "Setconfigure.aspx",
      ParentProcess: "cmd.exe",
      CommandLine: "cmd.exe /c whoami",
      Attacker: { [ATTACKER]: UA },
      HostName: "web01",
      IPCustomEntity: ATTACKER,
      timestamp: "2024-05-14T10:07:31.000Z",
      PageAccessed: SHELL,
      dcount_SourceIP: 1,
    });
  });

  it("joins HostName to sComputerName case-sensitively: web01 never meets WEB01", () => {
    expect(runCommand([commandAlert({ host: "web01" })], [req("2024-05-14T10:07:31Z", { host: "WEB01" })])).toEqual([]);
    expect(
      runCommand([commandAlert({ host: "WEB01" })], [req("2024-05-14T10:07:31Z", { host: "WEB01" })]),
    ).toHaveLength(1);
  });

  describe("keys the time window on the alert's TimeGenerated, not the process CreationTimeUtc", () => {
    // Ingested 13 minutes after the process ran: TimeKey = bin(10:20:10, 30s) = 10:20:00.
    const late = commandAlert({ time: "2024-05-14T10:20:10Z", created: "2024-05-14T10:07:31.8821043Z" });

    it("misses the real shell request next to CreationTimeUtc", () => {
      expect(runCommand([late], [req("2024-05-14T10:07:31Z")])).toEqual([]);
      expect(runCommand([late], [req("2024-05-14T10:07:32Z")])).toEqual([]);
    });

    it("finds a request inside [TimeKey, TimeKey + 90 s)", () => {
      expect(runCommand([late], [req("2024-05-14T10:20:05Z")])).toHaveLength(1);
      expect(runCommand([late], [req("2024-05-14T10:20:00Z")])).toHaveLength(1);
      expect(runCommand([late], [req("2024-05-14T10:21:29.999Z")])).toHaveLength(1);
    });

    it("misses a request one moment before TimeKey or at TimeKey + 90 s", () => {
      expect(runCommand([late], [req("2024-05-14T10:19:59.999Z")])).toEqual([]);
      expect(runCommand([late], [req("2024-05-14T10:21:30Z")])).toEqual([]);
    });

    it("bins TimeGenerated to a multiple of 30 s since the epoch", () => {
      const [row] = commandKeyedData([late]);
      expect(new Date(row!.timeKey).toISOString()).toBe("2024-05-14T10:20:00.000Z");
      expect(bin30s(Date.parse("2024-05-14T10:20:29.999Z"))).toBe(Date.parse("2024-05-14T10:20:00Z"));
      expect(bin30s(-1)).toBe(-30_000);
    });
  });

  describe("keeps only (StartTime - EndTime) between 0 and 1 min, which drops repeated use", () => {
    it("drops a shell used twice within the window of the alert's key", () => {
      const requests = [req("2024-05-14T10:07:31Z"), req("2024-05-14T10:07:45Z")];
      expect(runCommand([commandAlert()], requests)).toEqual([]);
    });

    it("keeps a shell used once", () => {
      expect(runCommand([commandAlert()], [req("2024-05-14T10:07:45Z")])).toHaveLength(1);
    });

    it("keeps a shell used twice in the same second (StartTime == EndTime)", () => {
      const requests = [req("2024-05-14T10:07:31Z"), req("2024-05-14T10:07:31Z")];
      expect(runCommand([commandAlert()], requests)).toHaveLength(1);
    });

    it("keeps it when the other use is outside the key's window (a different group)", () => {
      // 10:06:00 carries keys 10:05:00..10:06:00, not the alert's 10:07:30.
      const rows = runCommand([commandAlert()], [req("2024-05-14T10:06:00Z"), req("2024-05-14T10:07:31Z")]);
      expect(rows.map((r) => r.timestamp)).toEqual(["2024-05-14T10:07:31.000Z"]);
    });

    it("judges each (IP, user agent, …) group on its own", () => {
      const requests = [
        req("2024-05-14T10:07:31Z", { ip: "203.0.113.5" }),
        req("2024-05-14T10:07:33Z", { ip: "203.0.113.6" }),
      ];
      expect(runCommand([commandAlert()], requests).map((r) => r.IPCustomEntity)).toEqual([
        "203.0.113.5",
        "203.0.113.6",
      ]);
    });
  });

  it("pairs files and processes across alerts by $id alone, under the file alert's host and time", () => {
    const a = commandAlert({ id: "alert-a", host: "weba", time: "2024-05-14T10:07:40Z" });
    const b = commandAlert({
      id: "alert-b",
      host: "webb",
      time: "2024-05-14T11:30:10Z",
      child: "powershell.exe",
      commandLine: "powershell.exe -enc SQBFAFgA",
      created: "2024-05-14T11:30:01Z",
    });
    const requests = [req("2024-05-14T10:07:31Z", { host: "weba" })];
    // A's cmd.exe file ($id "4") meets B's powershell process (ImageFile.$ref "4"): B's command
    // line is reported on A's host, at A's time, with A's image name.
    expect(pick(runCommand([a, b], requests))).toEqual([
      { HostName: "weba", ParentProcess: "cmd.exe", CommandLine: "cmd.exe /c whoami" },
      { HostName: "weba", ParentProcess: "cmd.exe", CommandLine: "powershell.exe -enc SQBFAFgA" },
    ]);
    // …and the other way round, A's command line on B's host at B's time.
    const keyed = commandKeyedData([a, b]).map((r) => [r.systemAlertId, r.hostName, r.imageName, r.commandLine]);
    expect(keyed).toContainEqual(["alert-b", "webb", "powershell.exe", "cmd.exe /c whoami"]);
    expect(keyed).toHaveLength(4);
  });

  it("puts the child's image name in ParentProcess (the column is mislabelled)", () => {
    const rows = runCommand(
      [commandAlert({ child: "powershell.exe", commandLine: "powershell.exe -nop -c iex(x)" })],
      [req("2024-05-14T10:07:31Z")],
    );
    expect(rows.map((r) => r.ParentProcess)).toEqual(["powershell.exe"]);
  });

  describe("w3wp.exe: detection ignores case, the file filter does not", () => {
    it("counts an upper-case W3WP.EXE as a file, pairing it with the w3wp.exe process", () => {
      const rows = runCommand([commandAlert({ w3wpName: "W3WP.EXE" })], [req("2024-05-14T10:07:31Z")]);
      expect(rows.map((r) => [r.ParentProcess, r.CommandLine])).toEqual([
        ["W3WP.EXE", 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "DefaultAppPool"'],
        ["cmd.exe", "cmd.exe /c whoami"],
      ]);
    });

    it("leaves a lower-case w3wp.exe out of the files", () => {
      const rows = runCommand([commandAlert({ w3wpName: "w3wp.exe" })], [req("2024-05-14T10:07:31Z")]);
      expect(rows.map((r) => r.ParentProcess)).toEqual(["cmd.exe"]);
    });

    it("detects a shell alert by a w3wp.exe file entity in any case, and only by one", () => {
      expect(runCommand([commandAlert({ w3wpName: "W3wp.Exe" })], [req("2024-05-14T10:07:31Z")])).toHaveLength(2);
      expect(runCommand([commandAlert({ w3wpName: "iisexpress.exe" })], [req("2024-05-14T10:07:31Z")])).toEqual([]);
    });
  });

  it("keeps one user agent per IP in Attacker (the smallest), and the set of sites", () => {
    const requests = [
      req("2024-05-14T10:07:31Z", { ua: "Zeta/1.0", site: "W3SVC2" }),
      req("2024-05-14T10:07:31Z", { ua: "Alpha/2.0", site: "W3SVC1" }),
    ];
    const rows = runCommand([commandAlert()], requests);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.Attacker).toEqual({ [ATTACKER]: "Alpha/2.0" });
    expect(rows[0]!.Site).toEqual(["W3SVC1", "W3SVC2"]);
  });

  describe("baseline: distinct client IPs of the page over every host and site", () => {
    const others = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        req("2024-05-10T08:00:00Z", { host: "web02", site: "W3SVC9", ip: `192.0.2.${i + 1}` }),
      );

    it("drops a page that 4 IPs requested, even on another server", () => {
      const requests = [req("2024-05-14T10:07:31Z"), ...others(3)];
      expect(runCommand([commandAlert()], requests)).toEqual([]);
    });

    it("keeps a page that 3 IPs requested, with the count", () => {
      const requests = [req("2024-05-14T10:07:31Z"), ...others(2)];
      const rows = runCommand([commandAlert()], requests);
      expect(rows.map((r) => [r.PageAccessed, r.dcount_SourceIP])).toEqual([[SHELL, 3]]);
    });

    it("asks the given baseline, not the requests it was handed", () => {
      const rows = commandAlertEnrichment([commandAlert()], [req("2024-05-14T10:07:31Z")], () => 4);
      expect(rows).toEqual([]);
    });

    it('counts an empty client IP as a value ("" in KQL)', () => {
      const count = baselineDcountFromRequests([
        req("2024-05-14T10:00:00Z", { ip: null }),
        req("2024-05-14T10:00:00Z"),
      ]);
      expect(count(SHELL)).toBe(2);
    });
  });

  it("looks at script pages with has_any semantics, .js included and .json/.jspx not", () => {
    const stems = ["/static/app.js", "/static/data.json", "/x.jspx", "/y.JSP", "/z.aspx/pathinfo"];
    const requests = stems.map((stem, i) => req("2024-05-14T10:07:31Z", { stem, ip: `203.0.113.${i + 1}` }));
    const rows = runCommand([commandAlert()], requests);
    expect(rows.map((r) => [r.ShellLocation, r.ShellName])).toEqual([
      ["/static/app.js", "app.js"],
      ["/y.JSP", "y.JSP"],
      ["/z.aspx/pathinfo", "pathinfo"],
    ]);
  });

  it('takes ProviderName =~ "MDATP" case-insensitively and nothing else', () => {
    expect(runCommand([commandAlert({ provider: "mdatp" })], [req("2024-05-14T10:07:31Z")])).toHaveLength(1);
    expect(runCommand([commandAlert({ provider: "MCAS" })], [req("2024-05-14T10:07:31Z")])).toEqual([]);
    expect(runCommand([commandAlert({ provider: null })], [req("2024-05-14T10:07:31Z")])).toEqual([]);
  });

  it("expands only top-level entities: an inline ImageFile is not a file row and has no $ref", () => {
    const alert = commandAlert();
    alert.entities = alert.entities.map((e) =>
      (e as { $id?: string }).$id === "5"
        ? { ...(e as object), ImageFile: { $id: "9", Type: "file", Name: "cmd.exe" } }
        : e,
    );
    expect(runCommand([alert], [req("2024-05-14T10:07:31Z")])).toEqual([]);
    // The "" key of the missing $ref meets a file entity without $id (tostring(null) == "").
    alert.entities.push({ Type: "file", Name: "rundll32.exe" });
    expect(pick(runCommand([alert], [req("2024-05-14T10:07:31Z")]))).toEqual([
      { HostName: "web01", ParentProcess: "rundll32.exe", CommandLine: "cmd.exe /c whoami" },
    ]);
  });

  it("carries DnsDomain in the host rows but outputs one row per distinct result", () => {
    const alert = commandAlert({ extra: [{ $id: "9", Type: "host", HostName: "web01", DnsDomain: "corp.local" }] });
    const keyed = commandKeyedData([alert]);
    expect(keyed.map((r) => r.dnsDomain).sort()).toEqual(["contoso.local", "corp.local"]);
    expect(runCommand([alert], [req("2024-05-14T10:07:31Z")])).toHaveLength(1);
  });

  it("orders rows by timestamp, HostName, ShellLocation, CommandLine, IPCustomEntity", () => {
    const alerts = [
      commandAlert(),
      commandAlert({ id: "cmd-2", time: "2024-05-14T10:09:10Z", commandLine: "cmd.exe /c dir" }),
    ];
    const requests = [
      req("2024-05-14T10:09:05Z", { stem: "/b.aspx" }),
      req("2024-05-14T10:07:31Z", { stem: "/b.aspx", ip: "203.0.113.9" }),
      req("2024-05-14T10:07:31Z", { stem: "/a.aspx", ip: "203.0.113.9" }),
    ];
    const rows = runCommand(alerts, requests);
    expect(rows.map((r) => [r.timestamp.slice(11, 19), r.ShellLocation, r.CommandLine])).toEqual([
      ["10:07:31", "/a.aspx", "cmd.exe /c dir"],
      ["10:07:31", "/a.aspx", "cmd.exe /c whoami"],
      ["10:07:31", "/b.aspx", "cmd.exe /c dir"],
      ["10:07:31", "/b.aspx", "cmd.exe /c whoami"],
      ["10:09:05", "/b.aspx", "cmd.exe /c dir"],
      ["10:09:05", "/b.aspx", "cmd.exe /c whoami"],
    ]);
  });
});

function fileAlert(id: string, name: string, spec: { provider?: string; host?: string } = {}): CompatAlert {
  return {
    systemAlertId: id,
    providerName: spec.provider ?? "MDATP",
    timeGenerated: at("2024-05-14T10:02:15Z"),
    entities: [
      { $id: "1", Type: "host", HostName: spec.host ?? "web01", DnsDomain: "contoso.local" },
      { $id: "2", Type: "file", Name: name, Directory: "C:\\inetpub\\wwwroot\\aspnet_client\\system_web" },
    ],
  };
}

describe("fileAlertEnrichment", () => {
  it("groups the shell's requests by IP, user agent, site and stem, in the query's columns", () => {
    const requests = [
      req("2024-05-14T10:07:31Z"),
      req("2024-05-14T10:02:13Z"),
      req("2024-05-14T10:01:44Z", { stem: "/api/upload.ashx" }),
    ];
    const rows = fileAlertEnrichment([fileAlert("f-1", "Setconfigure.aspx")], requests);
    expect(rows).toEqual([
      {
        StartTime: "2024-05-14T10:02:13.000Z",
        EndTime: "2024-05-14T10:07:31.000Z",
        AttackerIP: ATTACKER,
        AttackerUserAgent: UA,
        SiteName: "W3SVC1",
        ShellLocation: SHELL,
        timestamp: "2024-05-14T10:02:13.000Z",
        IPCustomEntity: ATTACKER,
      },
    ]);
    expect(Object.keys(rows[0]!)).toEqual([
      "StartTime",
      "EndTime",
      "AttackerIP",
      "AttackerUserAgent",
      "SiteName",
      "ShellLocation",
      "timestamp",
      "IPCustomEntity",
    ]);
  });

  it("joins innerunique: two alerts naming the file give each IIS group once", () => {
    const alerts = [fileAlert("f-1", "Setconfigure.aspx"), fileAlert("f-2", "Setconfigure.aspx")];
    const requests = [req("2024-05-14T10:02:13Z"), req("2024-05-14T10:03:00Z", { ip: "203.0.113.77" })];
    // A plain inner join would give 4 rows (2 alerts × 2 groups).
    expect(fileAlertEnrichment(alerts, requests).map((r) => r.AttackerIP)).toEqual([ATTACKER, "203.0.113.77"]);
  });

  it("compares FileName case-sensitively", () => {
    expect(
      fileAlertEnrichment(
        [fileAlert("f-1", "Setconfigure.aspx")],
        [req("2024-05-14T10:02:13Z", { stem: "/x/setconfigure.aspx" })],
      ),
    ).toEqual([]);
    expect(fileAlertEnrichment([fileAlert("f-1", "SETCONFIGURE.ASPX")], [req("2024-05-14T10:02:13Z")])).toEqual([]);
  });

  it("has no host, folder or time condition: another server, folder and year match", () => {
    const rows = fileAlertEnrichment(
      [fileAlert("f-1", "Setconfigure.aspx", { host: "web01" })],
      [req("2019-01-02T03:04:05Z", { host: "other-server", site: "W3SVC3", stem: "/elsewhere/Setconfigure.aspx" })],
    );
    expect(rows.map((r) => [r.ShellLocation, r.SiteName, r.StartTime])).toEqual([
      ["/elsewhere/Setconfigure.aspx", "W3SVC3", "2019-01-02T03:04:05.000Z"],
    ]);
  });

  it("takes only MDATP file entities whose Name has a script extension", () => {
    const requests = [
      req("2024-05-14T10:02:13Z", { stem: "/notes.txt" }),
      req("2024-05-14T10:02:13Z", { stem: "/a/app.js" }),
    ];
    expect(fileAlertEnrichment([fileAlert("f-1", "notes.txt")], requests)).toEqual([]);
    expect(fileAlertEnrichment([fileAlert("f-1", "app.js", { provider: "MCAS" })], requests)).toEqual([]);
    expect(fileAlertEnrichment([fileAlert("f-1", "app.js", { provider: "Mdatp" })], requests)).toHaveLength(1);
  });

  it('treats null columns as "" and keeps those groups', () => {
    const rows = fileAlertEnrichment(
      [fileAlert("f-1", "Setconfigure.aspx")],
      [req("2024-05-14T10:02:13Z", { ip: null, ua: null, site: null })],
    );
    expect(rows.map((r) => [r.AttackerIP, r.AttackerUserAgent, r.SiteName, r.IPCustomEntity])).toEqual([
      ["", "", "", ""],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// The shared sample: two MDE alerts (a file alert and a command alert on web01) and the IIS log
// of the same server, which writes its name as WEB01.

function sampleAlerts(): CompatAlert[] {
  const { rows } = JSON.parse(readFileSync(path.join(FIXTURES, "alerts", "mde-webshell-alerts.json"), "utf8")) as {
    rows: { SystemAlertId: string; ProviderName: string; TimeGenerated: string; Entities: string }[];
  };
  return rows.map((r) => ({
    systemAlertId: r.SystemAlertId,
    providerName: r.ProviderName,
    timeGenerated: parseAlertTime(r.TimeGenerated)!,
    entities: JSON.parse(r.Entities) as unknown[],
  }));
}

async function sampleRequests(): Promise<CompatRequest[]> {
  const input = (async function* () {
    yield readFileSync(path.join(FIXTURES, "iis", "u_ex240514.log"));
  })();
  const out: CompatRequest[] = [];
  for await (const chunk of parseW3c(input)) {
    expect(chunk.errors).toEqual([]);
    for (const r of chunk.records) {
      out.push({
        time: new Date(r.time),
        site: r.site,
        host: r.host,
        clientIp: r.clientIp,
        userAgent: r.userAgent,
        uriStem: r.uriStem,
      });
    }
  }
  return out;
}

describe("the shared sample", () => {
  const W3WP_COMMAND_LINE =
    'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "DefaultAppPool" -v "v4.0" -l "webengine4.dll" -a \\\\.\\pipe\\iisipm1b2c3d4e -h "C:\\inetpub\\temp\\apppools\\DefaultAppPool\\DefaultAppPool.config" -w "" -m 0 -t 20 -ta 0';
  const CMD_COMMAND_LINE =
    'cmd.exe /c cd /d "C:\\inetpub\\wwwroot\\aspnet_client\\system_web"&whoami /all&echo [S]&cd&echo [E]';

  it("command query: no row, because MDE names the host web01 and IIS writes WEB01", async () => {
    const requests = await sampleRequests();
    expect(new Set(requests.map((r) => r.host))).toEqual(new Set(["WEB01"]));
    expect(runCommand(sampleAlerts(), requests)).toEqual([]);
  });

  it("command query with the IIS host lower-cased: two rows, one of them cross-paired", async () => {
    const requests = (await sampleRequests()).map((r) => ({ ...r, host: r.host?.toLowerCase() ?? null }));
    const attacker = { [ATTACKER]: UA };
    // Both alerts have a w3wp.exe file entity, so both are "shell alerts".
    // Row 1: the FILE alert (TimeGenerated 10:02:15 → TimeKey 10:02:00) has Setconfigure.aspx as
    // $id "3"; the command alert's w3wp.exe process has ImageFile.$ref "3". Their pairing gives
    // the w3wp.exe command line under ParentProcess "Setconfigure.aspx", matched to the upload
    // request of 10:02:13 (keys 10:01:00, 10:01:30, 10:02:00).
    // Row 2: the command alert (10:07:40 → 10:07:30): cmd.exe ($id "8") and its process
    // ($ref "8"), matched to the request of 10:07:31 (keys 10:06:30, 10:07:00, 10:07:30).
    // Each request is alone in its group (StartTime == EndTime), and only 198.51.100.23 ever
    // requested the page (dcount 1 <= 3).
    expect(runCommand(sampleAlerts(), requests)).toEqual([
      {
        Site: ["W3SVC1"],
        ShellLocation: SHELL,
        ShellName: "Setconfigure.aspx",
        ParentProcess: "Setconfigure.aspx",
        CommandLine: W3WP_COMMAND_LINE,
        Attacker: attacker,
        HostName: "web01",
        IPCustomEntity: ATTACKER,
        timestamp: "2024-05-14T10:02:13.000Z",
        PageAccessed: SHELL,
        dcount_SourceIP: 1,
      },
      {
        Site: ["W3SVC1"],
        ShellLocation: SHELL,
        ShellName: "Setconfigure.aspx",
        ParentProcess: "cmd.exe",
        CommandLine: CMD_COMMAND_LINE,
        Attacker: attacker,
        HostName: "web01",
        IPCustomEntity: ATTACKER,
        timestamp: "2024-05-14T10:07:31.000Z",
        PageAccessed: SHELL,
        dcount_SourceIP: 1,
      },
    ]);
  });

  it("file query: the Setconfigure.aspx group, first upload to last command, host case irrelevant", async () => {
    const expected = [
      {
        StartTime: "2024-05-14T10:02:13.000Z",
        EndTime: "2024-05-14T10:07:31.000Z",
        AttackerIP: ATTACKER,
        AttackerUserAgent: UA,
        SiteName: "W3SVC1",
        ShellLocation: SHELL,
        timestamp: "2024-05-14T10:02:13.000Z",
        IPCustomEntity: ATTACKER,
      },
    ];
    expect(fileAlertEnrichment(sampleAlerts(), await sampleRequests())).toEqual(expected);
  });
});

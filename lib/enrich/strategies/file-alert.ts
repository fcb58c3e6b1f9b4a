// The file strategy: an alert about a script file written in a web folder. The shell is the URL
// that serves that file, first requested after its creation; its clients are the attackers and
// the POST just before the file appeared, when there is one, is how it was installed.
import type { AlertForEnrichment } from "../load-alert-for-enrichment";
import type { FindingDraft } from "../../findings/finding-draft";
import { hasAnyTerm } from "../kql-has";
import { resolveWebHosts } from "../resolve-web-hosts";
import { DEFAULT_SCRIPT_EXTENSIONS, type EnrichConfig } from "../enrich-config";
import { findFileRequests, findLastPostBefore, findPageClients, type RequestRow } from "../find-shell-evidence";
import { summary, type EnrichmentSummary } from "../enrichment-summary";
import { evidenceOf } from "../evidence-of";
import { describeHosts } from "./describe-hosts";

const MINUTE = 60_000;
const DAY = 86_400_000;
const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();

export async function enrichFileAlert(
  alert: AlertForEnrichment,
  config: EnrichConfig,
): Promise<{ draft: FindingDraft | null; summary: EnrichmentSummary }> {
  const file = alert.files.find(
    (f) => f.name && lower(f.name) !== "w3wp.exe" && hasAnyTerm(f.name, DEFAULT_SCRIPT_EXTENSIONS),
  );
  const created = alert.startTime ?? alert.timeGenerated;
  const webHosts = await resolveWebHosts(alert.hosts, created);
  const hostList = describeHosts(alert);
  if (!file?.name) {
    return {
      draft: null,
      summary: summary(config, webHosts, created, "no_candidates", "no script file entity to look for", []),
    };
  }
  if (!webHosts.length) {
    return {
      draft: null,
      summary: summary(config, [], created, "no_web_logs", `no web log names host ${hostList}`, []),
    };
  }
  const folder = (file.directory ?? "").split(/[\\/]/).filter(Boolean).pop() ?? "";
  const from = new Date(Math.floor(created.getTime() / 1000) * 1000);
  // Widen step by step: the first use of a new shell usually follows within minutes.
  let shellRequests: RequestRow[] = [];
  for (const span of [MINUTE * 60, DAY, 7 * DAY, config.baselineDays * DAY]) {
    shellRequests = await findFileRequests(webHosts, folder, file.name, from, new Date(from.getTime() + span), 200);
    if (shellRequests.length) break;
  }
  if (!shellRequests.length) {
    return {
      draft: null,
      summary: summary(
        config,
        webHosts,
        created,
        "no_candidates",
        `no request for /${folder}/${file.name} on ${webHosts.join(", ")} after its creation`,
        [],
      ),
    };
  }
  const first = shellRequests[0]!;
  const stem = first.uriStem;
  const clients = await findPageClients(
    first.host,
    first.site,
    stem,
    from,
    new Date(from.getTime() + config.baselineDays * DAY),
  );
  const attackers = clients.map((c) => ({ ip: c.ip, userAgent: c.userAgent }));
  const ips = [...new Set(clients.map((c) => c.ip).filter((ip): ip is string => !!ip))];
  // The upload completes around the moment the file is written: allow a few seconds past it.
  const install = await findLastPostBefore(
    [first.host],
    ips,
    stem,
    new Date(created.getTime() - config.installLookbackHours * 3_600_000),
    new Date(created.getTime() + 5000),
  );
  const reasons = [
    `${file.name} in ${file.directory ?? "(no directory)"} is served as ${stem}`,
    `first requested ${Math.round((first.time.getTime() - created.getTime()) / 1000)} s after the file was created, by ${first.clientIp ?? "?"}`,
  ];
  let confidence = 0.7;
  if (shellRequests.some((r) => r.status === 200)) {
    confidence += 0.1;
    reasons.push("the server answered 200: the script runs");
  }
  if (shellRequests.some((r) => lower(r.method) === "post")) {
    confidence += 0.1;
    reasons.push("it receives POSTs");
  }
  if (install) {
    confidence += 0.09;
    reasons.push(`${install.method} ${install.uriStem} by the same client shortly before the file appeared`);
  }
  const draft: FindingDraft = {
    kind: "file",
    hostName: first.host,
    site: first.site,
    shellLocation: stem,
    shellName: stem.split("/").pop() ?? file.name,
    commandLine: null,
    processCreatedAt: null,
    fileCreatedAt: created,
    firstShellAccess: first.time,
    installedVia: install
      ? {
          time: install.time.toISOString(),
          method: install.method,
          uri: install.uriStem,
          ip: install.clientIp,
          userAgent: install.userAgent,
        }
      : null,
    attackers,
    confidence: Math.round(confidence * 1000) / 1000,
    reasons,
    evidence: [...(install ? [install] : []), ...shellRequests.slice(0, 50)].map(evidenceOf),
  };
  return {
    draft,
    summary: summary(config, webHosts, created, "finding", `shell ${stem} (confidence ${draft.confidence})`, []),
  };
}

// The two Sentinel hunting queries Shellcase grew from, byte for byte as published: sent
// unchanged to a workspace by `sentinel-compat --source` (lib/enrich/compare-workspace-compat.ts)
// so an analyst sees what the original queries return where the data lives, beside Shellcase's
// own port of them (lib/enrich/sentinel-compat.ts). Never edit these strings: their SHA-256 is
// pinned by hunting.test.ts, and the command query is checked against its published YAML
// (tests/fixtures/sentinel/). Trailing spaces are part of the published text.
//
// Sources (Azure/Azure-Sentinel, MIT licence, author Thomas McElroy):
//   Hunting Queries/SecurityAlert/WebShellCommandAlertEnrich.yaml (id d2e6f31b-…)
//   Hunting Queries/SecurityAlert/WebShellFileAlertEnrich.yaml (id d0a3cb7b-…)

export interface HuntingQuery {
  /** The hunting query's id in Azure-Sentinel. */
  id: string;
  name: string;
  text: string;
}

export const COMMAND_ALERT_ENRICHMENT: HuntingQuery = {
  id: "d2e6f31b-add1-4f44-b54d-1975a5605c1d",
  name: "Web shell command alert enrichment",
  text: 'let scriptExtensions = dynamic([".php", ".jsp", ".js", ".aspx", ".asmx", ".asax", ".cfm", ".shtml"]);\nlet lookupWindow = 1m;  \nlet lookupBin = lookupWindow / 2.0; \nlet distinctIpThreshold = 3; \nlet alerts = SecurityAlert  \n| extend alertData = parse_json(Entities), recordGuid = new_guid(); \nlet shellAlerts = alerts \n| where ProviderName =~ "MDATP"  \n| mvexpand alertData \n| where alertData.Type =~ "file" and alertData.Name =~ "w3wp.exe" \n| distinct SystemAlertId \n| join kind=inner (alerts) on SystemAlertId; \nlet alldata = shellAlerts  \n| mvexpand alertData \n| extend Type = alertData.Type; \nlet filedata = alldata  \n| extend id = tostring(alertData.$id)  \n| extend ImageName = alertData.Name  \n| where Type =~ "file" and ImageName != "w3wp.exe" \n| extend imagefileref = id;  \nlet commanddata = alldata  \n| extend CommandLine = tostring(alertData.CommandLine)  \n| extend creationtime = tostring(alertData.CreationTimeUtc)  \n| where Type =~ "process"  \n| where isnotempty(CommandLine)  \n| extend imagefileref = tostring(alertData.ImageFile.$ref); \nlet hostdata = alldata \n| where Type =~ "host" \n| project HostName = tostring(alertData.HostName), DnsDomain = tostring(alertData.DnsDomain), SystemAlertId \n| distinct HostName, DnsDomain, SystemAlertId; \nlet commandKeyedData = filedata \n| join kind=inner (  \ncommanddata  \n) on imagefileref \n| join kind=inner (hostdata) on SystemAlertId \n| project recordGuid, TimeGenerated, ImageName, CommandLine, TimeKey = bin(TimeGenerated, lookupBin), HostName, DnsDomain \n| extend Start = TimeGenerated; \nlet baseline = W3CIISLog  \n| project-rename SourceIP=cIP, PageAccessed=csUriStem \n| summarize dcount(SourceIP) by PageAccessed \n| where dcount_SourceIP <= distinctIpThreshold; \ncommandKeyedData \n| join kind=inner ( \nW3CIISLog   \n| where csUriStem has_any(scriptExtensions)  \n| extend splitUriStem = split(csUriStem, "/")  \n| extend FileName = splitUriStem[-1] | extend firstDir = splitUriStem[-2] | extend TimeKey = range(bin(TimeGenerated-lookupWindow, lookupBin), bin(TimeGenerated, lookupBin),lookupBin)  \n| mv-expand TimeKey to typeof(datetime)  \n| summarize StartTime=min(TimeGenerated), EndTime=max(TimeGenerated) by Site=sSiteName, HostName=sComputerName, AttackerIP=cIP, AttackerUserAgent=csUserAgent, csUriStem, filename=tostring(FileName), tostring(firstDir), TimeKey \n) on TimeKey, HostName \n| where (StartTime - EndTime) between (0min .. lookupWindow) \n| extend IPCustomEntity = AttackerIP, timestamp = StartTime\n| extend attackerP = pack(AttackerIP, AttackerUserAgent)  \n| summarize Site=make_set(Site), Attacker=make_bag(attackerP) by csUriStem, filename, tostring(ImageName), CommandLine, HostName, IPCustomEntity, timestamp\n| project Site, ShellLocation=csUriStem, ShellName=filename, ParentProcess=ImageName, CommandLine, Attacker, HostName, IPCustomEntity, timestamp\n| join kind=inner (baseline) on $left.ShellLocation == $right.PageAccessed',
};

export const FILE_ALERT_ENRICHMENT: HuntingQuery = {
  id: "d0a3cb7b-375e-402d-9827-adafe0ce386d",
  name: "Web shell file alert enrichment",
  text: 'let scriptExtensions = dynamic([".php", ".jsp", ".js", ".aspx", ".asmx", ".asax", ".cfm", ".shtml"]);  \nSecurityAlert   \n| where ProviderName =~ "MDATP" \n| extend alertData = parse_json(Entities)  \n| mvexpand alertData  \n// Get only the file type from the JSON, this gives us the file name\n| where alertData.Type =~ "file"  \n// This can be expanded to include other script extensions \n| where alertData.Name has_any(scriptExtensions)\n| extend FileName = alertData.Name \n| project TimeGenerated, tostring(FileName), alertData.Directory \n| join (  \nW3CIISLog    \n| where csUriStem has_any(scriptExtensions) \n| extend splitUriStem = split(csUriStem, "/")  \n| extend FileName = splitUriStem[-1] \n| summarize StartTime=min(TimeGenerated), EndTime=max(TimeGenerated) by AttackerIP=cIP, AttackerUserAgent=csUserAgent, SiteName=sSiteName, ShellLocation=csUriStem, tostring(FileName)  \n) on FileName \n| project StartTime, EndTime, AttackerIP, AttackerUserAgent, SiteName, ShellLocation\n| extend timestamp = StartTime, IPCustomEntity = AttackerIP  ',
};

export const HUNTING_QUERIES = [COMMAND_ALERT_ENRICHMENT, FILE_ALERT_ENRICHMENT] as const;

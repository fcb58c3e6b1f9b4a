// Maps Defender's host entity to the host names IIS logs use. Defender writes HostName in lower
// case ("web01") with DnsDomain and FQDN; IIS writes s-computername as the machine name
// ("WEB01"), and hosts given at import may be either form. Matched case-insensitively on the
// short name, the FQDN and HostName.DnsDomain, against web_log_sources (a few rows), so the
// request queries can then use the exact values and the (host, time) index.
import { getPool } from "../db";
import { workspaceHostNames } from "../sentinel/evidence/ensure-evidence";

export interface AlertHostNames {
  hostName: string | null;
  dnsDomain: string | null;
  fqdn: string | null;
}

export function hostKeys(h: AlertHostNames): Set<string> {
  const keys = new Set<string>();
  const add = (v: string | null | undefined) => {
    const s = (v ?? "").trim().toLowerCase();
    if (!s) return;
    keys.add(s);
    keys.add(s.split(".")[0]!); // the short name of an FQDN
  };
  add(h.hostName);
  add(h.fqdn);
  if (h.hostName && h.dnsDomain) add(`${h.hostName}.${h.dnsDomain}`);
  return keys;
}

/** True when an IIS host name denotes one of the alert's hosts. */
export function matchesHost(iisHost: string, keys: Set<string>): boolean {
  const h = iisHost.trim().toLowerCase();
  return h !== "" && (keys.has(h) || keys.has(h.split(".")[0]!));
}

/**
 * The IIS host names of the alert's hosts: those of imported logs, and, when `around` is given,
 * those the enabled workspaces log within a month of it (their requests are fetched on demand).
 */
export async function resolveWebHosts(hosts: AlertHostNames[], around?: Date): Promise<string[]> {
  const keys = new Set<string>();
  for (const h of hosts) for (const k of hostKeys(h)) keys.add(k);
  if (!keys.size) return [];
  const { rows } = await getPool().query<{ host: string }>(
    "SELECT DISTINCT host FROM web_log_sources WHERE host <> ''",
  );
  const names = new Set(rows.map((r) => r.host).filter((h) => matchesHost(h, keys)));
  if (around) for (const n of await workspaceHostNames([...keys], around)) if (matchesHost(n, keys)) names.add(n);
  return [...names].sort();
}

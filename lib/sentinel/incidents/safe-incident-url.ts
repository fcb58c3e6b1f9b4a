// An incident's URL comes from a workspace row (SecurityIncident.IncidentUrl): whoever can write
// to the workspace chooses it. It becomes a link only when it is https and points at the Azure
// portal or at the source's own ARM host; anything else (javascript:, data:, http:, another
// host, a URL with credentials) is shown as text or not at all.
export const PORTAL_HOST = "portal.azure.com";

export function safeIncidentUrl(url: string | null | undefined, sourceHost: string | null = null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" || parsed.username || parsed.password) return null;
  const host = parsed.host.toLowerCase();
  if (host !== PORTAL_HOST && !(sourceHost && host === sourceHost.toLowerCase())) return null;
  return parsed.href;
}

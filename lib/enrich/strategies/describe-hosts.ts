// The alert's host names for enrichment messages.
import type { AlertForEnrichment } from "../load-alert-for-enrichment";

/** "web01, web02", or a note that the alert names none. */
export function describeHosts(alert: AlertForEnrichment): string {
  return (
    alert.hosts
      .map((h) => h.hostName ?? h.fqdn)
      .filter(Boolean)
      .join(", ") || "(no host entity)"
  );
}

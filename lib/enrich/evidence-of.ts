// A web_requests row as a finding's evidence line (lib/findings/parse-finding-json.ts reads it back).
import type { EvidenceLine } from "../findings/parse-finding-json";
import type { RequestRow } from "./find-shell-evidence";

export function evidenceOf(r: RequestRow): EvidenceLine {
  return {
    batchId: r.batchId,
    line: r.line,
    time: r.time.toISOString(),
    site: r.site,
    method: r.method,
    uri: r.uriStem,
    query: r.uriQuery,
    ip: r.clientIp,
    userAgent: r.userAgent,
    status: r.status,
  };
}

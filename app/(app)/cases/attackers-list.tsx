import Link from "next/link";
import type { Attacker } from "@/lib/findings/parse-finding-json";

/**
 * Attacker IPs with their user agents exactly as IIS logged them (spaces written as "+"), so
 * they can be searched for verbatim. Text only: both are attacker-controlled. An attacker with a
 * profile links to it (by its numeric id, never by a logged value).
 */
export function AttackersList({ attackers }: { attackers: (Attacker & { profileId?: number | null })[] }) {
  if (attackers.length === 0) return <span className="text-slate-400">none recorded</span>;
  return (
    <ul className="space-y-1.5" data-testid="attackers">
      {attackers.map((a, i) => (
        <li key={`${a.ip}\u0000${a.userAgent}\u0000${i}`} className="min-w-0">
          {a.profileId ? (
            <Link
              href={`/attackers/${a.profileId}`}
              className="rounded font-mono text-sm font-semibold text-blue-700 hover:underline"
              data-testid="attacker-ip"
            >
              {a.ip ?? "(no client IP)"}
            </Link>
          ) : (
            <span className="font-mono text-sm font-semibold text-slate-900" data-testid="attacker-ip">
              {a.ip ?? "(no client IP)"}
            </span>
          )}
          <span
            className="block font-mono text-xs break-all whitespace-pre-wrap text-slate-600"
            data-testid="attacker-user-agent"
          >
            {a.userAgent ?? "(no user agent)"}
          </span>
        </li>
      ))}
    </ul>
  );
}

// Attacker profiles of a case, kept by enrichment in the transaction that writes a finding and
// assigns its case (lib/enrich/enrich-alert.ts): every (IP, user agent) a finding names gets a
// profile (one per identity, whatever the case), linked to the case once. Idempotent: unique keys
// and ON CONFLICT, so enriching again adds nothing.
import type { Prisma } from "../generated/prisma/client";
import { parseFindingJson } from "../findings/parse-finding-json";
import { identityKey, type AttackerIdentity } from "./identity-key";
import { identityRequestsFilter } from "./identity-requests-filter";

type Seen = { first: number; last: number };

function widen(seen: Map<string, Seen>, key: string, time: string | Date | null | undefined): void {
  const t = time == null ? NaN : new Date(time).getTime();
  if (Number.isNaN(t)) return;
  const s = seen.get(key);
  if (!s) seen.set(key, { first: t, last: t });
  else {
    s.first = Math.min(s.first, t);
    s.last = Math.max(s.last, t);
  }
}

/**
 * Upserts a profile for each of `attackers` (by identity key), refreshes its first and last seen,
 * and links it to the case. Then removes the case's links to identities that no finding of the
 * case names any more (a finding re-enriched with other attackers, or moved to another case):
 * call it with [] for a case that lost a finding. Runs on the caller's connection, inside its
 * transaction. Returns the linked profile ids.
 */
export async function upsertCaseAttackers(
  tx: Prisma.TransactionClient,
  caseId: number,
  attackers: { ip: string | null; userAgent: string | null }[],
): Promise<number[]> {
  const identities = new Map<string, AttackerIdentity>();
  for (const a of attackers) identities.set(identityKey(a), { ip: a.ip ?? "", userAgent: a.userAgent ?? "" });

  // What the case's findings say (attackers named, times of their log lines): the finding being
  // written is already in this transaction.
  const findings = await tx.$queryRaw<{ attackers: unknown; evidence: unknown; installed_via: unknown }[]>`
    SELECT attackers, evidence, installed_via FROM findings WHERE case_id = ${caseId}`;
  const named = new Set(identities.keys());
  const seen = new Map<string, Seen>();
  for (const row of findings) {
    const f = parseFindingJson({ attackers: row.attackers, evidence: row.evidence, installedVia: row.installed_via });
    for (const a of f.attackers) named.add(identityKey(a));
    for (const e of f.evidence) widen(seen, identityKey(e), e.time);
    if (f.installedVia) widen(seen, identityKey(f.installedVia), f.installedVia.time);
  }

  // Sorted by key: two enrichments upserting the same profiles lock them in the same order.
  const ids: number[] = [];
  for (const key of [...identities.keys()].sort()) {
    const identity = identities.get(key)!;
    const params: unknown[] = [];
    const where = identityRequestsFilter(identity, params);
    if (where) {
      // Earliest and latest request of this exact (IP, user agent) on any host:
      // web_requests_client_ip_time_idx, LIMIT 1 from each end.
      for (const order of ["ASC", "DESC"]) {
        // The condition is built from placeholders only; the values stay in `params`.
        const rows = await tx.$queryRawUnsafe<{ time: Date }[]>(
          `SELECT time FROM web_requests WHERE ${where} ORDER BY time ${order} LIMIT 1`,
          ...params,
        );
        if (rows[0]) widen(seen, key, rows[0].time);
      }
    }
    const s = seen.get(key);
    const first = s ? new Date(s.first) : null;
    const last = s ? new Date(s.last) : null;
    const rows = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO attacker_profiles (identity_key, ip, user_agent, first_seen, last_seen, updated_at)
      VALUES (${key}, ${identity.ip}, ${identity.userAgent}, ${first}::timestamptz, ${last}::timestamptz, now())
      ON CONFLICT (identity_key) DO UPDATE SET
        first_seen = LEAST(attacker_profiles.first_seen, EXCLUDED.first_seen),
        last_seen = GREATEST(attacker_profiles.last_seen, EXCLUDED.last_seen),
        updated_at = now()
      RETURNING id`;
    ids.push(rows[0]!.id);
  }
  if (ids.length) {
    await tx.$executeRaw`
      INSERT INTO case_attackers (case_id, attacker_id) SELECT ${caseId}, unnest(${ids}::int[]) ON CONFLICT DO NOTHING`;
  }
  await tx.$executeRaw`
    DELETE FROM case_attackers ca USING attacker_profiles p
     WHERE ca.case_id = ${caseId} AND p.id = ca.attacker_id AND NOT (p.identity_key::text = ANY(${[...named]}::text[]))`;
  return ids;
}

// What an analyst types to pick profiles to merge: "12, 198.51.100.7 #15". A number (with or
// without #) is a profile id; an IP address stands for every profile with that IP exactly (each
// user agent is its own identity). Gives the surviving profile ids, once each.
import { isIP } from "node:net";
import { getPool } from "../db";
import { AppError } from "../errors";

const MAX_REFS = 50;

export async function resolveAttackerRefs(text: string): Promise<number[]> {
  const refs = text.split(/[\s,;]+/).filter(Boolean);
  if (refs.length > MAX_REFS) throw new AppError("bad_request", `At most ${MAX_REFS} profiles at once.`);
  const ids: number[] = [];
  const ips: string[] = [];
  for (const ref of refs) {
    const id = /^#?(\d{1,10})$/.exec(ref);
    if (id && Number(id[1]) >= 1 && Number(id[1]) <= 2_147_483_647) ids.push(Number(id[1]));
    else if (isIP(ref)) ips.push(ref);
    else throw new AppError("bad_request", `"${ref.slice(0, 60)}" is neither a profile id nor an IP address.`);
  }
  if (!ips.length) return [...new Set(ids)];
  // attacker_profiles_ip_idx
  const { rows } = await getPool().query<{ ip: string; root_id: number }>(
    "SELECT DISTINCT ip, coalesce(merged_into_id, id) AS root_id FROM attacker_profiles WHERE ip = ANY($1::text[])",
    [ips],
  );
  const unknown = ips.filter((ip) => !rows.some((r) => r.ip === ip));
  if (unknown.length) throw new AppError("not_found", `No attacker profile has the IP ${unknown.join(", ")}.`);
  return [...new Set([...ids, ...rows.map((r) => r.root_id)])];
}

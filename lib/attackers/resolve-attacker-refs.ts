// What an analyst types to pick profiles to merge: "12, 198.51.100.7 #15". A number (with or
// without #) is a profile id; an IP address stands for every profile with that IP exactly (each
// user agent is its own identity). Gives the surviving profile ids, once each: a merged identity
// brings its whole group.
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
  // attacker_profiles_pkey, attacker_profiles_ip_idx
  const { rows } = await getPool().query<{ id: number; ip: string; root_id: number }>(
    `SELECT id, ip, coalesce(merged_into_id, id) AS root_id FROM attacker_profiles
      WHERE id = ANY($1::int[]) OR ip = ANY($2::text[])`,
    [ids, ips],
  );
  const unknownIds = ids.filter((id) => !rows.some((r) => r.id === id));
  if (unknownIds.length) throw new AppError("not_found", `No attacker #${unknownIds.join(", #")}.`);
  const unknownIps = ips.filter((ip) => !rows.some((r) => r.ip === ip));
  if (unknownIps.length) throw new AppError("not_found", `No attacker profile has the IP ${unknownIps.join(", ")}.`);
  return [...new Set(rows.map((r) => r.root_id))];
}

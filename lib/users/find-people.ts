// People as notes name them: everyone active who can be @mentioned (viewers too: they read
// cases), and the current names of the users a set of notes mentions.
import { getPrisma } from "../db";

export interface Person {
  id: number;
  name: string;
  email: string;
}

/** Most people the composer offers; a SOC team is far smaller. */
export const MENTIONABLE_LIMIT = 1000;

export async function findMentionableUsers(): Promise<Person[]> {
  return getPrisma().user.findMany({
    where: { disabled: false },
    select: { id: true, name: true, email: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: MENTIONABLE_LIMIT,
  });
}

/** id → current name (or email when the name is blank), for the ids that exist. */
export async function findUserNames(ids: number[]): Promise<Record<number, string>> {
  if (!ids.length) return {};
  const users = await getPrisma().user.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, name: true, email: true },
  });
  return Object.fromEntries(users.map((u) => [u.id, u.name || u.email]));
}

// A user's own choice: notifications by email too, or in the app only (the profile page).
import type { Actor } from "../auth/roles";
import { getPrisma } from "../db";

export async function setEmailNotifications(actor: Pick<Actor, "id">, on: boolean): Promise<void> {
  await getPrisma().user.update({ where: { id: actor.id }, data: { emailNotifications: on } });
}

export async function getUserPreferences(userId: number): Promise<{ emailNotifications: boolean }> {
  return getPrisma().user.findUniqueOrThrow({ where: { id: userId }, select: { emailNotifications: true } });
}

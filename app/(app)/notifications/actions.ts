"use server";
// The inbox's server actions: only ever the signed-in user's own notifications (the domain
// functions scope every write by the user).
import { z } from "zod";
import { markNotificationsRead, openNotification } from "@/lib/notifications/mark-read";
import { formAction } from "../form-action";

const id = z.coerce.number().int().positive();

export const markAllReadAction = formAction("viewer", z.object({}), async (actor) => {
  const { marked } = await markNotificationsRead(actor, { all: true });
  return { message: marked === 1 ? "1 notification marked read." : `${marked} notifications marked read.` };
});

export const markReadAction = formAction("viewer", z.object({ id }), async (actor, { id }) => {
  await markNotificationsRead(actor, { ids: [id] });
  return { message: "Marked read." };
});

/** Marks it read and goes where it leads (a path inside the app, written by Shellcase). */
export const openNotificationAction = formAction("viewer", z.object({ id }), async (actor, { id }) => {
  const link = await openNotification(actor, id);
  return {
    message: "Opened.",
    redirectTo: link && link.startsWith("/") && !link.startsWith("//") ? link : "/notifications",
  };
});

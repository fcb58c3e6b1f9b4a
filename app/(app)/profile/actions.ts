"use server";
import { z } from "zod";
import { setEmailNotifications } from "@/lib/users/set-email-notifications";
import { formAction } from "../form-action";

export const setEmailNotificationsAction = formAction(
  "viewer",
  z.object({ email: z.enum(["on", "off"]) }),
  async (actor, { email }) => {
    await setEmailNotifications(actor, email === "on");
    return { message: email === "on" ? "Notifications will be emailed too." : "Notifications stay in the app." };
  },
);

// The signed-in user's own page: who they are, and whether notifications reach them by email.
import type { Metadata } from "next";
import { connection } from "next/server";
import { DescriptionList } from "@/components/ui/description-list";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { getEnv } from "@/lib/env";
import { getUserPreferences } from "@/lib/users/set-email-notifications";
import { getCurrentActor } from "../current-actor";
import { EmailToggle } from "./email-toggle";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  await connection();
  const actor = await getCurrentActor();
  const prefs = await getUserPreferences(actor.id);
  const smtp = getEnv().SMTP_URL !== undefined;
  return (
    <>
      <PageHeader title="Profile" description="You, as Shellcase knows you, and how it tells you things." />
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="You" labelledBy="profile-you">
          <div className="p-4">
            <DescriptionList
              items={[
                { label: "Name", value: actor.name },
                { label: "Email", value: actor.email },
                { label: "Role", value: actor.role },
              ]}
            />
          </div>
        </Panel>
        <Panel title="Notifications" labelledBy="profile-notifications">
          <div className="space-y-2 p-4 text-sm text-slate-700">
            <p>
              The bell in the header counts what you have not read. Email sends each notification to {actor.email} as
              well.
            </p>
            {!smtp && (
              <p className="text-amber-800" data-testid="smtp-unset">
                This server sends no email (SMTP_URL is not set); your choice applies once it does.
              </p>
            )}
            <EmailToggle on={prefs.emailNotifications} />
          </div>
        </Panel>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { DescriptionList } from "@/components/ui/description-list";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import { UtcTime } from "@/components/ui/utc-time";
import { findMergeCandidates } from "@/lib/attackers/find-merge-candidates";
import { getAttackerById, type AttackerDetail } from "@/lib/attackers/get-attacker-by-id";
import { AppError } from "@/lib/errors";
import { UserAgentText } from "../user-agent-text";
import { ActivityChart } from "./activity-chart";
import { AttackerHistory } from "./attacker-history";
import { LabelForm } from "./label-form";
import { MergeForm } from "./merge-form";
import { SplitButton } from "./split-button";

type Params = { params: Promise<{ attackerId: string }> };

const ID = /^\d{1,10}$/;

async function loadAttacker(attackerId: string): Promise<AttackerDetail> {
  if (!ID.test(attackerId)) notFound();
  try {
    return await getAttackerById(Number(attackerId));
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { attackerId } = await params;
  // The id only: IPs and user agents are attacker-controlled and tab titles get shared.
  return { title: ID.test(attackerId) ? `Attacker #${attackerId}` : "Attacker" };
}

export default async function AttackerPage({ params }: Params) {
  await connection();
  const attacker = await loadAttacker((await params).attackerId);
  const candidates = attacker.mergedInto ? [] : await findMergeCandidates(attacker.id);
  const hosts = [...new Set(attacker.history.map((h) => h.hostName))].sort();

  return (
    <>
      <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-medium text-slate-500">
            Attacker #{attacker.id}
            {attacker.label && <span className="ml-2 text-slate-700">{attacker.label}</span>}
          </p>
          <h1
            className="mt-1 font-mono text-xl font-semibold tracking-tight break-all text-slate-900"
            data-testid="attacker-ip"
          >
            {attacker.ip || "(no client IP)"}
          </h1>
        </div>
        <ButtonLink href="/attackers">All attackers</ButtonLink>
      </div>

      <div className="space-y-5">
        {attacker.mergedInto && (
          <Panel>
            <div
              className="flex flex-wrap items-start justify-between gap-3 p-4 text-sm"
              data-testid="attacker-merged-into"
            >
              <p className="min-w-0">
                This identity is merged into{" "}
                <Link
                  href={`/attackers/${attacker.mergedInto.id}`}
                  className="rounded font-medium text-blue-700 hover:underline"
                >
                  #{attacker.mergedInto.id}{" "}
                  <span className="font-mono">{attacker.mergedInto.ip || "(no client IP)"}</span>
                </Link>
                , which shows the whole actor. This page shows this identity alone.
              </p>
              <SplitButton id={attacker.id} />
            </div>
          </Panel>
        )}

        <Panel title="Profile" labelledBy="attacker-profile">
          <div className="space-y-4 p-4">
            <DescriptionList
              items={[
                { label: "First seen", value: <UtcTime value={attacker.groupFirstSeen} /> },
                { label: "Last seen", value: <UtcTime value={attacker.groupLastSeen} /> },
                { label: "Cases", value: formatCount(attacker.history.length) },
                { label: "Hosts", value: hosts.length ? <span className="break-words">{hosts.join(", ")}</span> : "—" },
                {
                  label: "User agent (as logged)",
                  wide: true,
                  value: (
                    <span
                      className="block font-mono text-xs break-all whitespace-pre-wrap text-slate-800"
                      data-testid="attacker-user-agent"
                    >
                      {attacker.userAgent || "(no user agent)"}
                    </span>
                  ),
                },
              ]}
            />
            <LabelForm id={attacker.id} label={attacker.label} />
          </div>
        </Panel>

        {attacker.members.length > 0 && (
          <Panel
            title={`Merged identities (${formatCount(attacker.members.length)})`}
            labelledBy="attacker-members"
            description="Other IP and user agent pairs an analyst decided are this attacker."
          >
            <Table caption="Identities merged into this profile">
              <thead>
                <tr>
                  <Th className="w-20">Profile</Th>
                  <Th className="w-44">IP</Th>
                  <Th>User agent</Th>
                  <Th className="w-40">First seen</Th>
                  <Th className="w-40">Last seen</Th>
                  <Th className="w-40">
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {attacker.members.map((m) => (
                  <tr key={m.id} data-testid="attacker-member" className="align-top">
                    <Td>
                      <Link href={`/attackers/${m.id}`} className="rounded text-blue-700 hover:underline">
                        #{m.id}
                      </Link>
                    </Td>
                    <Td className="font-mono text-sm break-all">{m.ip || "(no client IP)"}</Td>
                    <Td>
                      <UserAgentText value={m.userAgent} />
                    </Td>
                    <Td>
                      <UtcTime value={m.firstSeen} />
                    </Td>
                    <Td>
                      <UtcTime value={m.lastSeen} />
                    </Td>
                    <Td>
                      <SplitButton id={m.id} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Panel>
        )}

        <Panel
          title="History across incidents"
          labelledBy="attacker-history"
          description="Every case that names this attacker; first and last request are this attacker's on the case's host."
        >
          {attacker.history.length ? (
            <AttackerHistory history={attacker.history} />
          ) : (
            <EmptyState title="No case names this attacker any more">
              Its findings were enriched again and name other clients.
            </EmptyState>
          )}
        </Panel>

        <Panel
          title="Requests over time"
          labelledBy="attacker-activity"
          description="Every stored request with this IP and user agent (and those of merged identities), on any host."
        >
          {attacker.activity ? (
            <ActivityChart activity={attacker.activity} />
          ) : (
            <EmptyState title="No stored request of this attacker" />
          )}
        </Panel>

        {!attacker.mergedInto && (
          <Panel
            title="Merge other profiles into this one"
            labelledBy="attacker-merge"
            description="For identities of the same actor (another IP or user agent). Nothing is deleted; split undoes it."
          >
            <MergeForm targetId={attacker.id} candidates={candidates} />
          </Panel>
        )}
      </div>
    </>
  );
}

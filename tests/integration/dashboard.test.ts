// The dashboard's figures (lib/dashboard) on rows of this file's own, and the list filters each
// figure links to returning exactly the counted rows. The database is shared with the other
// files: figures over every case or alert are checked as deltas around the rows made here, and
// against the list filter at the same moment; the mean times are measured over a window in 2099,
// where only this file's status changes fall.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAlerts } from "../../lib/alerts/find-alerts";
import { findAttackers } from "../../lib/attackers/find-attackers";
import { identityKey } from "../../lib/attackers/identity-key";
import type { Actor } from "../../lib/auth/roles";
import { changeCaseStatus } from "../../lib/cases/change-case-status";
import { createCaseFromAlerts } from "../../lib/cases/create-case-from-alerts";
import { findCases } from "../../lib/cases/find-cases";
import { findTasks } from "../../lib/cases/find-tasks";
import { countMyOpenTasks } from "../../lib/dashboard/count-my-open-tasks";
import { findRecentActivity } from "../../lib/dashboard/find-recent-activity";
import { getAlertFigures } from "../../lib/dashboard/get-alert-figures";
import { getLifecycleTimes } from "../../lib/dashboard/get-lifecycle-times";
import { getOpenCaseFigures } from "../../lib/dashboard/get-open-case-figures";
import { getRepeatAttackers } from "../../lib/dashboard/get-repeat-attackers";
import { closeDb, getPrisma } from "../../lib/db";
import type { CaseStatus } from "../../lib/generated/prisma/enums";
import { makeAlert, makeUser } from "../support/case-factories";

const MARK = `d${randomBytes(4).toString("hex")}`;
const HOUR = 3_600_000;
let seq = 0;

/** A case with exactly this status history ([to, at] in order, the first its opening). */
async function caseWithHistory(history: [CaseStatus, string][], ownerId: number | null = null) {
  const status = history.at(-1)![0];
  const closedAt = status === "closed" ? new Date(history.at(-1)![1]) : null;
  return getPrisma().case.create({
    data: {
      number: `CASE-${MARK}-${++seq}`,
      title: `history ${MARK}`,
      hostName: `host-${MARK}`,
      status,
      ownerId,
      closedAt,
      classification: closedAt ? "true_positive" : null,
      conclusion: closedAt ? "Made by a test." : null,
      statusChanges: {
        create: history.map(([to, at], i) => ({
          fromStatus: i === 0 ? null : history[i - 1]![0],
          toStatus: to,
          changedAt: new Date(at),
        })),
      },
    },
    select: { id: true },
  });
}

const ids = (page: { data: { id: number }[] }) => page.data.map((r) => r.id).sort((a, b) => a - b);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

let ana: Actor;
let ben: Actor;

beforeAll(async () => {
  ana = await makeUser("analyst", `Ana ${MARK}`);
  ben = await makeUser("analyst", `Ben ${MARK}`);
});

afterAll(async () => {
  await closeDb();
});

describe("open cases", () => {
  it("counts mine, unassigned, by status and by owner, and each list filter returns exactly those cases", async () => {
    const before = await getOpenCaseFigures(ana.id);
    const anaNew = await caseWithHistory([["new", "2026-11-01T00:00:00Z"]], ana.id);
    const anaTriage = await caseWithHistory(
      [
        ["new", "2026-11-01T00:00:00Z"],
        ["triage", "2026-11-01T01:00:00Z"],
      ],
      ana.id,
    );
    await caseWithHistory(
      [
        ["new", "2026-11-01T00:00:00Z"],
        ["closed", "2026-11-01T02:00:00Z"],
      ],
      ana.id,
    );
    const benInv = await caseWithHistory(
      [
        ["new", "2026-11-01T00:00:00Z"],
        ["investigating", "2026-11-01T03:00:00Z"],
      ],
      ben.id,
    );
    const none1 = await caseWithHistory([["new", "2026-11-01T00:00:00Z"]]);
    const none2 = await caseWithHistory([
      ["new", "2026-11-01T00:00:00Z"],
      ["contained", "2026-11-01T04:00:00Z"],
    ]);

    const after = await getOpenCaseFigures(ana.id);
    expect(after.mine).toBe(2);
    expect(after.unassigned - before.unassigned).toBe(2);
    expect(after.open - before.open).toBe(5);
    const delta = (s: CaseStatus) =>
      after.byStatus.find((x) => x.status === s)!.count - before.byStatus.find((x) => x.status === s)!.count;
    expect({
      new: delta("new"),
      triage: delta("triage"),
      inv: delta("investigating"),
      con: delta("contained"),
    }).toEqual({ new: 2, triage: 1, inv: 1, con: 1 });
    expect(after.byStatus.map((s) => s.status)).toEqual(["new", "triage", "investigating", "contained"]);
    expect(after.byOwner.find((o) => o.ownerId === ana.id)).toMatchObject({ name: `Ana ${MARK}`, count: 2 });
    expect(after.byOwner.find((o) => o.ownerId === ben.id)).toMatchObject({ email: ben.email, count: 1 });
    expect(after.byOwner.find((o) => o.ownerId === null)?.count).toBe(after.unassigned);

    // The lists behind the numbers: the same cases, not only as many.
    expect(ids(await findCases({ status: "open", ownerId: ana.id }))).toEqual(sorted([anaNew.id, anaTriage.id]));
    expect(ids(await findCases({ status: "open", ownerId: ben.id }))).toEqual([benInv.id]);
    const unassigned = await findCases({ status: "open", ownerId: "none", perPage: 200 });
    expect(unassigned.count).toBe(after.unassigned);
    expect(ids(await findCases({ status: "open", ownerId: "none", q: `host-${MARK}` }))).toEqual(
      sorted([none1.id, none2.id]),
    );
    for (const s of after.byStatus) expect((await findCases({ status: s.status })).count, s.status).toBe(s.count);
    expect((await findCases({ status: "open" })).count).toBe(after.open);
  });
});

describe("my open tasks", () => {
  it("counts tasks assigned to me and not done on cases not closed, as /tasks lists them", async () => {
    const open = await caseWithHistory([["new", "2026-11-02T00:00:00Z"]]);
    const closed = await caseWithHistory([
      ["new", "2026-11-02T00:00:00Z"],
      ["closed", "2026-11-02T01:00:00Z"],
    ]);
    const prisma = getPrisma();
    const task = (caseId: number, key: string, position: number) =>
      prisma.caseTask.create({ data: { caseId, key, title: `${key} ${MARK}`, position }, select: { id: true } });
    const mine1 = await task(open.id, "a", 1);
    const mine2 = await task(open.id, "b", 2);
    const done = await task(open.id, "c", 3);
    const onClosed = await task(closed.id, "a", 1);
    const bens = await task(open.id, "d", 4);
    await prisma.caseTask.updateMany({
      where: { id: { in: [mine1.id, mine2.id, done.id, onClosed.id] } },
      data: { assigneeId: ben.id },
    });
    // Ben's first, then handed to Ana: the count follows the assignee.
    await prisma.caseTask.updateMany({
      where: { id: { in: [mine1.id, mine2.id, done.id, onClosed.id] } },
      data: { assigneeId: ana.id },
    });
    await prisma.caseTask.update({ where: { id: bens.id }, data: { assigneeId: ben.id } });
    await prisma.caseTask.update({ where: { id: done.id }, data: { doneAt: new Date(), doneById: ana.id } });

    expect(await countMyOpenTasks(ana.id)).toBe(2);
    expect(await countMyOpenTasks(ben.id)).toBe(1);
    const listed = await findTasks({ assigneeId: ana.id });
    expect(listed.count).toBe(2);
    expect(ids(listed)).toEqual(sorted([mine1.id, mine2.id]));
    expect(listed.data[0]!.case).toMatchObject({ id: open.id, status: "new" });
  });
});

describe("alerts", () => {
  it("counts alerts waiting for triage and not enriched, as the alert list's filters find them", async () => {
    const before = await getAlertFigures();
    const host = `alerts-${MARK}`;
    const waiting = await makeAlert({ hostName: host });
    const inCase = await makeAlert({ hostName: host });
    const dismissed = await makeAlert({ hostName: host });
    const enriched = await makeAlert({ hostName: host });
    const failed = await makeAlert({ hostName: host });
    const notApplicable = await makeAlert({ hostName: host });
    const prisma = getPrisma();
    await createCaseFromAlerts(ana, { alertIds: [inCase.id] });
    await prisma.alert.update({
      where: { id: dismissed.id },
      data: { dismissedAt: new Date(), dismissReason: "test", enrichmentState: "done" },
    });
    await prisma.alert.update({ where: { id: enriched.id }, data: { enrichmentState: "done" } });
    await prisma.alert.update({ where: { id: failed.id }, data: { enrichmentState: "failed" } });
    await prisma.alert.update({ where: { id: notApplicable.id }, data: { enrichmentState: "not_applicable" } });
    await prisma.alert.update({ where: { id: inCase.id }, data: { enrichmentState: "running" } });

    const after = await getAlertFigures();
    // Open: waiting, enriched, failed, notApplicable (in no case, not dismissed).
    expect(after.waitingForTriage - before.waitingForTriage).toBe(4);
    // Pending (waiting), running (inCase), failed.
    expect(after.notEnriched - before.notEnriched).toBe(3);

    expect((await findAlerts({ disposition: "open" })).count).toBe(after.waitingForTriage);
    expect((await findAlerts({ state: "unenriched" })).count).toBe(after.notEnriched);
    expect(ids(await findAlerts({ host, disposition: "open" }))).toEqual(
      sorted([waiting.id, enriched.id, failed.id, notApplicable.id]),
    );
    expect(ids(await findAlerts({ host, state: "unenriched" }))).toEqual(sorted([waiting.id, inCase.id, failed.id]));
  });
});

describe("mean time to triage and to close", () => {
  const since = new Date("2099-01-01T00:00:00Z");
  let x: { id: number }, y: { id: number }, z: { id: number }, w: { id: number };

  beforeAll(async () => {
    // Triaged at +2h (its first move out of new; the second, after going back to new, does not
    // count), closed at +10h.
    x = await caseWithHistory([
      ["new", "2099-01-01T00:00:00Z"],
      ["triage", "2099-01-01T02:00:00Z"],
      ["new", "2099-01-01T03:00:00Z"],
      ["triage", "2099-01-01T05:00:00Z"],
      ["closed", "2099-01-01T10:00:00Z"],
    ]);
    // Triaged by going straight to investigating at +4h; closed, then reopened: not closed now.
    y = await caseWithHistory([
      ["new", "2099-01-02T00:00:00Z"],
      ["investigating", "2099-01-02T04:00:00Z"],
      ["closed", "2099-01-02T06:00:00Z"],
      ["investigating", "2099-01-02T07:00:00Z"],
    ]);
    // Closed straight from new at +1h (that is its triage too), reopened, closed again at +5h:
    // the close that counts is the last.
    z = await caseWithHistory([
      ["new", "2099-01-03T00:00:00Z"],
      ["closed", "2099-01-03T01:00:00Z"],
      ["triage", "2099-01-03T02:00:00Z"],
      ["closed", "2099-01-03T05:00:00Z"],
    ]);
    // Opened and triaged before the window, closed in it, 31 days after opening.
    w = await caseWithHistory([
      ["new", "2098-12-01T00:00:00Z"],
      ["triage", "2098-12-01T06:00:00Z"],
      ["closed", "2099-01-01T00:00:00Z"],
    ]);
  });

  it("averages from each case's opening to its first move out of new, and to its current close", async () => {
    const times = await getLifecycleTimes(since);
    expect(times.triage).toEqual({ count: 3, meanMs: Math.round(((2 + 4 + 1) / 3) * HOUR) });
    expect(times.close).toEqual({ count: 3, meanMs: Math.round(((10 + 5 + 31 * 24) / 3) * HOUR) });
  });

  it("counts only what happened in the window", async () => {
    const times = await getLifecycleTimes(new Date("2099-01-02T12:00:00Z"));
    expect(times.triage).toEqual({ count: 1, meanMs: HOUR });
    expect(times.close).toEqual({ count: 1, meanMs: 5 * HOUR });
    const none = await getLifecycleTimes(new Date("2099-02-01T00:00:00Z"));
    expect(none).toMatchObject({ triage: { count: 0, meanMs: null }, close: { count: 0, meanMs: null } });
  });

  it("the cases list's triagedFrom and closedFrom filters return exactly the measured cases", async () => {
    expect(ids(await findCases({ triagedFrom: since.toISOString() }))).toEqual(sorted([x.id, y.id, z.id]));
    expect(ids(await findCases({ status: "closed", closedFrom: since.toISOString() }))).toEqual(
      sorted([x.id, z.id, w.id]),
    );
    expect(ids(await findCases({ triagedFrom: "2099-01-02T12:00" }))).toEqual([z.id]);
  });
});

describe("attackers seen in more than one incident", () => {
  it("counts profile groups linked to two cases or more, as the Attackers page's repeated filter lists them", async () => {
    const before = await getRepeatAttackers();
    const prisma = getPrisma();
    const profile = (n: number, mergedIntoId?: number) => {
      const identity = { ip: `198.51.100.${n}`, userAgent: `ua ${MARK} ${n}` };
      return prisma.attackerProfile.create({
        data: { ...identity, identityKey: identityKey(identity), mergedIntoId, lastSeen: new Date("2098-01-01") },
        select: { id: true },
      });
    };
    const cases = await Promise.all([1, 2, 3].map(() => caseWithHistory([["new", "2026-11-03T00:00:00Z"]])));
    const link = (attackerId: number, i: number) =>
      prisma.caseAttacker.create({ data: { attackerId, caseId: cases[i]!.id } });
    // p: two cases. q: one case. s and r (merged into s): one case each, so the group has two.
    // t: the same case twice over two identities merged into it counts once.
    const p = await profile(1);
    const q = await profile(2);
    const s = await profile(3);
    const r = await profile(4, s.id);
    const t = await profile(5);
    const tm = await profile(6, t.id);
    await link(p.id, 0);
    await link(p.id, 1);
    await link(q.id, 0);
    await link(s.id, 1);
    await link(r.id, 2);
    await link(t.id, 2);
    await link(tm.id, 2);

    const after = await getRepeatAttackers(200);
    expect(after.count - before.count).toBe(2);
    expect(after.top.filter((a) => a.userAgent.includes(MARK)).map((a) => [a.id, a.cases])).toEqual(
      expect.arrayContaining([
        [p.id, 2],
        [s.id, 2],
      ]),
    );
    expect(after.top.some((a) => a.id === q.id || a.id === t.id || a.id === r.id)).toBe(false);

    expect((await findAttackers({ repeated: true })).count).toBe(after.count);
    expect(ids(await findAttackers({ q: MARK, repeated: true }))).toEqual(sorted([p.id, s.id]));
    expect((await findAttackers({ q: MARK })).count).toBe(4);
  });
});

describe("recent activity", () => {
  it("shows the latest case changes first, with their case numbers", async () => {
    const alert = await makeAlert();
    const kase = await createCaseFromAlerts(ana, { alertIds: [alert.id] });
    await changeCaseStatus(ana, { caseId: kase.id, version: 1, to: "triage" });
    const [latest, ...earlier] = await findRecentActivity(10);
    expect(latest).toMatchObject({ action: "case.status", caseNumber: kase.number, actorId: ana.id });
    // Opening the case wrote two entries in one transaction.
    expect(earlier.slice(0, 2).map((e) => [e.action, e.caseNumber])).toEqual(
      expect.arrayContaining([
        ["case.create", kase.number],
        ["alert.add_to_case", kase.number],
      ]),
    );
    expect((await findRecentActivity(3)).length).toBe(3);
  });
});

// The alert queue's and the cases list's SQL filters and sorts, on rows of this file's own
// (a unique marker in a command line or a title keeps other files' rows out).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/roles";
import { findAlerts } from "../../lib/alerts/find-alerts";
import { changeCaseStatus } from "../../lib/cases/change-case-status";
import { createCaseFromAlerts } from "../../lib/cases/create-case-from-alerts";
import { findCases } from "../../lib/cases/find-cases";
import { updateCase } from "../../lib/cases/update-case";
import { closeDb, getPrisma } from "../../lib/db";
import { makeAlert, makeUser } from "../support/case-factories";

const MARK = `m${randomBytes(4).toString("hex")}`;
let analyst: Actor;
const alerts: Record<string, number> = {};

beforeAll(async () => {
  analyst = await makeUser("analyst");
  for (const [name, severity, host] of [
    ["low", "Low", `b-${MARK}`],
    ["high", "High", `c-${MARK}`],
    ["info", "Informational", `a-${MARK}`],
    ["medium", "medium", `d-${MARK}`],
  ] as const) {
    alerts[name] = (await makeAlert({ severity, hostName: host, commandLine: `cmd.exe /c echo ${MARK}_x%` })).id;
  }
  // Spread the times: low oldest, medium newest.
  const times = {
    low: "2024-01-01T00:00:00Z",
    high: "2024-01-02T00:00:00Z",
    info: "2024-01-03T00:00:00Z",
    medium: "2024-01-04T00:00:00Z",
  };
  for (const [name, t] of Object.entries(times)) {
    await getPrisma().alert.update({ where: { id: alerts[name]! }, data: { timeGenerated: new Date(t) } });
  }
});

afterAll(async () => {
  await closeDb();
});

const ids = (page: { data: { id: number }[] }) => page.data.map((a) => a.id);

describe("findAlerts", () => {
  it("finds alerts by a command line fragment, wildcards taken literally", async () => {
    expect((await findAlerts({ q: `${MARK}_x%` })).count).toBe(4);
    expect((await findAlerts({ q: `${MARK}_y` })).count).toBe(0);
    expect((await findAlerts({ q: `${MARK.slice(0, 4)}%${MARK.slice(5)}` })).count).toBe(0);
  });

  it("counts up to a cap past the page's first row, and says when it stopped there", async () => {
    expect(await findAlerts({ q: MARK }, { countCap: 3 })).toMatchObject({ count: 3, countCapped: true });
    expect(await findAlerts({ q: MARK }, { countCap: 4 })).toMatchObject({ count: 4, countCapped: false });
    // Page 2 of 2 per page: the cap counts from the page's first row (skip 2 + 3 reaches past 4).
    const second = await findAlerts({ q: MARK, perPage: 2, page: 2 }, { countCap: 3 });
    expect(second).toMatchObject({ count: 4, countCapped: false });
    expect(second.data).toHaveLength(2);
    expect(await findAlerts({ q: MARK })).toMatchObject({ count: 4, countCapped: false });
  });

  it("sorts by severity rank, host and time, either way", async () => {
    expect(ids(await findAlerts({ q: MARK, sort: "severity", dir: "desc" }))).toEqual([
      alerts.high,
      alerts.medium,
      alerts.low,
      alerts.info,
    ]);
    expect(ids(await findAlerts({ q: MARK, sort: "host", dir: "asc" }))).toEqual([
      alerts.info,
      alerts.low,
      alerts.high,
      alerts.medium,
    ]);
    expect(ids(await findAlerts({ q: MARK }))).toEqual([alerts.medium, alerts.info, alerts.high, alerts.low]);
    expect(ids(await findAlerts({ q: MARK, sort: "time", dir: "asc", perPage: 2, page: 2 }))).toEqual([
      alerts.info,
      alerts.medium,
    ]);
  });

  it("filters by a UTC time range (from inclusive, to exclusive) and a form's datetime-local value", async () => {
    expect(ids(await findAlerts({ q: MARK, from: "2024-01-02T00:00", to: "2024-01-04" }))).toEqual([
      alerts.info,
      alerts.high,
    ]);
  });

  it("filters by disposition and by case number", async () => {
    const kase = await createCaseFromAlerts(analyst, { alertIds: [alerts.low!] });
    expect(ids(await findAlerts({ q: MARK, disposition: "in_case" }))).toEqual([alerts.low]);
    expect(ids(await findAlerts({ case: kase.number.toLowerCase() }))).toEqual([alerts.low]);
    expect((await findAlerts({ q: MARK, disposition: "open" })).count).toBe(3);
  });
});

describe("findCases", () => {
  it("filters by status, owner and classification, and sorts by severity", async () => {
    const other = await makeUser("analyst");
    const a = await createCaseFromAlerts(analyst, { alertIds: [(await makeAlert({ severity: "Low" })).id] });
    const b = await createCaseFromAlerts(analyst, { alertIds: [(await makeAlert({ severity: "High" })).id] });
    for (const c of [a, b]) await updateCase(analyst, { caseId: c.id, version: 1, title: `case ${MARK}` });
    await updateCase(analyst, { caseId: b.id, version: 2, ownerId: other.id });
    await changeCaseStatus(analyst, {
      caseId: a.id,
      version: 2,
      to: "closed",
      classification: "benign_positive",
      conclusion: "Pen test.",
    });

    expect(ids(await findCases({ q: `case ${MARK}`, sort: "severity", dir: "desc" }))).toEqual([b.id, a.id]);
    expect(ids(await findCases({ q: `case ${MARK}`, status: "open" }))).toEqual([b.id]);
    expect(ids(await findCases({ q: `case ${MARK}`, ownerId: other.id }))).toEqual([b.id]);
    expect(ids(await findCases({ q: `case ${MARK}`, classification: "benign_positive" }))).toEqual([a.id]);
    const [row] = (await findCases({ q: `case ${MARK}`, ownerId: other.id })).data;
    expect(row).toMatchObject({ owner: { id: other.id }, alertCount: 1, classification: null });
  });
});

// Attacker profiles on rows each test makes: merge and split (with their audit entries and the
// refusals), labels, the weaker "same IP" link, links that follow a case's findings, and a
// user agent no B-tree could hold.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { Prisma } from "../../lib/generated/prisma/client";
import { closeDb, getPool, getPrisma } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { AppError } from "../../lib/errors";
import type { Actor } from "../../lib/auth/roles";
import { nextCaseNumber } from "../../lib/cases/open-case";
import { getCaseByNumber } from "../../lib/cases/get-case-by-number";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { identityKey } from "../../lib/attackers/identity-key";
import { findAttackers } from "../../lib/attackers/find-attackers";
import { findRelatedCases } from "../../lib/attackers/find-related-cases";
import { getAttackerById } from "../../lib/attackers/get-attacker-by-id";
import { labelAttacker } from "../../lib/attackers/label-attacker";
import { mergeAttackers } from "../../lib/attackers/merge-attackers";
import { findMergeCandidates } from "../../lib/attackers/find-merge-candidates";
import { resolveAttackerRefs } from "../../lib/attackers/resolve-attacker-refs";
import { splitAttacker } from "../../lib/attackers/split-attacker";
import { upsertCaseAttackers } from "../../lib/attackers/upsert-case-attackers";

const tag = randomBytes(4).toString("hex");
const [b1, b2] = randomBytes(2);
let serial = 0;
/** A client IP no other test uses (the shared address space, 100.64.0.0/10). */
const newIp = () => `100.${64 + (++serial % 64)}.${b1}.${(b2! + serial) % 256}`;
const newUa = (name = "Tool") => `${name}/${tag}.${++serial}`;

const analyst: Actor = { id: 910_001, email: `analyst-${tag}@example.test`, name: "Analyst", role: "analyst" };
const viewer: Actor = { id: 910_002, email: `viewer-${tag}@example.test`, name: "Viewer", role: "viewer" };

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

async function makeCase(host = `HOST-${tag}-${++serial}`) {
  const number = await getPrisma().$transaction((tx) => nextCaseNumber(tx));
  return getPrisma().case.create({
    data: {
      number,
      title: `test ${number}`,
      hostName: host,
      site: "W3SVC1",
      shellLocation: `/x/${tag}-${serial}.aspx`,
    },
  });
}

async function makeProfile(ip = newIp(), userAgent = newUa()) {
  return getPrisma().attackerProfile.create({ data: { identityKey: identityKey({ ip, userAgent }), ip, userAgent } });
}

async function link(caseId: number, attackerId: number) {
  await getPrisma().caseAttacker.create({ data: { caseId, attackerId } });
}

/** An incident: a case with one attacker profile linked to it. */
async function incident(ip?: string, userAgent?: string) {
  const kase = await makeCase();
  const profile = await makeProfile(ip, userAgent);
  await link(kase.id, profile.id);
  return { kase, profile };
}

async function auditOf(entityId: number, action: string) {
  const { rows } = await getPool().query<{ actor_id: number; actor_label: string; before: unknown; after: unknown }>(
    "SELECT actor_id, actor_label, before, after FROM audit_entries WHERE entity_type = 'attacker' AND entity_id = $1 AND action = $2 ORDER BY id",
    [String(entityId), action],
  );
  return rows;
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function inTransaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return getPrisma().$transaction(work);
}

async function makeFinding(caseId: number, attackers: { ip: string; userAgent: string }[], evidence: object[] = []) {
  const kase = await getPrisma().case.findUniqueOrThrow({ where: { id: caseId } });
  const alert = await getPrisma().alert.create({
    data: {
      systemAlertId: `attackers-${tag}-${++serial}`,
      timeGenerated: new Date(),
      entities: [],
      raw: {},
      tactics: [],
      techniques: [],
      caseId,
    },
  });
  return getPrisma().finding.create({
    data: {
      alertId: alert.id,
      caseId,
      kind: "file",
      hostName: kase.hostName,
      site: kase.site,
      shellLocation: kase.shellLocation!,
      shellName: kase.shellLocation!.split("/").pop()!,
      attackers,
      confidence: 0.9,
      reasons: [],
      evidence,
      generation: 0,
    },
  });
}

async function linkedIdentities(caseId: number) {
  const rows = await getPrisma().caseAttacker.findMany({ where: { caseId }, include: { attacker: true } });
  return rows.map((r) => `${r.attacker.ip} ${r.attacker.userAgent}`).sort();
}

describe("merge and split", () => {
  it("a merged profile lists both identities' cases and hosts, related cases follow, and split restores", async () => {
    const a = await incident();
    const b = await incident();
    const before = await findAttackers({ q: tag, perPage: 200 });
    expect(before.data.filter((x) => [a.profile.id, b.profile.id].includes(x.id)).length).toBe(2);
    expect(await findRelatedCases(a.kase.id)).toEqual([]);

    const result = await mergeAttackers(analyst, { targetId: a.profile.id, sourceIds: [b.profile.id] });
    expect(result).toEqual({ targetId: a.profile.id, merged: [b.profile.id] });

    const merged = await findAttackers({ q: b.profile.userAgent });
    expect(merged.count).toBe(1); // found by its member's user agent, as the one surviving entry
    expect(merged.data[0]).toMatchObject({
      id: a.profile.id,
      ip: a.profile.ip,
      cases: [a.kase.number, b.kase.number].sort(),
      hosts: [a.kase.hostName, b.kase.hostName].sort(),
      members: [{ id: b.profile.id, ip: b.profile.ip, userAgent: b.profile.userAgent }],
    });
    expect((await findAttackers({ q: tag, perPage: 200 })).data.some((x) => x.id === b.profile.id)).toBe(false);

    const related = await findRelatedCases(b.kase.id);
    expect(related.map((r) => [r.number, r.link])).toEqual([[a.kase.number, "attacker"]]);
    expect(related[0]!.via).toEqual([
      { link: "attacker", id: a.profile.id, ip: a.profile.ip, userAgent: a.profile.userAgent },
    ]);
    const page = await getCaseByNumber(a.kase.number);
    expect(page.relatedCases.map((r) => r.number)).toEqual([b.kase.number]);

    const detail = await getAttackerById(a.profile.id);
    expect(detail.members.map((m) => m.id)).toEqual([b.profile.id]);
    expect(detail.history.map((h) => h.number)).toEqual([a.kase.number, b.kase.number]);
    expect((await getAttackerById(b.profile.id)).mergedInto).toEqual({
      id: a.profile.id,
      ip: a.profile.ip,
      userAgent: a.profile.userAgent,
    });

    const [mergeEntry] = await auditOf(a.profile.id, "attacker.merge");
    expect(mergeEntry).toMatchObject({
      actor_id: analyst.id,
      actor_label: analyst.email,
      before: {
        profiles: [{ id: b.profile.id, ip: b.profile.ip, userAgent: b.profile.userAgent, mergedIntoId: null }],
      },
      after: { profiles: [{ id: b.profile.id, mergedIntoId: a.profile.id }] },
    });

    await splitAttacker(analyst, b.profile.id);
    const split = await findAttackers({ q: tag, perPage: 200 });
    const entries = split.data.filter((x) => [a.profile.id, b.profile.id].includes(x.id));
    expect(entries.map((e) => [e.id, e.cases, e.members])).toEqual(
      expect.arrayContaining([
        [a.profile.id, [a.kase.number], []],
        [b.profile.id, [b.kase.number], []],
      ]),
    );
    expect(await findRelatedCases(a.kase.id)).toEqual([]);
    expect((await getCaseByNumber(b.kase.number)).relatedCases).toEqual([]);
    expect(await auditOf(b.profile.id, "attacker.split")).toMatchObject([
      { actor_id: analyst.id, before: { mergedIntoId: a.profile.id }, after: { mergedIntoId: null } },
    ]);
  });

  it("refuses a merge into itself or into its own member, so no cycle can form", async () => {
    const a = await incident();
    const b = await incident();
    const self = await refusal(mergeAttackers(analyst, { targetId: a.profile.id, sourceIds: [a.profile.id] }));
    expect(self.code).toBe("bad_request");
    expect(self.message).toMatch(/into itself/);

    await mergeAttackers(analyst, { targetId: a.profile.id, sourceIds: [b.profile.id] });
    // b is a's member: merging a into b would make each the other's member.
    const cycle = await refusal(mergeAttackers(analyst, { targetId: b.profile.id, sourceIds: [a.profile.id] }));
    expect(cycle.code).toBe("bad_request");
    expect(cycle.message).toMatch(/cycle/);
    const rows = await getPrisma().attackerProfile.findMany({ where: { id: { in: [a.profile.id, b.profile.id] } } });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.mergedIntoId]))).toEqual({
      [a.profile.id]: null,
      [b.profile.id]: a.profile.id,
    });
    expect(await auditOf(b.profile.id, "attacker.merge")).toEqual([]);
  });

  it("keeps groups one level deep: into a member resolves to its root, and a source's members move with it", async () => {
    const root = await incident();
    const member = await incident();
    const other = await incident();
    const otherMember = await incident();
    await mergeAttackers(analyst, { targetId: root.profile.id, sourceIds: [member.profile.id] });
    await mergeAttackers(analyst, { targetId: other.profile.id, sourceIds: [otherMember.profile.id] });

    const result = await mergeAttackers(analyst, { targetId: member.profile.id, sourceIds: [other.profile.id] });
    expect(result).toEqual({ targetId: root.profile.id, merged: [other.profile.id, otherMember.profile.id] });
    const rows = await getPrisma().attackerProfile.findMany({
      where: { id: { in: [root, member, other, otherMember].map((x) => x.profile.id) } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => [r.id, r.mergedIntoId])).toEqual([
      [root.profile.id, null],
      [member.profile.id, root.profile.id],
      [other.profile.id, root.profile.id],
      [otherMember.profile.id, root.profile.id],
    ]);
    const entry = (await findAttackers({ q: otherMember.profile.userAgent })).data[0]!;
    expect(entry.id).toBe(root.profile.id);
    expect(entry.cases).toEqual([root, member, other, otherMember].map((x) => x.kase.number).sort());
  });

  it("needs the analyst role, and an existing profile", async () => {
    const a = await incident();
    const b = await incident();
    const forbidden = await refusal(mergeAttackers(viewer, { targetId: a.profile.id, sourceIds: [b.profile.id] }));
    expect(forbidden.code).toBe("forbidden");
    expect((await refusal(splitAttacker(viewer, b.profile.id))).code).toBe("forbidden");
    expect((await refusal(labelAttacker(viewer, a.profile.id, "x"))).code).toBe("forbidden");
    const missing = await refusal(mergeAttackers(analyst, { targetId: a.profile.id, sourceIds: [2_000_000_000] }));
    expect(missing.code).toBe("not_found");
    expect((await refusal(splitAttacker(analyst, a.profile.id))).code).toBe("bad_request"); // not merged
    expect((await getPrisma().attackerProfile.findUniqueOrThrow({ where: { id: b.profile.id } })).mergedIntoId).toBe(
      null,
    );
  });
});

describe("picking profiles to merge", () => {
  it("resolves ids and IPs typed by an analyst to surviving profiles, and refuses anything else", async () => {
    const ip = newIp();
    const a = await incident(ip, newUa());
    const b = await incident(ip, newUa());
    const c = await incident();
    const d = await incident();
    await mergeAttackers(analyst, { targetId: c.profile.id, sourceIds: [d.profile.id] });
    const ids = await resolveAttackerRefs(`${ip}, #${d.profile.id}; ${c.profile.id}`);
    // The IP stands for both of its identities; #d is merged into c, which counts once.
    expect(ids.sort((x, y) => x - y)).toEqual([a.profile.id, b.profile.id, c.profile.id].sort((x, y) => x - y));
    expect((await refusal(resolveAttackerRefs("<script>"))).code).toBe("bad_request");
    expect((await refusal(resolveAttackerRefs(newIp()))).code).toBe("not_found");
  });

  it("suggests other profiles that share an IP or a user agent with the profile's identities", async () => {
    const ip = newIp();
    const ua = newUa("Mozilla");
    const a = await incident(ip, ua);
    const sameIp = await incident(ip, newUa("curl"));
    const sameUa = await incident(newIp(), ua);
    const member = await incident();
    const viaMember = await incident(member.profile.ip, newUa("Go"));
    await incident(); // unrelated
    await mergeAttackers(analyst, { targetId: a.profile.id, sourceIds: [member.profile.id] });
    const suggestions = await findMergeCandidates(a.profile.id);
    expect(suggestions.map((s) => [s.id, s.shares, s.cases])).toEqual(
      [
        [sameIp.profile.id, "ip", [sameIp.kase.number]],
        [viaMember.profile.id, "ip", [viaMember.kase.number]],
        [sameUa.profile.id, "user_agent", [sameUa.kase.number]],
      ].sort((x, y) => (x[1] === y[1] ? (x[0] as number) - (y[0] as number) : x[1] === "ip" ? -1 : 1)),
    );
  });
});

describe("labels", () => {
  it("sets and clears a label with an audit entry, and the list finds the profile by it", async () => {
    const a = await incident();
    await labelAttacker(analyst, a.profile.id, `  operator ${tag}  `);
    const found = await findAttackers({ q: `operator ${tag}` });
    expect(found.data.map((x) => [x.id, x.label])).toEqual([[a.profile.id, `operator ${tag}`]]);
    await labelAttacker(analyst, a.profile.id, "");
    expect((await getAttackerById(a.profile.id)).label).toBeNull();
    expect(await auditOf(a.profile.id, "attacker.label")).toMatchObject([
      { before: { label: null }, after: { label: `operator ${tag}` } },
      { before: { label: `operator ${tag}` }, after: { label: null } },
    ]);
    const tooLong = await refusal(labelAttacker(analyst, a.profile.id, "x".repeat(121)));
    expect(tooLong.code).toBe("bad_request");
  });
});

describe("related cases", () => {
  it("links the same IP with another user agent as a weaker link, and the same user agent alone not at all", async () => {
    const ip = newIp();
    const ua = newUa("Mozilla");
    const a = await incident(ip, ua);
    const sameIp = await incident(ip, newUa("curl"));
    const sameUa = await incident(newIp(), ua);
    const related = await findRelatedCases(a.kase.id);
    expect(related).toEqual([
      expect.objectContaining({
        number: sameIp.kase.number,
        hostName: sameIp.kase.hostName,
        link: "ip",
        via: [{ link: "ip", id: sameIp.profile.id, ip, userAgent: sameIp.profile.userAgent }],
      }),
    ]);
    expect(related.some((r) => r.caseId === sameUa.kase.id)).toBe(false);

    // Merging the same-IP identity into a's profile makes it the same attacker: the strong link.
    await mergeAttackers(analyst, { targetId: a.profile.id, sourceIds: [sameIp.profile.id] });
    const after = await findRelatedCases(a.kase.id);
    expect(after.map((r) => [r.number, r.link])).toEqual([[sameIp.kase.number, "attacker"]]);
    expect(after[0]!.via).toEqual([{ link: "attacker", id: a.profile.id, ip, userAgent: sameIp.profile.userAgent }]);
  });
});

describe("upsertCaseAttackers", () => {
  it("links each identity once, follows the case's findings, and widens first/last seen by their log lines", async () => {
    const kase = await makeCase();
    const x = { ip: newIp(), userAgent: newUa() };
    const y = { ip: newIp(), userAgent: newUa() };
    const evidence = [
      {
        batchId: null,
        line: null,
        time: "2023-02-01T10:00:00.000Z",
        site: null,
        method: "GET",
        uri: "/a.aspx",
        query: null,
        ip: x.ip,
        userAgent: x.userAgent,
        status: 200,
      },
      {
        batchId: null,
        line: null,
        time: "2023-02-01T09:00:00.000Z",
        site: null,
        method: "GET",
        uri: "/a.aspx",
        query: null,
        ip: x.ip,
        userAgent: x.userAgent,
        status: 200,
      },
    ];
    const f1 = await makeFinding(kase.id, [x, y], evidence);
    const ids = await inTransaction((db) => upsertCaseAttackers(db, kase.id, [x, y, x]));
    expect(ids.length).toBe(2);
    expect(await inTransaction((db) => upsertCaseAttackers(db, kase.id, [y, x]))).toEqual(ids);
    expect(await linkedIdentities(kase.id)).toEqual([`${x.ip} ${x.userAgent}`, `${y.ip} ${y.userAgent}`].sort());
    // No stored request of x: the findings' log lines are what is known.
    const px = await getPrisma().attackerProfile.findUniqueOrThrow({ where: { identityKey: identityKey(x) } });
    expect([px.firstSeen, px.lastSeen]).toEqual([new Date("2023-02-01T09:00:00Z"), new Date("2023-02-01T10:00:00Z")]);

    // Re-enriched, the finding names x only: y's link goes, its profile stays.
    await getPrisma().finding.update({ where: { id: f1.id }, data: { attackers: [x] } });
    await inTransaction((db) => upsertCaseAttackers(db, kase.id, [x]));
    expect(await linkedIdentities(kase.id)).toEqual([`${x.ip} ${x.userAgent}`]);
    expect(await getPrisma().attackerProfile.count({ where: { identityKey: identityKey(y) } })).toBe(1);

    // A second finding naming y links it again; when that finding goes, [] removes the link.
    const f2 = await makeFinding(kase.id, [y]);
    await inTransaction((db) => upsertCaseAttackers(db, kase.id, [y]));
    expect((await linkedIdentities(kase.id)).length).toBe(2);
    await getPrisma().finding.delete({ where: { id: f2.id } });
    await inTransaction((db) => upsertCaseAttackers(db, kase.id, []));
    expect(await linkedIdentities(kase.id)).toEqual([`${x.ip} ${x.userAgent}`]);
  });

  it("stores and links a user agent of more than 3000 characters with markup in it, exactly as logged", async () => {
    const ip = newIp();
    const ua = `Mozilla/5.0+<script>alert(document.cookie)</script>+${tag}+${"A".repeat(3200)}`;
    const host = `LONGUA-${tag}`;
    const dir = await mkdtemp(join(tmpdir(), "shellcase-longua-"));
    const path = join(dir, "u_ex230214.log");
    await writeFile(
      path,
      [
        "#Fields: date time s-computername s-sitename c-ip cs-method cs-uri-stem sc-status cs(User-Agent)",
        `2023-02-14 10:00:05 ${host} W3SVC1 ${ip} POST /up/${tag}.aspx 200 ${ua}`,
        `2023-02-14 11:30:00 ${host} W3SVC1 ${ip} GET /up/${tag}.aspx 200 ${ua}`,
        `2023-02-14 12:00:00 ${host} W3SVC1 ${ip} GET /up/${tag}.aspx 200 other-agent`,
      ].join("\n") + "\n",
    );
    const imported = await importWebLogs([path]);
    expect(imported).toMatchObject({ imported: 3, rejected: 0 });

    const kase = await makeCase(host);
    await makeFinding(kase.id, [{ ip, userAgent: ua }]);
    const [id] = await inTransaction((db) => upsertCaseAttackers(db, kase.id, [{ ip, userAgent: ua }]));
    const profile = await getPrisma().attackerProfile.findUniqueOrThrow({ where: { id } });
    expect(profile.userAgent).toBe(ua);
    expect(profile.userAgent.length).toBeGreaterThan(3000);
    expect(profile.identityKey).toBe(identityKey({ ip, userAgent: ua }));
    // The other agent's request at 12:00 is another identity.
    expect([profile.firstSeen, profile.lastSeen]).toEqual([
      new Date("2023-02-14T10:00:05Z"),
      new Date("2023-02-14T11:30:00Z"),
    ]);
    expect(await linkedIdentities(kase.id)).toEqual([`${ip} ${ua}`]);

    const listed = await findAttackers({ q: `<script>alert(document.cookie)</script>+${tag}` });
    expect(listed.data.map((a) => [a.id, a.userAgent, a.cases])).toEqual([[id, ua, [kase.number]]]);
    const detail = await getAttackerById(id!);
    expect(detail.activity?.unit).toBe("hour");
    expect(detail.activity?.buckets.map((b) => b.byHost[host] ?? 0)).toEqual([1, 1]);
  });
});

// The header's search (lib/search) against the real database: each kind of query finds this
// file's own rows (a unique marker keeps other files' rows out of the assertions), CIDR is
// containment, attacker text is taken literally, and EXPLAIN shows every statement served by an
// index — with sequential scans priced out, a statement no index can serve still plans a Seq Scan,
// so the check fails for a query that would scan at scale.
import { createHash, randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getPool, getPrisma } from "../../lib/db";
import { parseSearchQuery } from "../../lib/search/parse-search-query";
import { searchEverything, searchStatements } from "../../lib/search/search-everything";
import { makeAlert } from "../support/case-factories";

const MARK = `srch${randomBytes(4).toString("hex")}`;
const hex = () => randomBytes(2).toString("hex");
const NET = `2001:db8:${hex()}:${hex()}`;
const IP = `${NET}::7`;
const OUTSIDE_IP = `2001:db8:${hex()}:${hex()}::8`;
const UA = `Mozilla/5.0+(${MARK};+Win64)+Gecko/20100101`;
const COMMAND = `cmd.exe /c cd /d "C:\\inetpub\\wwwroot"&whoami /all&echo ${MARK}`;
const LABEL = `50%_off 'quote' back\\slash Grüße ${MARK}`;
const DECOY_LABEL = `50xyoff ${MARK}`;
const NUMBER = `CASE-2099-${randomInt(100_000_000, 999_999_999)}`;

const ids: { caseId?: number; alertId?: number; attackers: number[] } = { attackers: [] };

async function makeAttacker(ip: string, userAgent: string, label: string | null) {
  const identityKey = createHash("sha256").update(`${ip}\u0000${userAgent}`).digest("hex");
  const a = await getPrisma().attackerProfile.create({ data: { identityKey, ip, userAgent, label } });
  ids.attackers.push(a.id);
  return a.id;
}

beforeAll(async () => {
  const prisma = getPrisma();
  const c = await prisma.case.create({
    data: {
      number: NUMBER,
      title: `Web shell ${MARK}`,
      hostName: `WEB-${MARK}`,
      shellLocation: `/aspnet_client/${MARK}.aspx`,
    },
  });
  ids.caseId = c.id;
  const alert = await makeAlert({
    hostName: `web-${MARK}`,
    commandLine: COMMAND,
    finding: { hostName: `WEB-${MARK}`, shellLocation: `/aspnet_client/${MARK}.aspx` },
  });
  ids.alertId = alert.id;
  await prisma.alert.update({ where: { id: alert.id }, data: { caseId: c.id } });
  await prisma.finding.update({
    where: { alertId: alert.id },
    data: { caseId: c.id, commandLine: COMMAND, attackers: [{ ip: IP, userAgent: UA }] },
  });
  const inside = await makeAttacker(IP, UA, LABEL);
  await makeAttacker(OUTSIDE_IP, UA, DECOY_LABEL);
  await prisma.caseAttacker.create({ data: { caseId: c.id, attackerId: inside } });
});

afterAll(async () => {
  const prisma = getPrisma();
  await prisma.attackerProfile.deleteMany({ where: { id: { in: ids.attackers } } });
  if (ids.alertId) await prisma.alert.delete({ where: { id: ids.alertId } });
  if (ids.caseId) await prisma.case.delete({ where: { id: ids.caseId } });
  await closeDb();
});

const numbers = (r: { cases: { items: { number: string }[] } }) => r.cases.items.map((c) => c.number);
const marked = (m: { text: string; start: number; end: number }) => m.text.slice(m.start, m.end);

describe("searchEverything", () => {
  it("finds the attacker, case, finding and alert of an address inside a CIDR block, and not one outside", async () => {
    const r = await searchEverything(`${NET}::/64`);
    expect(r.query.kind).toBe("cidr");
    expect(r.attackers.items.map((a) => a.ip)).toEqual([IP]);
    expect(numbers(r)).toEqual([NUMBER]);
    expect(r.cases.items[0]!.match).toMatchObject({ field: "IP", text: IP });
    expect(r.findings.items.map((f) => f.alertId)).toEqual([ids.alertId]);
    expect(r.alerts.items.map((a) => a.id)).toEqual([ids.alertId]);
    expect(marked(r.alerts.items[0]!.match)).toBe(IP);
  });

  it("finds by one exact IP", async () => {
    const r = await searchEverything(IP.toUpperCase());
    expect(r.query.kind).toBe("ip");
    expect(numbers(r)).toEqual([NUMBER]);
    expect((await searchEverything(OUTSIDE_IP)).cases.items).toEqual([]);
  });

  it("finds a case by a user agent fragment, marking it in the value", async () => {
    const r = await searchEverything(`(${MARK};+win64`);
    expect(numbers(r)).toContain(NUMBER);
    expect(r.attackers.items).toHaveLength(2);
    expect(marked(r.attackers.items[0]!.match)).toBe(`(${MARK};+Win64`);
    const finding = r.findings.items.find((f) => f.alertId === ids.alertId)!;
    expect(finding.match.text).toBe(UA);
  });

  it("finds a case, its alert and finding by command line text", async () => {
    const r = await searchEverything(`whoami /all&echo ${MARK}`);
    expect(numbers(r)).toEqual([NUMBER]);
    expect(r.cases.items[0]!.match).toMatchObject({ field: "finding", text: COMMAND });
    expect(r.alerts.items.map((a) => a.id)).toEqual([ids.alertId]);
    expect(r.alerts.items[0]!.match.field).toBe("command line");
    expect(r.findings.items.map((f) => f.alertId)).toEqual([ids.alertId]);
  });

  it("finds by case number (any case), shell path and host name", async () => {
    expect(numbers(await searchEverything(NUMBER.toLowerCase()))).toEqual([NUMBER]);
    expect(numbers(await searchEverything(`client/${MARK}.asp`))).toEqual([NUMBER]);
    const host = await searchEverything(`web-${MARK}`);
    expect(numbers(host)).toEqual([NUMBER]);
    expect(host.alerts.items.map((a) => a.id)).toEqual([ids.alertId]);
  });

  it("takes %, _, quotes, backslashes and non-ASCII text literally", async () => {
    const labels = async (q: string) => (await searchEverything(q)).attackers.items.map((a) => a.label);
    // Unescaped, `0%_off` would also match the decoy's "0xyoff".
    expect(await labels(`0%_off 'quote' back\\slash grüße ${MARK}`)).toEqual([LABEL]);
    expect(await labels(`0%_off`)).toContain(LABEL);
    expect(await labels(`0%_off`)).not.toContain(DECOY_LABEL);
    expect(await labels(`k\\sla`)).toContain(LABEL);
    expect(await labels(`'quote' back\\slash`)).toContain(LABEL);
    expect(await labels(`${MARK.slice(0, 6)}_${MARK.slice(7)}`)).toEqual([]);
  });

  it("answers nothing for an empty or too short text, without querying", async () => {
    expect((await searchEverything("  ")).query.kind).toBe("empty");
    const short = await searchEverything("%_");
    expect(short.query.kind).toBe("too-short");
    expect(short.cases.items).toEqual([]);
  });
});

describe("every search statement uses an index", () => {
  const BIG = new Set([
    "cases",
    "alerts",
    "alert_processes",
    "alert_hosts",
    "alert_files",
    "findings",
    "attacker_profiles",
    "case_attackers",
  ]);

  interface PlanNode {
    "Node Type": string;
    "Relation Name"?: string;
    "Index Name"?: string;
    Plans?: PlanNode[];
  }
  const walk = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(walk)];

  async function plan(sql: string, params: unknown[]): Promise<PlanNode[]> {
    const client = await getPool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off");
      const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
        `EXPLAIN (FORMAT JSON) ${sql}`,
        params,
      );
      return walk(rows[0]!["QUERY PLAN"][0].Plan);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  }

  for (const [text, expected] of [
    ["2001:db8::/32", ["attacker_profiles_ip_inet_idx"]],
    ["198.51.100.23", ["attacker_profiles_ip_inet_idx"]],
    ["CASE-2099-0001", ["cases_number_key"]],
    [
      "python-requests",
      [
        "alert_processes_command_line_trgm_idx",
        "alert_hosts_host_name_trgm_idx",
        "alert_files_name_trgm_idx",
        "alert_files_directory_trgm_idx",
        "findings_search_text_trgm_idx",
        "attacker_profiles_user_agent_trgm_idx",
        "attacker_profiles_label_trgm_idx",
        "attacker_profiles_ip_trgm_idx",
        "cases_number_trgm_idx",
        "cases_title_trgm_idx",
        "cases_host_name_trgm_idx",
        "cases_shell_location_trgm_idx",
      ],
    ],
  ] as const) {
    it(`${parseSearchQuery(text).kind}: no sequential scan of a big table`, async () => {
      const statements = searchStatements(parseSearchQuery(text))!;
      const used = new Set<string>();
      for (const [group, [sql, params]] of Object.entries(statements)) {
        if (!params.length) continue;
        const nodes = await plan(sql, params);
        const scans = nodes.filter((n) => n["Node Type"] === "Seq Scan" && BIG.has(n["Relation Name"] ?? ""));
        expect(scans.map((n) => `${group}: ${n["Relation Name"]}`)).toEqual([]);
        for (const n of nodes) if (n["Index Name"]) used.add(n["Index Name"]);
      }
      for (const index of expected) expect([...used]).toContain(index);
    });
  }
});

// Judges stored findings against a scenario's ground truth: which planted alerts were resolved
// to the right host, shell and attackers, and which benign alerts got a confident finding.
// Shared by the accuracy test and the benchmark.
import { getPrisma } from "../../lib/db";
import { FINDING_MIN_CONFIDENCE } from "../../lib/enrich/enrich-config";
import type { Scenario } from "./generate-scenario";

export interface AlertVerdict {
  systemAlertId: string;
  kind: string;
  expected: "finding" | "none";
  got: "correct" | "wrong" | "none";
  detail: string;
}

export interface EnrichmentScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  verdicts: AlertVerdict[];
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

export async function scoreEnrichment(scenario: Scenario): Promise<EnrichmentScore> {
  const ids = Object.keys(scenario.expected);
  const alerts = await getPrisma().alert.findMany({
    where: { systemAlertId: { in: ids } },
    include: { finding: true },
  });
  const verdicts: AlertVerdict[] = [];
  for (const a of alerts) {
    const exp = scenario.expected[a.systemAlertId]!;
    const positive = !exp.benign && exp.kind !== "other" && exp.logsAvailable && !!exp.shellLocation;
    const f = a.finding && a.finding.confidence >= FINDING_MIN_CONFIDENCE ? a.finding : null;
    let got: AlertVerdict["got"] = "none";
    let detail = f ? "" : `no finding (${(a.enrichment as { message?: string } | null)?.message ?? a.enrichmentState})`;
    if (f) {
      const attackers = f.attackers as { ip: string | null; userAgent: string | null }[];
      const missing = exp.attackers.filter((e) => !attackers.some((x) => x.ip === e.ip && x.userAgent === e.userAgent));
      const ok =
        positive &&
        same(f.hostName, exp.host) &&
        same(f.shellLocation, exp.shellLocation) &&
        (exp.site == null || same(f.site, exp.site)) &&
        missing.length === 0;
      got = ok ? "correct" : "wrong";
      detail =
        `${f.hostName} ${f.site ?? ""} ${f.shellLocation} (${f.confidence})` +
        (ok
          ? ""
          : ` — expected ${exp.host} ${exp.site ?? ""} ${exp.shellLocation ?? "nothing"}${missing.length ? `, missing attackers ${missing.map((m) => m.ip).join(", ")}` : ""}`);
    }
    verdicts.push({
      systemAlertId: a.systemAlertId,
      kind: exp.kind,
      expected: positive ? "finding" : "none",
      got,
      detail,
    });
  }
  const tp = verdicts.filter((v) => v.got === "correct").length;
  const fp = verdicts.filter((v) => v.got === "wrong").length;
  const fn = verdicts.filter((v) => v.expected === "finding" && v.got !== "correct").length;
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: tp + fn ? tp / (tp + fn) : 1,
    verdicts,
  };
}

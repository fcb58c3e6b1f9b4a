// The hunting queries are sent byte for byte as published: pinned by hash, and the command query
// checked against its published YAML (a copy of the team's seed in tests/fixtures/sentinel/).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMAND_ALERT_ENRICHMENT, FILE_ALERT_ENRICHMENT } from "./hunting";
import { parseTemplateQuery } from "./template";

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

describe("the original hunting queries", () => {
  it("are the command query of the published YAML, exactly", () => {
    const yaml = readFileSync(
      join(import.meta.dirname, "../../../tests/fixtures/sentinel/WebShellCommandAlertEnrich.yaml"),
      "utf8",
    );
    const line = yaml.split("\n").find((l) => l.startsWith("query: "))!;
    // A YAML double-quoted scalar on one line, whose escapes here are JSON's.
    const fenced = JSON.parse(line.slice("query: ".length)) as string;
    expect(fenced.startsWith("```kusto\n") && fenced.endsWith("\n```")).toBe(true);
    expect(COMMAND_ALERT_ENRICHMENT.text).toBe(fenced.slice("```kusto\n".length, -"\n```".length));
  });

  it("are pinned by hash, trailing spaces and all", () => {
    expect(sha256(COMMAND_ALERT_ENRICHMENT.text)).toBe(
      "e831a9f28eb554ed3bae5509d1f36de2c8cea9f08067adc5e60a436e859d96d3",
    );
    expect(sha256(FILE_ALERT_ENRICHMENT.text)).toBe("d8a6f1181b4fa97e52d2cc4a15647f310a9b6fb62ed5714380b90054050a5e54");
    expect(FILE_ALERT_ENRICHMENT.text).toContain("| join (  \nW3CIISLog    \n");
    expect(FILE_ALERT_ENRICHMENT.text).toContain("summarize StartTime=min(TimeGenerated), EndTime=max(TimeGenerated)");
  });

  it("carry no Shellcase template header, so nothing mistakes them for a template", () => {
    for (const q of [COMMAND_ALERT_ENRICHMENT, FILE_ALERT_ENRICHMENT]) {
      expect(q.text.startsWith("let scriptExtensions = dynamic([")).toBe(true);
      expect(parseTemplateQuery(q.text)).toBeNull();
    }
  });
});

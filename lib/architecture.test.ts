// Keeps the layering of docs/architecture.md true: an alert's path from import to case runs
// lib/ingest → lib/alerts → lib/enrich → lib/findings → lib/cases, and no module of a later
// domain imports one of an earlier domain (lib/cases never reaches back into lib/enrich).
// lib/findings is the finding's own store: it imports none of the five, and the later domains
// (cases shows a case's findings) may read it.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const PATH_OF_AN_ALERT = ["ingest", "alerts", "enrich", "findings", "cases"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** The lib domain a file belongs to ("enrich" for lib/enrich/strategies/x.ts), or null. */
function domainOf(path: string): string | null {
  const parts = relative(join(ROOT, "lib"), path).split(sep);
  return parts.length > 1 && parts[0] !== ".." ? parts[0]! : null;
}

/** Every module a file imports (static, dynamic, re-export), resolved to a path when local. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)].map((m) => m[1]!);
  return specs.flatMap((s) => {
    if (s.startsWith("@/")) return [join(ROOT, s.slice(2))];
    if (s.startsWith(".")) return [resolve(dirname(file), s)];
    return [];
  });
}

function goesBack(from: string, to: string): boolean {
  const rank = (d: string) => PATH_OF_AN_ALERT.indexOf(d);
  if (rank(to) === -1) return false;
  if (from === "findings") return true;
  if (to === "findings") return false;
  return rank(to) < rank(from);
}

function backwardImports(): string[] {
  const found: string[] = [];
  for (const domain of PATH_OF_AN_ALERT) {
    for (const file of sourceFiles(join(ROOT, "lib", domain))) {
      for (const target of importsOf(file)) {
        const to = domainOf(target);
        if (to && to !== domain && goesBack(domain, to)) {
          found.push(`${relative(ROOT, file)} imports ${relative(ROOT, target)} (${domain} → ${to} goes back)`);
        }
      }
    }
  }
  return found;
}

describe("the path of an alert through lib/", () => {
  it("reads the imports it checks: enrichment's known forward imports are seen", () => {
    const imports = importsOf(join(ROOT, "lib", "enrich", "enrich-alert.ts")).map((p) => relative(ROOT, p));
    expect(imports).toEqual(expect.arrayContaining(["lib/cases/assign-case", "lib/findings/save-finding"]));
  });

  it("tells a backward import from a forward one", () => {
    expect(goesBack("cases", "enrich")).toBe(true);
    expect(goesBack("findings", "cases")).toBe(true);
    expect(goesBack("alerts", "ingest")).toBe(true);
    expect(goesBack("enrich", "cases")).toBe(false);
    expect(goesBack("cases", "findings")).toBe(false);
    expect(goesBack("cases", "audit")).toBe(false);
  });

  it("never goes back: ingest → alerts → enrich → findings → cases", () => {
    expect(backwardImports()).toEqual([]);
  });
});

// lib/sentinel reads a workspace and stores what it reads the way imports store files: it may use
// ingest's and alerts' storage, and enrichment and pivots call it for their evidence; it never
// reaches into what reads that evidence, so the connector cannot decide a finding or a case.
const SENTINEL_MAY_NOT_IMPORT = ["enrich", "findings", "cases", "pivots", "attackers"];

describe("lib/sentinel", () => {
  it("imports nothing that reads its evidence (enrich, findings, cases, pivots, attackers)", () => {
    const found = sourceFiles(join(ROOT, "lib", "sentinel")).flatMap((file) =>
      importsOf(file)
        .filter((target) => SENTINEL_MAY_NOT_IMPORT.includes(domainOf(target) ?? ""))
        .map((target) => `${relative(ROOT, file)} imports ${relative(ROOT, target)}`),
    );
    expect(found).toEqual([]);
  });
});

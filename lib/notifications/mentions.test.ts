import { describe, expect, it } from "vitest";
import { mentionMarkdown, mentionTarget, mentionedUserIds } from "./mentions";

describe("mentions", () => {
  it("are written as a Markdown link to mention:<id>, with a label that cannot break out", () => {
    expect(mentionMarkdown({ id: 12, name: "Ana Analyst" })).toBe("[@Ana Analyst](mention:12)");
    expect(mentionMarkdown({ id: 7, name: "Eve ](javascript:x) [" })).toBe("[@Eve (javascript:x)](mention:7)");
    expect(mentionMarkdown({ id: 3, name: " [] " })).toBe("[@user 3](mention:3)");
  });

  it("are read back once each, in order, and not from code", () => {
    const body = [
      "[@Ana](mention:12) and [@Bo](mention:4), again [@Ana Analyst](mention:12)",
      "`[@Cy](mention:9)` is quoted",
      "```",
      "[@Di](mention:8)",
      "```",
      "[not a mention](https://example.com) [@Ed](mention:x1) [@Fi](mentions:5)",
    ].join("\n");
    expect(mentionedUserIds(body)).toEqual([12, 4]);
  });

  it("recognise only the exact target form", () => {
    expect(mentionTarget("mention:42")).toBe(42);
    for (const href of ["mention:", "mention:4x", "https://x/mention:4", "MENTION:4", null, undefined]) {
      expect(mentionTarget(href)).toBeNull();
    }
  });
});

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./markdown";
import { safeMarkdownUrl } from "./markdown-url";

describe("Markdown URL policy", () => {
  it("keeps absolute http, https and mailto links", () => {
    expect(safeMarkdownUrl("https://learn.microsoft.com/a?b=c")).toBe("https://learn.microsoft.com/a?b=c");
    expect(safeMarkdownUrl("http://example.com")).toBe("http://example.com/");
    expect(safeMarkdownUrl("mailto:soc@example.com")).toBe("mailto:soc@example.com");
  });

  it("drops script, data and relative targets however they are spelled", () => {
    for (const url of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "java\nscript:alert(1)",
      "vbscript:msgbox(1)",
      "data:text/html,<script>alert(1)</script>",
      "/cases/CASE-2026-0001",
      "//evil.example/x",
      "#top",
    ]) {
      expect(safeMarkdownUrl(url), url).toBeNull();
    }
  });
});

describe("Markdown", () => {
  const html = (text: string) => renderToStaticMarkup(<Markdown text={text} />);

  it("renders a javascript: link as its text, with no anchor", () => {
    const out = html("[click me](javascript:alert(1)) and [also](JAVASCRIPT:alert(2))");
    expect(out).not.toMatch(/<a\b/);
    expect(out).not.toMatch(/javascript/i);
    expect(out).toContain("click me");
  });

  it("keeps an https link, opening elsewhere without a referrer", () => {
    const out = html("[docs](https://example.com/kb)");
    expect(out).toContain('<a href="https://example.com/kb" target="_blank" rel="noopener noreferrer nofollow"');
  });

  it("shows raw HTML as text and never renders an image", () => {
    const out = html(
      "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n![pixel](https://example.com/p.png)",
    );
    expect(out).not.toMatch(/<script|<img/);
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("[image: pixel]");
  });

  it("renders Markdown structure", () => {
    expect(html("**bold** and `code`\n\n- a\n- b")).toMatch(/<strong>bold<\/strong>.*<code>code<\/code>.*<li>a<\/li>/s);
  });

  it("shows a mention as the user's current name, or its label when the user is unknown, never as a link", () => {
    const out = renderToStaticMarkup(
      <Markdown text={"[@Old Name](mention:12) and [@Gone](mention:99)"} people={{ 12: "New <Name>" }} />,
    );
    expect(out).not.toMatch(/<a\b/);
    expect(out).toContain('data-user-id="12"');
    expect(out).toContain("@New &lt;Name&gt;");
    expect(out).toContain("@Gone");
    expect(out).not.toContain("Old Name");
  });
});

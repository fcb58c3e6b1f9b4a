// Which link targets a rendered note may carry: absolute http(s) and mailto URLs only. Anything
// else (javascript:, data:, vbscript:, relative paths that could point inside the app) is
// dropped and the link's text shown as plain text. The URL parser normalises first, so case
// tricks and embedded tabs or newlines ("java\tscript:") cannot slip through.
const ALLOWED = new Set(["http:", "https:", "mailto:"]);

export function safeMarkdownUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  return ALLOWED.has(parsed.protocol) ? parsed.href : null;
}

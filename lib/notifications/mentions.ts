// @mentions in notes and comments. The composer writes a mention as a Markdown link with a
// `mention:` target, `[@Ana Analyst](mention:12)`: the user's id is the stable reference (a
// renamed user is still the one mentioned, and is shown by their current name); the label is
// only what the author saw when writing. Readable as plain Markdown wherever the text goes
// (reports, emails). Mentions inside code (`…`, fenced blocks) are quoted text, not mentions.

/** `[@label](mention:<id>)`; the label holds no brackets or line breaks. */
const MENTION = /\[@([^\]\n]{1,200})\]\(mention:(\d{1,9})\)/g;
const FENCED = /^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm;
const INLINE_CODE = /`[^`\n]*`/g;

/** The Markdown that mentions `user` (brackets in a name would end the label: they are dropped). */
export function mentionMarkdown(user: { id: number; name: string }): string {
  const label = user.name.replace(/[[\]\n\r]/g, "").trim() || `user ${user.id}`;
  return `[@${label}](mention:${user.id})`;
}

/** The ids of the users `body` mentions, in order of first mention, once each. */
export function mentionedUserIds(body: string): number[] {
  const prose = body.replace(FENCED, "").replace(INLINE_CODE, "");
  const ids = [...prose.matchAll(MENTION)].map((m) => Number(m[2]));
  return [...new Set(ids)];
}

/** The id a link target names when it is a mention (`mention:12`), else null. */
export function mentionTarget(href: string | null | undefined): number | null {
  const m = /^mention:(\d{1,9})$/.exec(href ?? "");
  return m ? Number(m[1]) : null;
}

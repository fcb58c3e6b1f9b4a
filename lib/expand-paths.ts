// Expands CLI paths for the web log and alert imports: files as given, directories recursively (log-like files only, sorted so
// that imports run in a stable order).
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

const LOG_LIKE = /\.(log|gz|csv|json|jsonl|txt)$/i;

export interface ExpandedPath {
  path: string;
  /** Set when the path could not be read at all. */
  error?: string;
}

export async function expandPaths(paths: string[]): Promise<ExpandedPath[]> {
  const out: ExpandedPath[] = [];
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch (err) {
      out.push({
        path: p,
        error: (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : String(err),
      });
      continue;
    }
    if (info.isDirectory()) out.push(...(await walk(p)));
    else if (info.isFile()) out.push({ path: p });
    else out.push({ path: p, error: "not a regular file" });
  }
  return out;
}

async function walk(dir: string): Promise<ExpandedPath[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const out: ExpandedPath[] = [];
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile() && LOG_LIKE.test(e.name)) out.push({ path: full });
  }
  return out;
}

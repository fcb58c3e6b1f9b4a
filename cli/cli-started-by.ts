// Who started a CLI import, as recorded on its import batch: the CLI has no Shellcase user, so
// the operating-system account that ran it stands in (`cli:alice`).
import { userInfo } from "node:os";

export function cliStartedBy(): string {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (some containers): the uid still tells who it was.
    name = `uid-${process.getuid?.() ?? "unknown"}`;
  }
  return `cli:${name}`;
}

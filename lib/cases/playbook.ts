// The web-shell playbook: the tasks every case starts with, in the order an investigation
// follows the notebook (confirm, trace back to the first access, look for the attacker
// elsewhere, then contain, clean up and close). Seeded by openCase (./open-case.ts) for every
// case, whoever opens it, in the transaction that opens it.
export const WEB_SHELL_PLAYBOOK = [
  { key: "confirm-shell", title: "Confirm the web shell (file on disk, requests to it, commands it ran)" },
  { key: "first-access", title: "Find the attacker's first access and the files requested before the shell" },
  { key: "other-servers", title: "Check the other web servers for the attacker's IP and user agent" },
  { key: "contain", title: "Contain: block the attacker, isolate the host if needed" },
  { key: "remove-shell", title: "Remove the shell and whatever installed it; check for persistence" },
  { key: "close", title: "Write the conclusion, classify and close the case" },
] as const;

export type PlaybookKey = (typeof WEB_SHELL_PLAYBOOK)[number]["key"];

/** The case_tasks rows of a new case, positions 1..n in playbook order. */
export function playbookTaskRows(caseId: number): { caseId: number; key: string; title: string; position: number }[] {
  return WEB_SHELL_PLAYBOOK.map((t, i) => ({ caseId, key: t.key, title: t.title, position: i + 1 }));
}

/** "2026-10-26 07:51:49" in UTC, for messages written by lib (the UI has its own formatter). */
export function formatUtcTime(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().slice(0, 19).replace("T", " ");
}

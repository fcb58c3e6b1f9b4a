// What the import tolerated in this alert (a `$ref` left unresolved, Entities that were not JSON;
// lib/alerts/normalise-entities.ts): the analyst should know the entities may be incomplete.
import type { AlertDetail } from "@/lib/alerts/get-alert-by-id";

export function ImportWarnings({ warnings }: { warnings: AlertDetail["importWarnings"] }) {
  const list = Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === "string") : [];
  if (!list.length) return null;
  return (
    <div
      role="note"
      aria-label="Import warnings"
      className="mb-5 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p className="font-medium">
        Imported with {list.length === 1 ? "a warning" : `${list.length} warnings`}: its entities may be incomplete.
      </p>
      <ul className="mt-1 list-disc pl-5 break-words">
        {list.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </div>
  );
}

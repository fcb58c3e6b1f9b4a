// The alert queue's filters: a plain GET form, so filtering works without JavaScript and every
// filtered view has a URL to share. The server parses the query string (lib/alerts/find-alerts).
// Times are UTC, like every time in the app: a datetime-local value is read as UTC.
import { Field, FilterActions, INPUT_CLASS } from "@/components/ui/form-field";
import type { AlertFilters } from "@/lib/alerts/find-alerts";
import { AlertKind, EnrichmentState } from "@/lib/generated/prisma/enums";
import { ENRICHMENT_STATE_LABEL } from "./enrichment-state-badge";

const SEVERITIES = ["High", "Medium", "Low", "Informational"];

const DISPOSITION_LABEL = { open: "Open (waiting for triage)", in_case: "In a case", dismissed: "Dismissed" } as const;

/** A datetime-local field's value for a UTC time. */
const localValue = (d: Date | undefined) => (d ? d.toISOString().slice(0, 16) : "");

export function AlertFiltersForm({ filters }: { filters: AlertFilters }) {
  const { sort, dir, ...shown } = filters;
  const active = Object.values(shown).some((v) => v !== undefined);
  // Keyed by the current values: after navigating, the fields show what the list is filtered by.
  const key = JSON.stringify(filters);
  // ?severity=high selects "High"; a value outside the usual four (a hand-written URL) stays selectable.
  const severity = filters.severity
    ? (SEVERITIES.find((s) => s.toLowerCase() === filters.severity!.toLowerCase()) ?? filters.severity)
    : "";
  const severities = severity && !SEVERITIES.includes(severity) ? [...SEVERITIES, severity] : SEVERITIES;
  return (
    <form
      key={key}
      method="get"
      action="/alerts"
      role="search"
      aria-label="Filter alerts"
      className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3"
    >
      {sort && <input type="hidden" name="sort" value={sort} />}
      {dir && <input type="hidden" name="dir" value={dir} />}
      <Field label="Search" htmlFor="filter-q">
        <input
          id="filter-q"
          name="q"
          type="search"
          defaultValue={filters.q ?? ""}
          maxLength={200}
          placeholder="name, id, command line, shell"
          autoComplete="off"
          spellCheck={false}
          className={`${INPUT_CLASS} w-56`}
        />
      </Field>
      <Field label="State" htmlFor="filter-disposition">
        <select
          id="filter-disposition"
          name="disposition"
          defaultValue={filters.disposition ?? ""}
          className={INPUT_CLASS}
        >
          <option value="">Any state</option>
          {Object.entries(DISPOSITION_LABEL).map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Case" htmlFor="filter-case">
        <input
          id="filter-case"
          name="case"
          type="search"
          defaultValue={filters.case ?? ""}
          maxLength={20}
          placeholder="CASE-2026-0001"
          autoComplete="off"
          spellCheck={false}
          className={`${INPUT_CLASS} w-36 font-mono text-xs`}
        />
      </Field>
      <Field label="Kind" htmlFor="filter-kind">
        <select id="filter-kind" name="kind" defaultValue={filters.kind ?? ""} className={INPUT_CLASS}>
          <option value="">Any kind</option>
          {Object.values(AlertKind).map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Enrichment" htmlFor="filter-state">
        <select id="filter-state" name="state" defaultValue={filters.state ?? ""} className={INPUT_CLASS}>
          <option value="">Any</option>
          <option value="unenriched">Not enriched (pending, queued, running, failed)</option>
          {Object.values(EnrichmentState).map((s) => (
            <option key={s} value={s}>
              {ENRICHMENT_STATE_LABEL[s]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Host" htmlFor="filter-host">
        <input
          id="filter-host"
          name="host"
          type="search"
          defaultValue={filters.host ?? ""}
          maxLength={255}
          placeholder="web01"
          autoComplete="off"
          spellCheck={false}
          className={`${INPUT_CLASS} w-32`}
        />
      </Field>
      <Field label="Severity" htmlFor="filter-severity">
        <select id="filter-severity" name="severity" defaultValue={severity} className={INPUT_CLASS}>
          <option value="">Any severity</option>
          {severities.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
      <Field label="From (UTC)" htmlFor="filter-from">
        <input
          id="filter-from"
          name="from"
          type="datetime-local"
          defaultValue={localValue(filters.from)}
          className={INPUT_CLASS}
        />
      </Field>
      <Field label="To (UTC)" htmlFor="filter-to">
        <input
          id="filter-to"
          name="to"
          type="datetime-local"
          defaultValue={localValue(filters.to)}
          className={INPUT_CLASS}
        />
      </Field>
      <FilterActions active={active} clearHref="/alerts" />
    </form>
  );
}

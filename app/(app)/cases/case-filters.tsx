// The cases list's filters: a GET form, so every filtered view has a URL.
import { Field, FilterActions, INPUT_CLASS } from "@/components/ui/form-field";
import { CASE_STATUSES } from "@/lib/cases/case-lifecycle";
import type { AssignableUser } from "@/lib/cases/find-assignable-users";
import type { CaseClassification } from "@/lib/generated/prisma/enums";
import { CLASSIFICATION_LABEL } from "./classification-label";

export interface CaseFilterValues {
  status?: string;
  owner?: string;
  classification?: string;
  q?: string;
  /** ISO times (UTC). */
  triagedFrom?: string;
  closedFrom?: string;
  sort?: string;
  dir?: string;
}

/** A datetime-local field's value (to the second) for a UTC time. */
const localValue = (iso: string | undefined) => (iso ? iso.slice(0, 19) : "");

export function CaseFiltersForm({
  values,
  owners,
  actorId,
}: {
  values: CaseFilterValues;
  /** The people who can own a case; the actor is "Mine". */
  owners: AssignableUser[];
  actorId: number;
}) {
  const { sort, dir, ...shown } = values;
  const active = Object.values(shown).some(Boolean);
  const others = owners.filter((o) => o.id !== actorId);
  // ?owner=<id> of someone no longer assignable (disabled, now a viewer) still shows as chosen.
  const unlisted =
    values.owner && /^\d+$/.test(values.owner) && !owners.some((o) => String(o.id) === values.owner)
      ? values.owner
      : undefined;
  return (
    <form
      key={JSON.stringify(values)}
      method="get"
      action="/cases"
      role="search"
      aria-label="Filter cases"
      className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3"
    >
      {sort && <input type="hidden" name="sort" value={sort} />}
      {dir && <input type="hidden" name="dir" value={dir} />}
      <Field label="Search" htmlFor="case-q">
        <input
          id="case-q"
          name="q"
          type="search"
          defaultValue={values.q ?? ""}
          maxLength={200}
          placeholder="number, title, host, shell"
          autoComplete="off"
          spellCheck={false}
          className={`${INPUT_CLASS} w-56`}
        />
      </Field>
      <Field label="Status" htmlFor="case-status">
        <select id="case-status" name="status" defaultValue={values.status ?? ""} className={INPUT_CLASS}>
          <option value="">Any status</option>
          <option value="open">Open (not closed)</option>
          {CASE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Owner" htmlFor="case-owner">
        <select id="case-owner" name="owner" defaultValue={values.owner ?? ""} className={INPUT_CLASS}>
          <option value="">Anyone</option>
          <option value="mine">Mine</option>
          <option value="none">Unassigned</option>
          {others.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {o.name}
            </option>
          ))}
          {unlisted && <option value={unlisted}>User #{unlisted}</option>}
        </select>
      </Field>
      <Field label="Classification" htmlFor="case-classification">
        <select
          id="case-classification"
          name="classification"
          defaultValue={values.classification ?? ""}
          className={INPUT_CLASS}
        >
          <option value="">Any</option>
          {(Object.keys(CLASSIFICATION_LABEL) as CaseClassification[]).map((c) => (
            <option key={c} value={c}>
              {CLASSIFICATION_LABEL[c]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Triaged from (UTC)" htmlFor="case-triaged-from">
        <input
          id="case-triaged-from"
          name="triagedFrom"
          type="datetime-local"
          step={1}
          defaultValue={localValue(values.triagedFrom)}
          className={INPUT_CLASS}
        />
      </Field>
      <Field label="Closed from (UTC)" htmlFor="case-closed-from">
        <input
          id="case-closed-from"
          name="closedFrom"
          type="datetime-local"
          step={1}
          defaultValue={localValue(values.closedFrom)}
          className={INPUT_CLASS}
        />
      </Field>
      <FilterActions active={active} clearHref="/cases" />
    </form>
  );
}

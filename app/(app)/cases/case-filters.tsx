// The cases list's filters: a GET form, so every filtered view has a URL.
import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { CASE_STATUSES } from "@/lib/cases/case-lifecycle";
import type { CaseClassification } from "@/lib/generated/prisma/enums";
import { CLASSIFICATION_LABEL } from "./classification-label";

const FIELD =
  "h-8 rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 placeholder:text-slate-400 " +
  "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600";

export interface CaseFilterValues {
  status?: string;
  owner?: string;
  classification?: string;
  q?: string;
  sort?: string;
  dir?: string;
}

export function CaseFiltersForm({ values }: { values: CaseFilterValues }) {
  const { sort, dir, ...shown } = values;
  const active = Object.values(shown).some(Boolean);
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
          className={`${FIELD} w-56`}
        />
      </Field>
      <Field label="Status" htmlFor="case-status">
        <select id="case-status" name="status" defaultValue={values.status ?? ""} className={FIELD}>
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
        <select id="case-owner" name="owner" defaultValue={values.owner ?? ""} className={FIELD}>
          <option value="">Anyone</option>
          <option value="mine">Mine</option>
          <option value="none">Unassigned</option>
        </select>
      </Field>
      <Field label="Classification" htmlFor="case-classification">
        <select
          id="case-classification"
          name="classification"
          defaultValue={values.classification ?? ""}
          className={FIELD}
        >
          <option value="">Any</option>
          {(Object.keys(CLASSIFICATION_LABEL) as CaseClassification[]).map((c) => (
            <option key={c} value={c}>
              {CLASSIFICATION_LABEL[c]}
            </option>
          ))}
        </select>
      </Field>
      <div className="flex items-center gap-2">
        <Button type="submit" variant="primary">
          Filter
        </Button>
        {active && (
          <Link
            href="/cases"
            className="rounded px-1 text-sm font-medium text-slate-600 hover:text-slate-900 hover:underline"
          >
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={htmlFor} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}

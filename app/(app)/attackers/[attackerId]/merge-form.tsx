"use client";

import { Button } from "@/components/ui/button";
import { Truncate } from "@/components/ui/truncate";
import type { MergeCandidate } from "@/lib/attackers/find-merge-candidates";
import { ActionForm } from "../../action-form";
import { mergeAttackersAction } from "../actions";

const FIELD =
  "h-8 w-full max-w-md rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 placeholder:text-slate-400 " +
  "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600";

const SHARES: Record<MergeCandidate["shares"], string> = {
  ip: "same IP",
  user_agent: "same user agent",
  both: "same IP and user agent",
};

/**
 * Merge other profiles into this one: suggestions that share its IP or user agent, or any
 * profile by id or IP. The server resolves and checks everything (no cycles, roots only).
 */
export function MergeForm({ targetId, candidates }: { targetId: number; candidates: MergeCandidate[] }) {
  return (
    <ActionForm
      action={mergeAttackersAction}
      hidden={{ targetId }}
      className="space-y-3 p-4"
      testId="attacker-merge-form"
      resetOnSuccess
      showSuccess
    >
      {({ pending }) => (
        <>
          {candidates.length > 0 && (
            <fieldset className="space-y-1.5">
              <legend className="text-xs font-medium text-slate-500">Profiles that share an IP or user agent</legend>
              {candidates.map((c) => (
                <label key={c.id} className="flex min-w-0 items-start gap-2 text-sm">
                  <input type="checkbox" name="sourceIds[]" value={c.id} className="mt-1" />
                  <span className="min-w-0 flex-1">
                    <span className="font-mono font-medium text-slate-900">
                      #{c.id} {c.ip || "(no client IP)"}
                    </span>{" "}
                    <span className="text-xs text-slate-500">
                      {SHARES[c.shares]}
                      {c.cases.length ? ` · ${c.cases.join(", ")}` : ""}
                      {c.label ? ` · ${c.label}` : ""}
                    </span>
                    <Truncate text={c.userAgent || "(no user agent)"} mono className="text-slate-600" />
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          <div className="space-y-1">
            <label htmlFor="merge-refs" className="block text-xs font-medium text-slate-500">
              Other profiles, by id or IP (an IP picks every profile with it)
            </label>
            <input
              id="merge-refs"
              name="refs"
              placeholder="#42, 198.51.100.7"
              autoComplete="off"
              spellCheck={false}
              maxLength={2000}
              className={FIELD}
            />
          </div>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Merging…" : `Merge into #${targetId}`}
          </Button>
        </>
      )}
    </ActionForm>
  );
}

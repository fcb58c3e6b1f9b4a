"use client";
// Run a pivot again with another window, attacker criterion or scope. The server action
// validates everything again; this form only offers sensible defaults.
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ActionForm } from "../../action-form";
import { runPivotAction } from "./pivot-actions";

const FIELD =
  "h-8 w-full rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 placeholder:text-slate-400 " +
  "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600";

export interface PivotFormDefaults {
  host: string;
  site: string;
  ip: string;
  userAgent: string;
  anchor: string;
  window: string;
  lookback: string;
  allRequests: boolean;
}

const MATCHES = [
  { value: "both", label: "IP and user agent" },
  { value: "ip", label: "IP" },
  { value: "userAgent", label: "User agent" },
] as const;

export function PivotForm({
  caseId,
  defaults,
  windowPresets,
}: {
  caseId: number;
  defaults: PivotFormDefaults;
  windowPresets: readonly string[];
}) {
  const [match, setMatch] = useState<"ip" | "userAgent" | "both">(
    defaults.ip && defaults.userAgent ? "both" : defaults.ip ? "ip" : "userAgent",
  );
  return (
    <ActionForm
      action={runPivotAction}
      hidden={{ caseId }}
      testId="pivot-form"
      className="space-y-3 px-4 py-3"
      label="Run a pivot"
      showSuccess
    >
      {({ pending }) => (
        <>
          <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
            <Field label="Host (as logged)" htmlFor="pivot-host">
              <input
                id="pivot-host"
                name="host"
                defaultValue={defaults.host}
                required
                maxLength={255}
                className={FIELD}
              />
            </Field>
            <Field label="Site" htmlFor="pivot-site">
              <input
                id="pivot-site"
                name="site"
                defaultValue={defaults.site}
                required
                maxLength={255}
                className={FIELD}
              />
            </Field>
            <Field label="Anchor (first shell access, UTC)" htmlFor="pivot-anchor">
              <input
                id="pivot-anchor"
                name="anchor"
                defaultValue={defaults.anchor}
                required
                placeholder="2024-05-14T10:07:31Z"
                spellCheck={false}
                className={`${FIELD} font-mono`}
              />
            </Field>
            <Field label="Window before the anchor" htmlFor="pivot-window">
              <input
                id="pivot-window"
                name="window"
                data-testid="pivot-window"
                list="pivot-window-presets"
                defaultValue={defaults.window}
                required
                pattern="[1-9][0-9]{0,5}[smhd]"
                title="30m, 1h, 5h, 7h, 1d, 3d, 7d or <n>[smhd]"
                className={`${FIELD} font-mono`}
              />
              <datalist id="pivot-window-presets">
                {windowPresets.map((w) => (
                  <option key={w} value={w} />
                ))}
              </datalist>
            </Field>
          </div>
          <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-800">
            <legend className="sr-only">Match the attacker by</legend>
            <span className="text-xs font-medium text-slate-500">Match by</span>
            {MATCHES.map((m) => (
              <label key={m.value} className="inline-flex items-center gap-1.5">
                <input
                  type="radio"
                  name="match"
                  value={m.value}
                  checked={match === m.value}
                  onChange={() => setMatch(m.value)}
                  data-testid={`pivot-match-${m.value}`}
                />
                {m.label}
              </label>
            ))}
          </fieldset>
          <div className="grid gap-3 sm:grid-cols-[12rem_1fr_8rem]">
            <Field label="Attacker IP" htmlFor="pivot-ip">
              <input
                id="pivot-ip"
                name="ip"
                defaultValue={defaults.ip}
                disabled={match === "userAgent"}
                required={match !== "userAgent"}
                spellCheck={false}
                className={`${FIELD} font-mono`}
              />
            </Field>
            <Field label="User agent (as logged, or with spaces)" htmlFor="pivot-ua">
              <input
                id="pivot-ua"
                name="userAgent"
                defaultValue={defaults.userAgent}
                disabled={match === "ip"}
                required={match !== "ip"}
                maxLength={8192}
                spellCheck={false}
                className={`${FIELD} font-mono`}
              />
            </Field>
            <Field label="First access within" htmlFor="pivot-lookback">
              <input
                id="pivot-lookback"
                name="lookback"
                defaultValue={defaults.lookback}
                pattern="[1-9][0-9]{0,5}[smhd]"
                className={`${FIELD} font-mono`}
              />
            </Field>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <label className="inline-flex items-center gap-1.5 text-sm text-slate-800">
              <input type="checkbox" name="allRequests" defaultChecked={defaults.allRequests} />
              Every request (not only script resources)
            </label>
            <Button type="submit" variant="primary" disabled={pending} data-testid="pivot-run-submit">
              {pending ? "Queueing…" : "Run pivot"}
            </Button>
          </div>
        </>
      )}
    </ActionForm>
  );
}

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <label htmlFor={htmlFor} className="block text-xs font-medium text-slate-500">
        {label}
      </label>
      <div className="mt-1">{children}</div>
    </div>
  );
}

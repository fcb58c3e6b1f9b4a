"use client";
// The one form for a new source and for editing one. The secret is a password field that is
// never filled in: on an edit, leaving it empty keeps the stored secret.
import { useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { MIN_PULL_INTERVAL_SECONDS } from "@/lib/sentinel/sources/source-input";
import type { SourceView } from "@/lib/sentinel/sources/source-view";
import { ActionForm } from "../../action-form";
import { createSourceAction, updateSourceAction } from "./actions";

/** What the form shows of a saved source: its view's settings (never its secret), the start as text. */
export type SourceFormValues = Pick<
  SourceView,
  | "id"
  | "name"
  | "workspaceId"
  | "tenantId"
  | "authKind"
  | "clientId"
  | "hasSecret"
  | "queryEndpoint"
  | "authorityHost"
  | "caCertPem"
  | "subscriptionId"
  | "resourceGroup"
  | "workspaceName"
  | "incidentSync"
  | "pullIntervalSeconds"
  | "enabled"
> & { pullSince: string | null };

const TEXTAREA =
  "block w-full rounded-md border-0 bg-white px-3 py-2 font-mono text-xs text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 " +
  "placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-blue-600 focus:outline-none";

function Field({ id, label, hint, children }: { id: string; label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
    </div>
  );
}

export function SourceForm({ source }: { source?: SourceFormValues }) {
  const ids = useId();
  const [authKind, setAuthKind] = useState(source?.authKind ?? "client_secret");
  const id = (name: string) => `${ids}-${name}`;
  return (
    <ActionForm
      action={source ? updateSourceAction : createSourceAction}
      hidden={source ? { sourceId: source.id } : {}}
      className="space-y-4 p-4"
      showSuccess
      label={source ? `Edit ${source.name}` : "New data source"}
    >
      {({ pending }) => (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id={id("name")} label="Name" hint="Unique; shown on alerts pulled from this workspace.">
              <Input
                id={id("name")}
                name="name"
                defaultValue={source?.name}
                required
                maxLength={100}
                autoComplete="off"
              />
            </Field>
            <Field
              id={id("workspaceId")}
              label="Workspace id"
              hint="Log Analytics workspace → Overview → Workspace ID."
            >
              <Input
                id={id("workspaceId")}
                name="workspaceId"
                defaultValue={source?.workspaceId}
                required
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
            <Field id={id("tenantId")} label="Tenant id">
              <Input
                id={id("tenantId")}
                name="tenantId"
                defaultValue={source?.tenantId}
                required
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
            <Field id={id("authKind")} label="Sign-in">
              <Select
                id={id("authKind")}
                name="authKind"
                value={authKind}
                onChange={(e) => setAuthKind(e.target.value as typeof authKind)}
              >
                <option value="client_secret">App registration with a client secret</option>
                <option value="default_credential">Default Azure credential (managed identity, environment)</option>
              </Select>
            </Field>
            <Field
              id={id("clientId")}
              label="Client id"
              hint={authKind === "client_secret" ? "Required." : "Optional."}
            >
              <Input
                id={id("clientId")}
                name="clientId"
                defaultValue={source?.clientId ?? ""}
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
            <Field
              id={id("secret")}
              label="Client secret"
              hint={
                source?.hasSecret
                  ? "A secret is stored. Leave empty to keep it; it is never shown."
                  : "Stored encrypted; never shown again."
              }
            >
              <Input
                id={id("secret")}
                name="secret"
                type="password"
                autoComplete="new-password"
                defaultValue=""
                disabled={authKind !== "client_secret"}
                placeholder={source?.hasSecret ? "•••••••• (stored)" : ""}
              />
            </Field>
          </div>

          <fieldset className="space-y-3 border-t border-slate-200 pt-4">
            <legend className="text-sm font-semibold text-slate-900">Pulling</legend>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id={id("pullIntervalSeconds")} label="Pull interval (seconds)">
                <Input
                  id={id("pullIntervalSeconds")}
                  name="pullIntervalSeconds"
                  type="number"
                  min={MIN_PULL_INTERVAL_SECONDS}
                  defaultValue={source?.pullIntervalSeconds ?? 300}
                />
              </Field>
              <Field
                id={id("pullSince")}
                label="Pull since (ISO, optional)"
                hint="Where the first pull starts; empty: 7 days before the source was added."
              >
                <Input
                  id={id("pullSince")}
                  name="pullSince"
                  defaultValue={source?.pullSince ?? ""}
                  placeholder="2026-01-31T00:00:00Z"
                  autoComplete="off"
                />
              </Field>
            </div>
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" name="enabled" value="true" defaultChecked={source?.enabled ?? true} />
              Enabled
            </label>
          </fieldset>

          <fieldset className="space-y-3 border-t border-slate-200 pt-4">
            <legend className="text-sm font-semibold text-slate-900">Incident sync (optional)</legend>
            <p className="text-xs text-slate-500">
              The workspace&apos;s Azure Resource Manager path: all three or none. Incident sync writes case closure
              back to Sentinel incidents and needs it.
            </p>
            <div className="grid gap-4 sm:grid-cols-3">
              <Field id={id("subscriptionId")} label="Subscription id">
                <Input
                  id={id("subscriptionId")}
                  name="subscriptionId"
                  defaultValue={source?.subscriptionId ?? ""}
                  autoComplete="off"
                />
              </Field>
              <Field id={id("resourceGroup")} label="Resource group">
                <Input
                  id={id("resourceGroup")}
                  name="resourceGroup"
                  defaultValue={source?.resourceGroup ?? ""}
                  autoComplete="off"
                />
              </Field>
              <Field id={id("workspaceName")} label="Workspace name">
                <Input
                  id={id("workspaceName")}
                  name="workspaceName"
                  defaultValue={source?.workspaceName ?? ""}
                  autoComplete="off"
                />
              </Field>
            </div>
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" name="incidentSync" value="true" defaultChecked={source?.incidentSync ?? false} />
              Incident sync
            </label>
          </fieldset>

          <fieldset className="space-y-3 border-t border-slate-200 pt-4">
            <legend className="text-sm font-semibold text-slate-900">Network (optional)</legend>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id={id("queryEndpoint")} label="Query endpoint" hint="Empty: https://api.loganalytics.io/v1.">
                <Input
                  id={id("queryEndpoint")}
                  name="queryEndpoint"
                  defaultValue={source?.queryEndpoint ?? ""}
                  placeholder="https://api.loganalytics.io/v1"
                  autoComplete="off"
                />
              </Field>
              <Field id={id("authorityHost")} label="Authority host" hint="Empty: https://login.microsoftonline.com.">
                <Input
                  id={id("authorityHost")}
                  name="authorityHost"
                  defaultValue={source?.authorityHost ?? ""}
                  placeholder="https://login.microsoftonline.com"
                  autoComplete="off"
                />
              </Field>
            </div>
            <Field id={id("caCertPem")} label="Extra CA certificate (PEM)" hint="For a TLS-inspecting proxy.">
              <textarea
                id={id("caCertPem")}
                name="caCertPem"
                rows={3}
                defaultValue={source?.caCertPem ?? ""}
                placeholder="-----BEGIN CERTIFICATE-----"
                spellCheck={false}
                className={TEXTAREA}
              />
            </Field>
          </fieldset>

          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" variant="primary" name="intent" value="save" disabled={pending}>
              {pending ? "Saving…" : source ? "Save changes" : "Add source"}
            </Button>
            {!source && (
              // Tries the settings as typed, secret included; nothing is stored.
              <Button type="submit" name="intent" value="test" disabled={pending}>
                Test these settings
              </Button>
            )}
          </div>
        </>
      )}
    </ActionForm>
  );
}

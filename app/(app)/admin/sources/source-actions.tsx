"use client";
// "Test connection" (its outcome in words: what can be read, or exactly what failed) and delete,
// which asks for confirmation first.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ActionForm } from "../../action-form";
import { deleteSourceAction, testSourceAction } from "./actions";

export function SourceActions({ source }: { source: { id: number; name: string } }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="space-y-4 p-4">
      <ActionForm action={testSourceAction} hidden={{ sourceId: source.id }} showSuccess testId="test-connection">
        {({ pending }) => (
          <div className="space-y-1.5">
            <Button type="submit" disabled={pending}>
              {pending ? "Testing…" : "Test connection"}
            </Button>
            <p className="text-xs text-slate-500">
              Signs in and asks the workspace for a row of SecurityAlert and W3CIISLog from the last 24 hours.
            </p>
          </div>
        )}
      </ActionForm>
      <div className="border-t border-slate-200 pt-4">
        {!confirming ? (
          <Button variant="ghost" onClick={() => setConfirming(true)}>
            Delete source
          </Button>
        ) : (
          <ActionForm action={deleteSourceAction} hidden={{ sourceId: source.id }} testId="confirm-delete">
            {({ pending }) => (
              <div className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3">
                <p className="text-sm text-red-800">
                  Delete {source.name}? Its alerts and fetched logs stay; its fetch history goes, and it is no longer
                  pulled.
                </p>
                <div className="flex gap-2">
                  <Button type="submit" variant="primary" disabled={pending}>
                    {pending ? "Deleting…" : "Delete"}
                  </Button>
                  <Button variant="ghost" onClick={() => setConfirming(false)}>
                    Cancel
                  </Button>
                </div>
              </div>
            )}
          </ActionForm>
        )}
      </div>
    </div>
  );
}

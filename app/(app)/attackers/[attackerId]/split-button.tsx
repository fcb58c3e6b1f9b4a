"use client";

import { Button } from "@/components/ui/button";
import { ActionForm } from "../../action-form";
import { splitAttackerAction } from "../actions";

/** Makes a merged identity a profile of its own again. */
export function SplitButton({ id, label = "Split off" }: { id: number; label?: string }) {
  return (
    <ActionForm action={splitAttackerAction} hidden={{ id }} className="flex flex-col items-end gap-1" showSuccess>
      {({ pending }) => (
        <Button type="submit" size="sm" disabled={pending} data-testid="attacker-split">
          {pending ? "Splitting…" : label}
        </Button>
      )}
    </ActionForm>
  );
}

"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { splitAttackerAction } from "../actions";
import { ActionMessage } from "./action-message";

/** Makes a merged identity a profile of its own again. */
export function SplitButton({ id, label = "Split off" }: { id: number; label?: string }) {
  const [state, action, pending] = useActionState(splitAttackerAction, null);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" size="sm" disabled={pending} data-testid="attacker-split">
        {pending ? "Splitting…" : label}
      </Button>
      <ActionMessage state={state} />
    </form>
  );
}

"use client";
// Remounts its children (back to the stored values) when `version` changes, as `key={version}`
// would, but not while the user is editing them: a live update that bumps the version (someone
// else saved) must not wipe a half-made choice or a half-typed conclusion. Editing starts with
// the first input and ends when a form inside saves, or when the user asks to reload after a
// conflict (ActionForm dispatches EDIT_DONE); the form then shows what is stored.
import { useEffect, useRef, useState, type ReactNode } from "react";

export const EDIT_DONE = "shellcase:edit-done";

export function KeepWhileEditing({ version, children }: { version: number | string; children: ReactNode }) {
  const [key, setKey] = useState(version);
  const [editing, setEditing] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  if (!editing && key !== version) setKey(version);

  useEffect(() => {
    const element = ref.current;
    const done = () => setEditing(false);
    element?.addEventListener(EDIT_DONE, done);
    return () => element?.removeEventListener(EDIT_DONE, done);
  }, []);

  return (
    <div ref={ref} className="contents" onInput={() => setEditing(true)}>
      <div key={key} className="contents">
        {children}
      </div>
    </div>
  );
}

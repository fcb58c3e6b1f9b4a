"use client";
// A form bound to a server action through useActionState, with the answer shown beside it. It
// submits from onSubmit rather than through the form's action prop: React resets an action form's
// fields after every answer, errors included, and a refused close must keep its conclusion.
// `hidden` carries what the form read (ids, the version) so the server can scope its write.
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useSyncExternalStore, startTransition, type ReactNode } from "react";
import { Button, type ButtonVariant, type ButtonSize } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import type { ActionState, FormActionFn } from "./action-state";

const noSubscription = () => () => {};

/**
 * False on the server and while hydrating, true once React handles events: until then the
 * form's controls are disabled, so an early click cannot submit the form natively (a GET to
 * this page) instead of calling the action.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

export function ActionForm({
  action,
  hidden = {},
  children,
  className,
  resetOnSuccess = false,
  onSuccess,
  showSuccess = false,
  label,
  testId,
  id,
}: {
  action: FormActionFn;
  hidden?: Record<string, string | number | null | undefined>;
  children: ReactNode | ((state: { pending: boolean; result: ActionState }) => ReactNode);
  className?: string;
  resetOnSuccess?: boolean;
  /** Runs once per successful answer (e.g. to leave an edit mode). */
  onSuccess?: () => void;
  showSuccess?: boolean;
  label?: string;
  testId?: string;
  /** For fields outside the form that join it with form="<id>" (the queue's row checkboxes). */
  id?: string;
}) {
  const [result, run, pending] = useActionState(action, null);
  const hydrated = useHydrated();
  const ref = useRef<HTMLFormElement>(null);
  const handled = useRef<number | null>(null);
  const onSuccessRef = useRef(onSuccess);
  useEffect(() => {
    onSuccessRef.current = onSuccess;
  });
  useEffect(() => {
    if (!result?.ok || handled.current === result.at) return;
    handled.current = result.at;
    if (resetOnSuccess) ref.current?.reset();
    onSuccessRef.current?.();
  }, [result, resetOnSuccess]);

  return (
    <form
      ref={ref}
      id={id}
      aria-label={label}
      data-testid={testId}
      data-ready={hydrated ? "true" : undefined}
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        const submitter = (e.nativeEvent as SubmitEvent).submitter;
        const form = new FormData(e.currentTarget, submitter);
        startTransition(() => run(form));
      }}
    >
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value ?? ""} readOnly />
      ))}
      <fieldset disabled={!hydrated} className="contents">
        {typeof children === "function" ? children({ pending, result }) : children}
      </fieldset>
      <ActionMessage result={result} pending={pending} showSuccess={showSuccess} />
    </form>
  );
}

/** The server's answer: an error (a conflict with a way to reload), or a short confirmation. */
export function ActionMessage({
  result,
  pending,
  showSuccess,
}: {
  result: ActionState;
  pending: boolean;
  showSuccess: boolean;
}) {
  const router = useRouter();
  if (pending || !result) return null;
  if (result.ok) {
    return showSuccess ? (
      <p role="status" className="mt-1 text-xs text-emerald-700">
        {result.message}
      </p>
    ) : null;
  }
  return (
    <div
      role="alert"
      data-testid={result.code === "conflict" ? "conflict-message" : "action-error"}
      className="mt-1.5 flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 px-2.5 py-1.5 text-xs text-red-800"
    >
      <span className="min-w-0 break-words">{result.error}</span>
      {result.code === "conflict" && (
        <Button size="sm" onClick={() => router.refresh()}>
          Reload
        </Button>
      )}
    </div>
  );
}

export function SubmitButton({
  children,
  pending,
  variant = "secondary",
  size = "sm",
  name,
  value,
  className,
  disabled,
}: {
  children: ReactNode;
  pending?: boolean;
  variant?: ButtonVariant;
  size?: ButtonSize;
  name?: string;
  value?: string;
  className?: string;
  disabled?: boolean;
}) {
  return (
    <Button
      type="submit"
      variant={variant}
      size={size}
      name={name}
      value={value}
      disabled={pending || disabled}
      aria-busy={pending || undefined}
      className={cx(className)}
    >
      {children}
    </Button>
  );
}

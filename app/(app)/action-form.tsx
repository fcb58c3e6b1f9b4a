"use client";
// A form bound to a server action through useActionState, with the answer shown beside it. It
// submits from onSubmit rather than through the form's action prop: React resets an action form's
// fields after every answer, errors included, and a refused close must keep its conclusion.
// `hidden` carries what the form read (ids, the version) so the server can scope its write. Once
// the user starts editing, the form keeps the `hidden` values of that moment until it submits:
// a live update (router.refresh) that brings a newer version meanwhile must not turn the user's
// edit of what they saw into a silent overwrite of what someone else saved; the server answers
// with a conflict instead.
// Every form that calls a server action is one of these: the answer is one ActionResult
// (action-result.ts), shown by one ActionMessage, and fields the server refused are marked
// aria-invalid, the first one focused.
import { useRouter } from "next/navigation";
import {
  useActionState,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  startTransition,
  type ReactNode,
} from "react";
import { Button, type ButtonVariant, type ButtonSize } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import type { ActionResult, FormActionFn } from "./action-result";
import { EDIT_DONE } from "./live/keep-while-editing";

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
  resetOnError = false,
  onSuccess,
  showSuccess = false,
  label,
  testId,
  id,
}: {
  action: FormActionFn;
  hidden?: Record<string, string | number | null | undefined>;
  children: ReactNode | ((state: { pending: boolean; result: ActionResult }) => ReactNode);
  className?: string;
  resetOnSuccess?: boolean;
  /** Back to what the page showed after a refusal (a select whose stored value did not change). */
  resetOnError?: boolean;
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
  const [editedFrom, setEditedFrom] = useState<typeof hidden | null>(null);
  const onSuccessRef = useRef(onSuccess);
  useEffect(() => {
    onSuccessRef.current = onSuccess;
  });
  useEffect(() => {
    if (!result || handled.current === result.at) return;
    handled.current = result.at;
    const form = ref.current;
    if (result.status === "ok") {
      form?.dispatchEvent(new Event(EDIT_DONE, { bubbles: true }));
      if (resetOnSuccess) form?.reset();
      onSuccessRef.current?.();
    } else if (resetOnError) {
      form?.reset();
    }
    if (form) markInvalidFields(form, result.status === "error" ? result.fieldErrors : {});
  }, [result, resetOnSuccess, resetOnError]);

  return (
    <form
      ref={ref}
      id={id}
      aria-label={label}
      data-testid={testId}
      data-ready={hydrated ? "true" : undefined}
      className={className}
      onInput={() => {
        if (!editedFrom) setEditedFrom(hidden);
      }}
      onSubmit={(e) => {
        e.preventDefault();
        const submitter = (e.nativeEvent as SubmitEvent).submitter;
        const form = new FormData(e.currentTarget, submitter);
        setEditedFrom(null);
        startTransition(() => run(form));
      }}
    >
      {Object.entries(editedFrom ?? hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value ?? ""} readOnly />
      ))}
      <fieldset disabled={!hydrated} className="contents">
        {typeof children === "function" ? children({ pending, result }) : children}
      </fieldset>
      <ActionMessage result={result} pending={pending} showSuccess={showSuccess} />
    </form>
  );
}

/** Sets aria-invalid on the named controls the server refused, and focuses the first of them. */
function markInvalidFields(form: HTMLFormElement, fieldErrors: Record<string, string>): void {
  let first: HTMLElement | null = null;
  for (const element of Array.from(form.elements)) {
    const name = element.getAttribute("name");
    if (!name || element.getAttribute("type") === "hidden") continue;
    if (name in fieldErrors) {
      element.setAttribute("aria-invalid", "true");
      first ??= element as HTMLElement;
    } else {
      element.removeAttribute("aria-invalid");
    }
  }
  first?.focus();
}

/** The server's answer: an error (a conflict with a way to reload), or a short confirmation. */
export function ActionMessage({
  result,
  pending,
  showSuccess,
}: {
  result: ActionResult;
  pending: boolean;
  showSuccess: boolean;
}) {
  const router = useRouter();
  if (pending || !result) return null;
  if (result.status === "ok") {
    return showSuccess ? (
      <p role="status" data-testid="action-message" className="mt-1 text-xs text-emerald-700">
        {result.message}
      </p>
    ) : null;
  }
  return (
    <div
      role="alert"
      data-testid={result.status === "conflict" ? "conflict-message" : "action-error"}
      className="mt-1.5 flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 px-2.5 py-1.5 text-xs text-red-800"
    >
      <span className="min-w-0 break-words">{result.message}</span>
      {result.status === "conflict" && (
        <Button
          size="sm"
          onClick={(e) => {
            // The user asks for what is stored now: the form may show it again (KeepWhileEditing).
            e.currentTarget.dispatchEvent(new Event(EDIT_DONE, { bubbles: true }));
            router.refresh();
          }}
        >
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

// The one answer of every server action to its form (useActionState's state), shared by the
// actions (form-action.ts) and the client forms (action-form.tsx); nothing here may import
// server code. null until the first answer. A success that moves on (a case just opened) never
// reaches the form: formAction redirects instead.
import type { ConflictDetails } from "@/lib/cases/conflict-error";
import type { AppErrorCode } from "@/lib/errors";

export type ActionResult =
  | null
  | {
      status: "ok";
      message: string;
      /** When the server answered: tells one success from the next. */
      at: number;
    }
  | {
      status: "error";
      code: Exclude<AppErrorCode, "conflict"> | "internal";
      /** Safe to show: an AppError's message, the form's problems by field, or a generic one. */
      message: string;
      /** The form's fields that were refused, by name, each with its problem. */
      fieldErrors: Record<string, string>;
      at: number;
    }
  | {
      status: "conflict";
      message: string;
      /** The field, its value now and who changed it, when the save lost on one field. */
      current?: ConflictDetails;
      at: number;
    };

export type FormActionFn = (previous: ActionResult, form: FormData) => Promise<ActionResult>;

// What a form's server action answers (useActionState's state). Shared by the server actions and
// the client forms; nothing here may import server code.
import type { ConflictDetails } from "@/lib/cases/conflict-error";
import type { AppErrorCode } from "@/lib/errors";

export type ActionState =
  | null
  | {
      ok: true;
      message: string;
      /** When the server answered: tells one success from the next. */
      at: number;
    }
  | {
      ok: false;
      code: AppErrorCode | "internal";
      /** Safe to show: an AppError's message or a generic one. */
      error: string;
      /** For a conflict: the field, its value now and who changed it. */
      current?: ConflictDetails;
      at: number;
    };

export type FormActionFn = (state: ActionState, form: FormData) => Promise<ActionState>;

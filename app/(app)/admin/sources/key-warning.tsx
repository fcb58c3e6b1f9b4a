// SOURCE_SECRET_KEY checked where sources are managed: a missing or wrong key is named here, in
// red, instead of surfacing later as failed pulls.
import { AppError } from "@/lib/errors";
import { checkSourceKey } from "@/lib/sentinel/sources/check-source-key";

export async function KeyWarning() {
  try {
    await checkSourceKey();
    return null;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return (
      <p
        role="alert"
        data-testid="source-key-error"
        className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
      >
        {err.message}
      </p>
    );
  }
}

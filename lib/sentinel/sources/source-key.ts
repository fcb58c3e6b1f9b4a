// The key that seals source secrets, for a change that stores a source: a missing key is refused
// before anything is written, with a message naming SOURCE_SECRET_KEY.
import { AppError } from "../../errors";
import { getEnv } from "../../env";
import { sourceKey } from "../secret-box";

export function requireSourceKey(raw: string | undefined = getEnv().SOURCE_SECRET_KEY): Buffer {
  if (!raw)
    throw new AppError(
      "unavailable",
      "SOURCE_SECRET_KEY is not set: it encrypts data source secrets and must be set before a data source is added (openssl rand -base64 32).",
    );
  return sourceKey(raw);
}

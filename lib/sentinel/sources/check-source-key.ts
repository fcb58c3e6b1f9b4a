// SOURCE_SECRET_KEY is optional until the first data source exists; from then on every process
// that may open a secret (the worker, the CLI, the sources page) checks it at start, so a missing
// or wrong key is reported once, naming the variable, instead of as a failed pull later.
import { getPrisma } from "../../db";
import { AppError } from "../../errors";
import { getEnv } from "../../env";
import { openSecret, sourceKey } from "../secret-box";

/**
 * Throws (AppError "unavailable", naming SOURCE_SECRET_KEY) when a data source exists and the key
 * is missing, malformed, or does not open a stored secret. With no source it checks nothing.
 */
export async function checkSourceKey(raw: string | undefined = getEnv().SOURCE_SECRET_KEY): Promise<void> {
  const sample = await getPrisma().dataSource.findFirst({
    select: { name: true, secretCipher: true },
    orderBy: [{ secretCipher: { sort: "asc", nulls: "last" } }, { id: "asc" }],
  });
  if (!sample) return;
  if (!raw)
    throw new AppError(
      "unavailable",
      "SOURCE_SECRET_KEY is not set, but data sources exist: set it to the key their secrets were stored with (see .env.example).",
    );
  const key = sourceKey(raw);
  if (key.length !== 32)
    throw new AppError(
      "unavailable",
      "SOURCE_SECRET_KEY must be 32 bytes, as 64 hex digits or base64 (openssl rand -base64 32).",
    );
  // One stored secret is enough to tell the right key from another one.
  if (sample.secretCipher) openSecret(sample.secretCipher, sample.name, key);
}

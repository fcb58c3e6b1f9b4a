// Workspace secrets at rest: AES-256-GCM with a random 96-bit IV per secret, the key from
// SOURCE_SECRET_KEY. Stored as "v1:<iv>:<tag>:<ciphertext>" (base64): the version lets the key or
// scheme change later, the tag makes a tampered or wrongly keyed value fail instead of decrypting
// to garbage. The source's name is bound as additional data, so a ciphertext copied onto another
// source does not open there (and renaming a source re-seals its secret: lib/sentinel/sources).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "../errors";
import { getEnv } from "../env";

export function sourceKey(raw = getEnv().SOURCE_SECRET_KEY): Buffer {
  if (!raw)
    throw new AppError(
      "unavailable",
      "SOURCE_SECRET_KEY is not set: it encrypts data source secrets and is required once a data source exists",
    );
  return /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
}

export function sealSecret(secret: string, sourceName: string, key = sourceKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`shellcase-source:${sourceName}`));
  const ct = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), ct.toString("base64")].join(":");
}

export function openSecret(sealed: string, sourceName: string, key = sourceKey()): string {
  const [v, iv, tag, ct] = sealed.split(":");
  if (v !== "v1" || !iv || !tag || ct === undefined)
    throw new AppError("bad_request", "stored secret has an unknown format");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
    decipher.setAAD(Buffer.from(`shellcase-source:${sourceName}`));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new AppError(
      "unavailable",
      `the secret of data source ${sourceName} cannot be decrypted: SOURCE_SECRET_KEY is not the key it was stored with`,
    );
  }
}

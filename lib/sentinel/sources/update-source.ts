// Changes a data source's settings with one audit entry, in one transaction, the row locked
// first. The secret: a new one is sealed; none keeps the stored one — re-sealed under the new
// name when the source is renamed, since the name is bound to the ciphertext (secret-box.ts).
// Switching to default_credential drops the stored secret. The version goes up on every change.
import { recordAudit } from "../../audit/record-audit";
import { getPrisma } from "../../db";
import { AppError } from "../../errors";
import { parseInput } from "../../parse-input";
import { isUniqueViolation } from "../../users/unique-violation";
import { openSecret, sealSecret } from "../secret-box";
import { afterSourcesChanged } from "./after-sources-changed";
import { nameTaken, sourceColumns } from "./create-source";
import { lockSource } from "./lock-source";
import { auditActorOf, requireSourceAdmin, type SourceActor } from "./source-actor";
import { updateSourceSchema, type UpdateSourceInput } from "./source-input";
import { requireSourceKey } from "./source-key";
import { auditSource, toSourceView, type SourceView } from "./source-view";

export async function updateSource(actor: SourceActor, id: number, input: UpdateSourceInput): Promise<SourceView> {
  requireSourceAdmin(actor);
  const data = parseInput(updateSourceSchema, input);
  const key = requireSourceKey();
  let view: SourceView;
  try {
    view = await getPrisma().$transaction(async (tx) => {
      const before = await lockSource(tx, id);
      let secretCipher: string | null = null;
      if (data.authKind === "client_secret") {
        if (data.secret !== undefined) secretCipher = sealSecret(data.secret, data.name, key);
        else if (before.secretCipher)
          secretCipher =
            before.name === data.name
              ? before.secretCipher
              : sealSecret(openSecret(before.secretCipher, before.name, key), data.name, key);
        else throw new AppError("bad_request", "secret: Secret is required for client_secret sign-in.");
      }
      const after = await tx.dataSource.update({
        where: { id: before.id },
        data: { ...sourceColumns(data), secretCipher, version: { increment: 1 } },
      });
      await recordAudit(tx, {
        actor: auditActorOf(actor),
        entityType: "source",
        entityId: after.id,
        action: "source.update",
        before: auditSource(before),
        after: { ...auditSource(after), secretChanged: data.secret !== undefined },
      });
      return toSourceView(after);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(data.name);
    throw err;
  }
  await afterSourcesChanged();
  return view;
}

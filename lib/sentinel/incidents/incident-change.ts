// What a case decision means for a Sentinel incident (docs/sentinel-incidents.md, "Mapping"), and
// applying it: GET, change, PUT back with If-Match; on 412 read again and retry, a bounded number
// of times. An incident already in the wanted state is not written (a retried job writes nothing).
import type { CaseClassification } from "../../generated/prisma/enums";
import { isEtagConflict, type Incident, type IncidentsClient } from "./incidents-client";

/** Longest classificationComment sent; a longer conclusion is cut and says so. */
export const CLASSIFICATION_COMMENT_MAX = 3000;
/** PUTs tried per incident when the etag keeps changing under us. */
export const ETAG_ATTEMPTS = 4;

export type IncidentClassificationValue = "TruePositive" | "BenignPositive" | "FalsePositive" | "Undetermined";
export type IncidentClassificationReason =
  "SuspiciousActivity" | "SuspiciousButExpected" | "IncorrectAlertLogic" | "InaccurateData";

export const CLASSIFICATION_MAP: Record<
  CaseClassification,
  { classification: IncidentClassificationValue; reason: IncidentClassificationReason | null }
> = {
  true_positive: { classification: "TruePositive", reason: "SuspiciousActivity" },
  benign_positive: { classification: "BenignPositive", reason: "SuspiciousButExpected" },
  // Our false positive is the rule firing on something that was not an attack.
  false_positive: { classification: "FalsePositive", reason: "IncorrectAlertLogic" },
  undetermined: { classification: "Undetermined", reason: null },
};

export type IncidentChange =
  { status: "Closed"; classification: CaseClassification; comment: string } | { status: "Active" };

export function trimComment(text: string): string {
  const t = text.trim();
  if (t.length <= CLASSIFICATION_COMMENT_MAX) return t;
  return `${t.slice(0, CLASSIFICATION_COMMENT_MAX - 1)}…`;
}

/** The incident with the change applied (a new object), or null when it is already so. */
export function changedIncident(incident: Incident, change: IncidentChange): Incident | null {
  const p = incident.properties;
  if (change.status === "Active") {
    if (p.status === "Active") return null;
    const properties: Incident["properties"] = { ...p, status: "Active" };
    // Sentinel keeps the old decision on a reopened incident unless told otherwise; a reopened
    // case has no decision, so neither should its incident.
    delete properties.classification;
    delete properties.classificationReason;
    delete properties.classificationComment;
    return { ...incident, properties };
  }
  const mapped = CLASSIFICATION_MAP[change.classification];
  const comment = trimComment(change.comment);
  if (
    p.status === "Closed" &&
    p.classification === mapped.classification &&
    (p.classificationReason ?? null) === mapped.reason &&
    (p.classificationComment ?? "") === comment
  )
    return null;
  const properties: Incident["properties"] = {
    ...p,
    status: "Closed",
    classification: mapped.classification,
    classificationComment: comment,
  };
  if (mapped.reason) properties.classificationReason = mapped.reason;
  else delete properties.classificationReason;
  return { ...incident, properties };
}

/** Only what PUT accepts: read-only and server-set members are dropped. */
function forPut(incident: Incident): Incident {
  const { id: _id, name: _name, type: _type, systemData: _systemData, ...rest } = incident;
  const {
    incidentNumber: _n,
    incidentUrl: _u,
    additionalData: _a,
    createdTimeUtc: _c,
    lastModifiedTimeUtc: _l,
    ...props
  } = incident.properties;
  return { ...rest, properties: props as Incident["properties"] };
}

export interface AppliedChange {
  incident: Incident;
  /** False when the incident was already as wanted. */
  written: boolean;
  /** 412s met on the way. */
  conflicts: number;
}

export async function applyIncidentChange(
  client: IncidentsClient,
  incidentName: string,
  change: IncidentChange,
): Promise<AppliedChange> {
  let conflicts = 0;
  for (let attempt = 1; ; attempt++) {
    const current = await client.getIncident(incidentName);
    const next = changedIncident(current, change);
    if (!next) return { incident: current, written: false, conflicts };
    try {
      const saved = await client.putIncident(incidentName, forPut(next), current.etag);
      return { incident: saved, written: true, conflicts };
    } catch (err) {
      if (!isEtagConflict(err) || attempt >= ETAG_ATTEMPTS) throw err;
      conflicts++;
    }
  }
}

import type { CaseClassification } from "@/lib/generated/prisma/enums";

export const CLASSIFICATION_LABEL: Record<CaseClassification, string> = {
  true_positive: "True positive",
  benign_positive: "Benign positive",
  false_positive: "False positive",
  undetermined: "Undetermined",
};

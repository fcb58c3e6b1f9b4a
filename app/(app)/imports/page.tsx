import type { Metadata } from "next";
import { connection } from "next/server";
import { PageHeader } from "@/components/ui/page-header";
import { canEdit } from "@/lib/auth/roles";
import { getEnv } from "@/lib/env";
import { findImportBatches } from "@/lib/ingest/find-import-batches";
import { pageParamsSchema } from "@/lib/paging";
import { getCurrentActor } from "../current-actor";
import { ImportsWorkspace } from "./imports-workspace";

export const metadata: Metadata = { title: "Imports" };

const PER_PAGE = 25;

export default async function ImportsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const actor = await getCurrentActor();
  const canUpload = canEdit(actor.role);
  const query = pageParamsSchema.safeParse({ ...(await searchParams), perPage: PER_PAGE });
  const params = query.success ? query.data : { page: 1, perPage: PER_PAGE };
  const initial = await findImportBatches(params);

  return (
    <>
      <PageHeader
        title="Imports"
        description={
          canUpload
            ? "Upload IIS web logs and Defender alert exports. Each file is imported in the background; lines that cannot be read are listed with its import. Times are UTC."
            : "IIS web logs and Defender alert exports imported so far, with the lines that could not be read. Analysts upload them. Times are UTC."
        }
      />
      {/* Keyed by page so that paging starts from the server's fresh list. */}
      <ImportsWorkspace
        key={params.page}
        initial={initial}
        maxUploadMb={getEnv().UPLOAD_MAX_MB}
        canUpload={canUpload}
      />
    </>
  );
}

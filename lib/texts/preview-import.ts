import type { ImportProgress } from "@/lib/texts/import/types";
import { parsePreviewSource } from "@/lib/texts/parse-import-source";
import type { TImportSource } from "@/lib/texts/read-import-request";

export type { TImportPreview } from "@/lib/texts/preview-body";

/**
 * The outline an import would create, without writing anything, as the JSON bytes of a
 * TImportPreview. The file is parsed and the answer serialised on a worker thread
 * (lib/texts/parse-import-source.ts), so the event loop never holds the outline as objects; userId
 * counts the parse against that user's limit.
 */
export async function previewImportJson(
  source: TImportSource,
  onProgress?: (progress: ImportProgress) => void,
  options: { userId?: string | null } = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const { json } = await parsePreviewSource(source, { onProgress, userId: options.userId });
  return json;
}

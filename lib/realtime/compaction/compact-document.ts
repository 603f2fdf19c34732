import type pg from "pg";
import {
  inDocumentTransaction,
  readForCompaction,
  replaceWithSnapshot,
} from "@/lib/documents/store";
import { mergeUpdatesOffThread } from "@/lib/realtime/compaction/merge-updates-off-thread";

export type CompactionResult = { merged: number; snapshotBytes: number } | null;

/**
 * Folds a document's log into a new snapshot without ever losing an update written meanwhile:
 * read the snapshot and the rows, merge them in a worker (no lock held), then in one
 * transaction under the document lock insert the snapshot and delete exactly the rows that were
 * merged (and older snapshots). Rows written during the merge stay in the log.
 */
export async function compactDocument(pool: pg.Pool, docName: string): Promise<CompactionResult> {
  const read = await readForCompaction(pool, docName);
  if (!read) return null;
  const merged = await mergeUpdatesOffThread(read.inputs);
  await inDocumentTransaction(pool, docName, (client) =>
    replaceWithSnapshot(client, docName, {
      state: merged,
      upToId: read.upToId,
      mergedIds: read.mergedIds,
    }),
  );
  return { merged: read.mergedIds.length, snapshotBytes: merged.byteLength };
}

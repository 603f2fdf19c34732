import type pg from "pg";
import { lockDocument } from "@/lib/realtime/document-store";
import { mergeUpdatesOffThread } from "@/lib/realtime/compaction/merge-updates-off-thread";

export type CompactionResult = { merged: number; snapshotBytes: number } | null;

/**
 * Folds a document's log into a new snapshot without ever losing an update written meanwhile:
 * read the snapshot and the rows, merge them in a worker (no lock held), then in one
 * transaction under the document lock insert the snapshot and delete exactly the rows that were
 * merged (and older snapshots). Rows written during the merge stay in the log.
 */
export async function compactDocument(pool: pg.Pool, docName: string): Promise<CompactionResult> {
  const snapshot = await pool.query<{ id: string; state: Buffer; upToId: string }>(
    `SELECT id, state, "upToId" FROM "YDocSnapshot" WHERE "docName" = $1 ORDER BY id DESC LIMIT 1`,
    [docName],
  );
  const rows = await pool.query<{ id: string; update: Buffer }>(
    `SELECT id, update FROM "YDocUpdate" WHERE "docName" = $1 ORDER BY id`,
    [docName],
  );
  if (rows.rows.length === 0) return null;
  const previous = snapshot.rows[0];
  const inputs = [
    ...(previous ? [new Uint8Array(previous.state)] : []),
    ...rows.rows.map((row) => new Uint8Array(row.update)),
  ];
  const merged = await mergeUpdatesOffThread(inputs);
  const mergedIds = rows.rows.map((row) => row.id);
  const upToId = mergedIds.reduce(
    (max, id) => (BigInt(id) > max ? BigInt(id) : max),
    previous ? BigInt(previous.upToId) : 0n,
  );

  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await lockDocument(client, docName);
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO "YDocSnapshot" ("docName", state, "upToId") VALUES ($1, $2, $3) RETURNING id`,
      [docName, Buffer.from(merged), upToId.toString()],
    );
    await client.query(`DELETE FROM "YDocUpdate" WHERE "docName" = $1 AND id = ANY($2::bigint[])`, [
      docName,
      mergedIds,
    ]);
    await client.query(`DELETE FROM "YDocSnapshot" WHERE "docName" = $1 AND id < $2`, [
      docName,
      inserted.rows[0]?.id,
    ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return { merged: mergedIds.length, snapshotBytes: merged.byteLength };
}

import { createHash } from "node:crypto";
import type pg from "pg";

/**
 * The Yjs persistence: an append-only log of binary updates per document ("YDocUpdate") and
 * snapshots of merged state ("YDocSnapshot"). Plain pg on purpose: this is the busiest path.
 */
export type StoredState = { updates: Uint8Array[]; maxSeenId: bigint; logRows: number };

/** Writers to one document serialise on this transaction-scoped lock, across processes. */
export async function lockDocument(client: pg.ClientBase, docName: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock($1)", [documentLockKey(docName)]);
}

export function documentLockKey(docName: string): string {
  // A signed 64-bit key from the name (pg_advisory_xact_lock takes bigint).
  return createHash("sha256").update(`ydoc:${docName}`).digest().readBigInt64BE(0).toString();
}

/** The latest snapshot, then every log row not merged into it (in id order). */
export async function loadStoredState(
  client: Pick<pg.ClientBase, "query">,
  docName: string,
): Promise<StoredState> {
  const snapshot = await client.query<{ state: Buffer; upToId: string }>(
    `SELECT state, "upToId" FROM "YDocSnapshot" WHERE "docName" = $1 ORDER BY id DESC LIMIT 1`,
    [docName],
  );
  const rows = await client.query<{ id: string; update: Buffer }>(
    `SELECT id, update FROM "YDocUpdate" WHERE "docName" = $1 ORDER BY id`,
    [docName],
  );
  const updates: Uint8Array[] = [];
  let maxSeenId = 0n;
  const first = snapshot.rows[0];
  if (first) {
    updates.push(new Uint8Array(first.state));
    maxSeenId = BigInt(first.upToId);
  }
  for (const row of rows.rows) {
    updates.push(new Uint8Array(row.update));
    if (BigInt(row.id) > maxSeenId) maxSeenId = BigInt(row.id);
  }
  return { updates, maxSeenId, logRows: rows.rows.length };
}

/**
 * Several documents' stored updates at once, for reading them (archives, summaries): per name the
 * latest snapshot, then its log rows in order; names with nothing stored are absent.
 */
export async function loadStoredUpdates(
  client: Pick<pg.ClientBase, "query">,
  docNames: string[],
): Promise<Map<string, Uint8Array[]>> {
  const byName = new Map<string, Uint8Array[]>();
  if (docNames.length === 0) return byName;
  const rows = await client.query<{ docName: string; data: Buffer }>(
    `SELECT "docName", data, kind, id FROM (
       SELECT DISTINCT ON ("docName") "docName", state AS data, 0 AS kind, id
         FROM "YDocSnapshot" WHERE "docName" = ANY($1) ORDER BY "docName", id DESC
     ) snapshots
     UNION ALL
     SELECT "docName", update AS data, 1 AS kind, id FROM "YDocUpdate" WHERE "docName" = ANY($1)
     ORDER BY 1, 3, 4`,
    [docNames],
  );
  for (const row of rows.rows) {
    const updates = byName.get(row.docName) ?? [];
    updates.push(new Uint8Array(row.data));
    byName.set(row.docName, updates);
  }
  return byName;
}

/**
 * What was stored after `afterId`. Writers hold the document lock while they insert and commit,
 * so ids become visible in order; a snapshot newer than `afterId` covers rows compaction removed.
 */
export async function loadUpdatesSince(
  client: Pick<pg.ClientBase, "query">,
  docName: string,
  afterId: bigint,
): Promise<{ updates: Uint8Array[]; maxSeenId: bigint }> {
  const updates: Uint8Array[] = [];
  let maxSeenId = afterId;
  const snapshot = await client.query<{ state: Buffer; upToId: string }>(
    `SELECT state, "upToId" FROM "YDocSnapshot" WHERE "docName" = $1 AND "upToId" > $2 ORDER BY id DESC LIMIT 1`,
    [docName, afterId.toString()],
  );
  const newer = snapshot.rows[0];
  if (newer) {
    updates.push(new Uint8Array(newer.state));
    maxSeenId = BigInt(newer.upToId);
  }
  const rows = await client.query<{ id: string; update: Buffer }>(
    `SELECT id, update FROM "YDocUpdate" WHERE "docName" = $1 AND id > $2 ORDER BY id`,
    [docName, afterId.toString()],
  );
  for (const row of rows.rows) {
    updates.push(new Uint8Array(row.update));
    if (BigInt(row.id) > maxSeenId) maxSeenId = BigInt(row.id);
  }
  return { updates, maxSeenId };
}

export async function appendUpdate(
  client: Pick<pg.ClientBase, "query">,
  docName: string,
  update: Uint8Array,
  origin: string,
): Promise<bigint> {
  const result = await client.query<{ id: string }>(
    `INSERT INTO "YDocUpdate" ("docName", update, origin) VALUES ($1, $2, $3) RETURNING id`,
    [docName, Buffer.from(update), origin],
  );
  return BigInt(result.rows[0]?.id ?? "0");
}

/** Runs `work` in one transaction holding the document's lock. */
export async function inDocumentTransaction<T>(
  pool: pg.Pool,
  docName: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await lockDocument(client, docName);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

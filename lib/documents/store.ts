import { createHash } from "node:crypto";
import type pg from "pg";
import { coalesced } from "@/lib/db/coalesce";
import { pipelinedQueries } from "@/lib/db/pipelined-queries";
import type { DbTransaction } from "@/lib/db/prisma";

/**
 * The Yjs persistence, and the only code that knows its tables: an append-only log of binary
 * updates per document ("YDocUpdate"), snapshots of merged state ("YDocSnapshot") and the
 * answers to commands already run ("ProcessedCommand"). Every function takes whatever the caller
 * is inside: the pg pool, a pg client in a transaction, or a Prisma interactive transaction
 * (chapter split and merge, text deletion, archive import), so a document write joins the
 * caller's transaction instead of opening its own.
 */
export type DocumentQueryable = Pick<pg.ClientBase, "query"> | DbTransaction;

export type StoredState = { updates: Uint8Array[]; maxSeenId: bigint; logRows: number };

type Row = Record<string, unknown>;

function isPrisma(q: DocumentQueryable): q is DbTransaction {
  return "$queryRawUnsafe" in q;
}

/** Rows of a statement that returns some (pg gives bigint as text, Prisma as bigint). */
async function rows<T extends Row>(
  q: DocumentQueryable,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  if (isPrisma(q)) return q.$queryRawUnsafe<T[]>(sql, ...params);
  return (await q.query<T>(sql, params)).rows;
}

/** A statement run for its effect (Prisma cannot read a `void` column such as a lock's). */
async function run(q: DocumentQueryable, sql: string, params: unknown[]): Promise<number> {
  if (isPrisma(q)) return q.$executeRawUnsafe(sql, ...params);
  return (await q.query(sql, params)).rowCount ?? 0;
}

const bytes = (value: unknown): Uint8Array => new Uint8Array(value as ArrayLike<number>);
const bigintOf = (value: unknown): bigint => BigInt(String(value));

export function documentLockKey(docName: string): string {
  // A signed 64-bit key from the name (pg_advisory_xact_lock takes bigint).
  return createHash("sha256").update(`ydoc:${docName}`).digest().readBigInt64BE(0).toString();
}

/**
 * Writers to a document serialise on this transaction-scoped lock, across processes. Several
 * documents are locked in one fixed order, so two writers of the same set cannot deadlock.
 */
export async function lockDocuments(q: DocumentQueryable, docNames: string[]): Promise<void> {
  const keys = [...new Set(docNames.map(documentLockKey))].sort();
  for (const key of keys) await run(q, "SELECT pg_advisory_xact_lock($1::bigint)", [key]);
}

/**
 * The two statements a document's load runs: its latest snapshot, then every log row (in id
 * order). Exported for the worker that runs them off the main thread
 * (lib/realtime/compaction/merge-updates-off-thread.ts).
 */
export function storedStateStatements(docName: string): {
  snapshot: { text: string; values: unknown[] };
  log: { text: string; values: unknown[] };
} {
  return {
    snapshot: {
      text: `SELECT state, "upToId" FROM "YDocSnapshot" WHERE "docName" = $1 ORDER BY id DESC LIMIT 1`,
      values: [docName],
    },
    log: {
      text: `SELECT id, update FROM "YDocUpdate" WHERE "docName" = $1 ORDER BY id`,
      values: [docName],
    },
  };
}

/** The newest stored id a load covers: the snapshot's `upToId` or a later log row's id. */
export function maxSeenIdOf(upToId: unknown, logIds: unknown[]): bigint {
  let maxSeenId = upToId === null || upToId === undefined ? 0n : bigintOf(upToId);
  for (const id of logIds) if (bigintOf(id) > maxSeenId) maxSeenId = bigintOf(id);
  return maxSeenId;
}

/** The latest snapshot, then every log row not merged into it (in id order), with their ids. */
async function readSnapshotAndLog(
  q: DocumentQueryable,
  docName: string,
): Promise<StoredState & { logIds: string[] }> {
  const statements = storedStateStatements(docName);
  const snapshot = await rows<{ state: unknown; upToId: unknown }>(
    q,
    statements.snapshot.text,
    statements.snapshot.values,
  );
  const log = await rows<{ id: unknown; update: unknown }>(
    q,
    statements.log.text,
    statements.log.values,
  );
  const first = snapshot[0];
  const updates: Uint8Array[] = first ? [bytes(first.state)] : [];
  for (const row of log) updates.push(bytes(row.update));
  return {
    updates,
    maxSeenId: maxSeenIdOf(
      first?.upToId,
      log.map((row) => row.id),
    ),
    logRows: log.length,
    logIds: log.map((row) => String(row.id)),
  };
}

/** The latest snapshot, then every log row not merged into it (in id order). */
export async function loadStoredState(q: DocumentQueryable, docName: string): Promise<StoredState> {
  const { updates, maxSeenId, logRows } = await readSnapshotAndLog(q, docName);
  return { updates, maxSeenId, logRows };
}

/**
 * Several documents' stored updates at once, for reading them (archives, summaries): per name the
 * latest snapshot, then its log rows in order; names with nothing stored are absent.
 */
export async function loadStoredUpdates(
  q: DocumentQueryable,
  docNames: string[],
): Promise<Map<string, Uint8Array[]>> {
  const byName = new Map<string, Uint8Array[]>();
  if (docNames.length === 0) return byName;
  const found = await rows<{ docName: string; data: unknown }>(
    q,
    `SELECT "docName", data, kind, id FROM (
       SELECT DISTINCT ON ("docName") "docName", state AS data, 0 AS kind, id
         FROM "YDocSnapshot" WHERE "docName" = ANY($1::text[]) ORDER BY "docName", id DESC
     ) snapshots
     UNION ALL
     SELECT "docName", update AS data, 1 AS kind, id FROM "YDocUpdate" WHERE "docName" = ANY($1::text[])
     ORDER BY 1, 3, 4`,
    [docNames],
  );
  for (const row of found) {
    const updates = byName.get(row.docName) ?? [];
    updates.push(bytes(row.data));
    byName.set(row.docName, updates);
  }
  return byName;
}

/**
 * What was stored after `afterId`. Writers hold the document lock while they insert and commit,
 * so ids become visible in order; a snapshot newer than `afterId` covers rows compaction removed.
 */
export async function loadUpdatesSince(
  q: DocumentQueryable,
  docName: string,
  afterId: bigint,
): Promise<{ updates: Uint8Array[]; maxSeenId: bigint }> {
  // One statement, not two: it runs under the lock on every write, where each round trip
  // lengthens the time the document is held (kind 0, the snapshot, sorts first).
  const found = await rows<{ kind: number; id: unknown; data: unknown }>(
    q,
    `SELECT kind, id, data FROM (
       (SELECT 0 AS kind, "upToId" AS id, state AS data FROM "YDocSnapshot"
         WHERE "docName" = $1 AND "upToId" > $2::bigint ORDER BY id DESC LIMIT 1)
       UNION ALL
       (SELECT 1 AS kind, id, update AS data FROM "YDocUpdate" WHERE "docName" = $1 AND id > $2::bigint)
     ) since ORDER BY kind, id`,
    [docName, afterId.toString()],
  );
  const updates: Uint8Array[] = [];
  let maxSeenId = afterId;
  for (const row of found) {
    updates.push(bytes(row.data));
    if (bigintOf(row.id) > maxSeenId) maxSeenId = bigintOf(row.id);
  }
  return { updates, maxSeenId };
}

/**
 * Appends one update to the log. `origin` names the writer: a process id, or
 * `maintenance:<process id>` for writes made outside a socket server's live documents. Other
 * processes learn of it from the socket server's channel event after commit, or from their
 * periodic watermark check (lib/realtime/resync.ts) for writes that have no socket server behind.
 */
export async function appendUpdate(
  q: DocumentQueryable,
  docName: string,
  update: Uint8Array,
  origin: string,
): Promise<bigint> {
  const inserted = await rows<{ id: unknown }>(
    q,
    `INSERT INTO "YDocUpdate" ("docName", update, origin) VALUES ($1, $2, $3) RETURNING id`,
    [docName, Buffer.from(update), origin],
  );
  return bigintOf(inserted[0]?.id ?? 0);
}

/**
 * The highest stored id of each named document: its log's newest row, or its newest snapshot's
 * `upToId` when compaction folded the log away (null when nothing is stored). One indexed
 * lookup per name, for the realtime resync's periodic comparison.
 */
export async function loadWatermarks(
  q: DocumentQueryable,
  docNames: string[],
): Promise<Map<string, bigint | null>> {
  const found = await rows<{ name: string; top: unknown }>(
    q,
    `SELECT d.name,
            GREATEST(
              (SELECT max(u.id) FROM "YDocUpdate" u WHERE u."docName" = d.name),
              (SELECT max(s."upToId") FROM "YDocSnapshot" s WHERE s."docName" = d.name)
            )::text AS top
       FROM unnest($1::text[]) AS d(name)`,
    [docNames],
  );
  return new Map(found.map((row) => [row.name, row.top === null ? null : bigintOf(row.top)]));
}

/**
 * Runs `work` in one pg transaction holding the document's lock. `pipelined`: `work` gets a
 * client whose statements asked together go as one round trip (lib/db/pipelined-queries.ts), and
 * `BEGIN` and the lock go with the first of them instead of a round trip of their own.
 */
export async function inDocumentTransaction<T>(
  pool: pg.Pool,
  docName: string,
  work: (client: pg.PoolClient) => Promise<T>,
  options: { pipelined?: boolean } = {},
): Promise<T> {
  const connection = await pool.connect();
  const client = options.pipelined ? pipelinedQueries(connection) : connection;
  try {
    let result: T;
    if (options.pipelined) {
      const lock = `SELECT pg_advisory_xact_lock(${documentLockKey(docName)}::bigint)`;
      // Everything settles before a rollback: none of work's statements may run after it.
      const [begun, locked, worked] = await Promise.allSettled([
        client.query("BEGIN"),
        client.query(lock),
        work(client),
      ]);
      for (const step of [begun, locked, worked]) if (step.status === "rejected") throw step.reason;
      result = (worked as PromiseFulfilledResult<T>).value;
    } else {
      // BEGIN and the lock in one round trip (the simple protocol takes both statements).
      await client.query(
        `BEGIN; SELECT pg_advisory_xact_lock(${documentLockKey(docName)}::bigint)`,
      );
      result = await work(client);
    }
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    connection.release();
  }
}

/**
 * The stored names that start with `prefix` (log or snapshot). starts_with, not LIKE: ids may
 * contain "_", a LIKE wildcard.
 */
export async function storedDocumentNames(q: DocumentQueryable, prefix: string): Promise<string[]> {
  const found = await rows<{ docName: string }>(
    q,
    `SELECT DISTINCT "docName" FROM "YDocUpdate" WHERE starts_with("docName", $1)
     UNION SELECT DISTINCT "docName" FROM "YDocSnapshot" WHERE starts_with("docName", $1)`,
    [prefix],
  );
  return found.map((row) => row.docName);
}

/**
 * Deletes documents for good (log, snapshots and the answers to their commands): exact names,
 * and every name under the given prefixes (per-user storage such as `notes:<id>:`). Call with
 * the documents locked (lockDocuments) so no writer is half-way through one.
 */
export async function deleteDocuments(
  q: DocumentQueryable,
  target: { names: string[]; prefixes?: string[] },
): Promise<void> {
  const prefixes = target.prefixes ?? [];
  for (const table of ["YDocUpdate", "YDocSnapshot"] as const)
    await run(
      q,
      `DELETE FROM "${table}" WHERE "docName" = ANY($1::text[]) OR "docName" ^@ ANY($2::text[])`,
      [target.names, prefixes],
    );
  await run(
    q,
    `DELETE FROM "ProcessedCommand" WHERE "docName" = ANY($1::text[]) OR "docName" ^@ ANY($2::text[])`,
    [target.names, prefixes],
  );
}

/** What compaction folds: the latest snapshot and the log rows after it, read without a lock. */
export async function readForCompaction(
  q: DocumentQueryable,
  docName: string,
): Promise<{ inputs: Uint8Array[]; mergedIds: string[]; upToId: bigint } | null> {
  const stored = await readSnapshotAndLog(q, docName);
  if (stored.logIds.length === 0) return null;
  return { inputs: stored.updates, mergedIds: stored.logIds, upToId: stored.maxSeenId };
}

/**
 * Under the document lock: the merged state becomes the snapshot, and exactly the rows merged
 * into it (and older snapshots) go; rows written during the merge stay in the log.
 */
export async function replaceWithSnapshot(
  q: DocumentQueryable,
  docName: string,
  snapshot: { state: Uint8Array; upToId: bigint; mergedIds: string[] },
): Promise<void> {
  const inserted = await rows<{ id: unknown }>(
    q,
    `INSERT INTO "YDocSnapshot" ("docName", state, "upToId") VALUES ($1, $2, $3::bigint) RETURNING id`,
    [docName, Buffer.from(snapshot.state), snapshot.upToId.toString()],
  );
  await run(q, `DELETE FROM "YDocUpdate" WHERE "docName" = $1 AND id = ANY($2::bigint[])`, [
    docName,
    snapshot.mergedIds,
  ]);
  await run(q, `DELETE FROM "YDocSnapshot" WHERE "docName" = $1 AND id < $2::bigint`, [
    docName,
    bigintOf(inserted[0]?.id ?? 0).toString(),
  ]);
}

type ProcessedEntry = {
  id: string;
  docName: string;
  userId: string;
  result: Record<string, unknown>;
};
type Processed = { userId: string; result: Record<string, unknown> };

const findProcessedTogether = coalesced<Pick<pg.ClientBase, "query">, string, Processed | null>(
  async (q, ids) => {
    const found = await q.query<Processed & { id: string }>(
      `SELECT id, "userId", result FROM "ProcessedCommand" WHERE id = ANY($1::text[])`,
      [ids],
    );
    const byId = new Map(found.rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? { userId: row.userId, result: row.result } : null;
    });
  },
);

const recordTogether = coalesced<Pick<pg.ClientBase, "query">, ProcessedEntry, void>(
  async (q, entries) => {
    await q.query(
      `INSERT INTO "ProcessedCommand" (id, "docName", "userId", result)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])`,
      [
        entries.map((entry) => entry.id),
        entries.map((entry) => entry.docName),
        entries.map((entry) => entry.userId),
        entries.map((entry) => JSON.stringify(entry.result)),
      ],
    );
    return entries.map(() => undefined);
  },
);

/** The answer a command id already got, and who sent it; null when it never ran. */
export async function findProcessedCommand(
  q: DocumentQueryable,
  commandId: string,
): Promise<Processed | null> {
  if (!isPrisma(q)) return findProcessedTogether(q, commandId);
  const found = await rows<Processed>(
    q,
    `SELECT "userId", result FROM "ProcessedCommand" WHERE id = $1`,
    [commandId],
  );
  return found[0] ?? null;
}

/**
 * Records a command's answer, so a repeat of its id gets the same one. `ifAbsent`: a command that
 * changed nothing is recorded outside the document's transaction, where a racing repeat may
 * already have recorded it.
 */
export async function recordProcessedCommand(
  q: DocumentQueryable,
  entry: ProcessedEntry,
  options: { ifAbsent?: boolean } = {},
): Promise<void> {
  if (!isPrisma(q) && !options.ifAbsent) return recordTogether(q, entry);
  await run(
    q,
    `INSERT INTO "ProcessedCommand" (id, "docName", "userId", result) VALUES ($1, $2, $3, $4::jsonb)${
      options.ifAbsent ? " ON CONFLICT DO NOTHING" : ""
    }`,
    [entry.id, entry.docName, entry.userId, JSON.stringify(entry.result)],
  );
}

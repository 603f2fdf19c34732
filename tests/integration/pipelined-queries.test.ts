/**
 * lib/db/pipelined-queries.ts against a real PostgreSQL: statements asked together go as one
 * round trip with their values written in by pg's escapeLiteral, and read back exactly what the
 * extended protocol would; an error mid-batch fails every statement of it and nothing is kept.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { getPool } from "@/lib/db/pool";
import { pipelinedQueries } from "@/lib/db/pipelined-queries";
import { inDocumentTransaction, loadUpdatesSince } from "@/lib/documents/store";
import { withTestDatabase } from "@/tests/helpers/test-database";

withTestDatabase();

/** Every text sent on the connection (each one is a round trip). */
function sentOn(connection: pg.PoolClient): string[] {
  const sent: string[] = [];
  const original = connection.query.bind(connection) as (...args: unknown[]) => unknown;
  (connection as unknown as { query: (...args: unknown[]) => unknown }).query = (
    ...args: unknown[]
  ) => {
    const first = args[0];
    sent.push(typeof first === "string" ? first : String((first as { text: string }).text));
    return original(...args);
  };
  return sent;
}

let connection: pg.PoolClient;
let sent: string[];

beforeAll(async () => {
  connection = await getPool().connect();
  sent = sentOn(connection);
});

afterAll(() => {
  connection.release();
});

const awkward = [
  "it's",
  'a "quoted" \\ backslash',
  "semi; colon -- not a comment",
  "$1 and $2 in a value",
  "ünïcödé ✓ 𝄞",
];

describe("pipelinedQueries", () => {
  it("sends the statements asked together as one round trip and answers each with its own rows", async () => {
    const client = pipelinedQueries(connection);
    sent.length = 0;
    const bytes = Buffer.from([0, 1, 2, 127, 128, 255, 39, 92]);
    const [texts, blob, many, nothing, stamp] = await Promise.all([
      client.query<{ t: string }>("SELECT unnest($1::text[]) AS t", [awkward]),
      client.query<{ b: Buffer }>("SELECT $1::bytea AS b", [bytes]),
      client.query<{ n: string }>("SELECT $1::bigint + $2::int AS n", ["9007199254740993", 1]),
      client.query<{ v: null }>("SELECT $1::text AS v", [null]),
      client.query<{ j: { at: string } }>("SELECT $1::jsonb AS j", [{ at: "o'clock" }]),
    ]);
    expect(sent).toHaveLength(1);
    expect(texts.rows.map((row) => row.t)).toEqual(awkward);
    expect(Buffer.compare(blob.rows[0]?.b ?? Buffer.alloc(0), bytes)).toBe(0);
    expect(many.rows[0]?.n).toBe("9007199254740994");
    expect(nothing.rows[0]?.v).toBeNull();
    expect(stamp.rows[0]?.j).toEqual({ at: "o'clock" });
  });

  it("a lone statement goes as it is, with its parameters", async () => {
    const client = pipelinedQueries(connection);
    sent.length = 0;
    const result = await client.query<{ t: string }>("SELECT $1::text AS t", ["alone"]);
    expect(result.rows[0]?.t).toBe("alone");
    expect(sent).toEqual(["SELECT $1::text AS t"]);
  });

  it("an error mid-batch fails every statement of it; in a transaction nothing of it is kept", async () => {
    const docName = `pipelined:${randomUUID()}`;
    const failure = inDocumentTransaction(
      getPool(),
      docName,
      async (client) => {
        const [first, broken, third] = await Promise.allSettled([
          client.query(
            `INSERT INTO "YDocUpdate" ("docName", update, origin) VALUES ($1, $2, 'test')`,
            [docName, Buffer.from([1, 2, 3])],
          ),
          client.query("SELECT 1 / $1::int", [0]),
          client.query(
            `INSERT INTO "YDocUpdate" ("docName", update, origin) VALUES ($1, $2, 'test')`,
            [docName, Buffer.from([4])],
          ),
        ]);
        for (const step of [first, broken, third]) expect(step.status).toBe("rejected");
        throw (broken as PromiseRejectedResult).reason;
      },
      { pipelined: true },
    );
    await expect(failure).rejects.toThrow(/division by zero/);
    const stored = await loadUpdatesSince(getPool(), docName, 0n);
    expect(stored.updates).toEqual([]);

    // The same batch without the error is stored, bytes intact.
    await inDocumentTransaction(
      getPool(),
      docName,
      async (client) => {
        await Promise.all([
          client.query(
            `INSERT INTO "YDocUpdate" ("docName", update, origin) VALUES ($1, $2, 'test')`,
            [docName, Buffer.from([1, 2, 3])],
          ),
          client.query(
            `INSERT INTO "YDocUpdate" ("docName", update, origin) VALUES ($1, $2, 'test')`,
            [docName, Buffer.from([4])],
          ),
        ]);
      },
      { pipelined: true },
    );
    const kept = await loadUpdatesSince(getPool(), docName, 0n);
    expect(kept.updates.map((update) => [...update])).toEqual([[1, 2, 3], [4]]);
  });
});

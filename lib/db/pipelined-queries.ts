import pg from "pg";

/**
 * pg's own conversion of a parameter to the text it sends (arrays as array literals, dates with
 * their offset, objects as JSON, Buffers left as they are). It is exported at run time as
 * `pg.utils` but not declared by @types/pg.
 */
const { prepareValue } = (pg as unknown as { utils: { prepareValue: (value: unknown) => unknown } })
  .utils;

type Waiting = {
  text: string;
  values: unknown[];
  resolve: (result: pg.QueryResult) => void;
  reject: (error: unknown) => void;
};

/** A parameter as an SQL literal, escaped by pg itself; bytes as a bytea hex literal. */
function literalOf(value: unknown): string {
  const prepared = prepareValue(value);
  if (prepared === null || prepared === undefined) return "NULL";
  if (Buffer.isBuffer(prepared)) return pg.escapeLiteral(`\\x${prepared.toString("hex")}`);
  if (prepared instanceof Uint8Array)
    return pg.escapeLiteral(`\\x${Buffer.from(prepared).toString("hex")}`);
  // prepareValue answers text for everything else (numbers, booleans and bigints as themselves).
  if (
    typeof prepared === "string" ||
    typeof prepared === "number" ||
    typeof prepared === "boolean" ||
    typeof prepared === "bigint"
  )
    return pg.escapeLiteral(String(prepared));
  throw new TypeError("a value pg could not prepare");
}

/**
 * A statement's `$n` parameters written in as literals. Untyped literals take the type their place
 * asks for, as a parameter does (`$2::bigint`, a column of an INSERT). The statements of this
 * code base have no `$n` inside quotes or dollar-quoted bodies, which this does not look for.
 */
export function inlineParameters(text: string, values: unknown[]): string {
  return text.replace(/\$(\d+)/g, (whole, index: string) => {
    const position = Number(index) - 1;
    if (position < 0 || position >= values.length)
      throw new Error(`statement asks for ${whole}, ${values.length} value(s) given`);
    return literalOf(values[position]);
  });
}

/**
 * The same pg client, with the statements asked while nothing else is pending sent together:
 * every query asked until a turn of the event loop passes with no new one (so statements asked
 * from lib/db/coalesce.ts's batches, which wait a turn themselves, are in) goes to PostgreSQL as
 * one multi-statement simple query, one round trip, with the values written in by pg's own
 * `escapeLiteral`. A lone statement goes as it is, with its parameters. Batches go one after
 * another, never two at once on the client (no pg "already executing a query" warning).
 *
 * PostgreSQL stops a multi-statement query at its first error, and in a transaction the rest is
 * aborted: every statement of the batch then fails with that error, and the caller rolls back.
 * Callers that need one statement's result before asking the next still can; they pay a round
 * trip for it, as before. Only the promise forms `query(text)` and `query(text, values)` exist.
 */
export function pipelinedQueries(client: pg.PoolClient): pg.PoolClient {
  let queue: Waiting[] = [];
  let scheduled = false;
  let sending: Promise<void> = Promise.resolve();

  async function send(batch: Waiting[]): Promise<void> {
    const only = batch.length === 1 ? batch[0] : undefined;
    try {
      if (only) {
        only.resolve(await client.query(only.text, only.values));
        return;
      }
      const text = batch
        .map((waiting) => inlineParameters(waiting.text, waiting.values).trim().replace(/;$/, ""))
        .join("; ");
      const results = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
      const list = Array.isArray(results) ? results : [results];
      batch.forEach((waiting, i) => {
        const result = list[i];
        if (result) waiting.resolve(result);
        else waiting.reject(new Error("a batched statement returned no result"));
      });
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }

  // Waits for a turn of the event loop that adds nothing: a coalesced batch asked in this turn
  // sends its statement in the next one.
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    let seen = -1;
    const settle = () => {
      if (queue.length !== seen) {
        seen = queue.length;
        setImmediate(settle);
        return;
      }
      scheduled = false;
      const batch = queue;
      queue = [];
      sending = sending.then(() => send(batch));
    };
    setImmediate(settle);
  }

  // The forms used on a transaction's client here: (text), (text, values) and a config object
  // { text, values } (rate-limiter-flexible's; its statement name is not needed in a batch).
  const query = (first: unknown, second?: unknown): Promise<pg.QueryResult> => {
    const config =
      typeof first === "object" && first !== null && "text" in first
        ? (first as { text: unknown; values?: unknown })
        : { text: first, values: second };
    const { text, values } = config;
    if (typeof text !== "string" || (values !== undefined && !Array.isArray(values)))
      throw new TypeError(
        "pipelinedQueries: only query(text), query(text, values), query({ text, values })",
      );
    return new Promise<pg.QueryResult>((resolve, reject) => {
      // A text of several statements cannot share a batch (its results would shift the others').
      if (text.includes(";") && values === undefined) {
        sending = sending.then(() => send([{ text, values: [], resolve, reject }]));
        return;
      }
      queue.push({ text, values: (values as unknown[] | undefined) ?? [], resolve, reject });
      schedule();
    });
  };

  return new Proxy(client, {
    get(target, property) {
      if (property === "query") return query;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value.bind(target) as unknown) : value;
    },
  });
}

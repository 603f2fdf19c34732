import type pg from "pg";

/**
 * The same pg client, with its queries sent one after another. The commands of a group commit
 * run their checks and writes side by side on their transaction's one client; pg would queue
 * them too, but warns for every query asked while another runs ("client.query() when the client
 * is already executing a query", deprecated: pg 9 refuses it), which floods the logs under load.
 */
export function serialQueries(client: pg.PoolClient): pg.PoolClient {
  let tail: Promise<unknown> = Promise.resolve();
  // pg's `query` has a dozen overloads; the callers here use the promise forms only.
  const query = (...args: unknown[]): Promise<unknown> => {
    const run = tail.then(() => (client.query as (...a: unknown[]) => Promise<unknown>)(...args));
    tail = run.catch(() => undefined);
    return run;
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === "query") return query;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value.bind(target) as unknown) : value;
    },
  });
}

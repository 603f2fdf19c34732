/**
 * Statements of one kind asked on the same pg client during one turn of the event loop go as
 * one statement: `runAll` gets every key and answers each, in order. The commands of a group
 * commit (lib/realtime/live-host.ts) run their checks and writes side by side on the one client
 * of their transaction, and pg sends one statement at a time (no pipelining): one round trip per
 * kind for the whole group instead of one per command. A lone caller waits only for the turn to
 * end (setImmediate), not for a timer.
 */
export function coalesced<Q extends object, K, V>(
  runAll: (q: Q, keys: K[]) => Promise<V[]>,
): (q: Q, key: K) => Promise<V> {
  const open = new WeakMap<Q, { keys: K[]; values: Promise<V[]> }>();
  return (q, key) => {
    let batch = open.get(q);
    if (!batch) {
      const keys: K[] = [];
      const values = new Promise<V[]>((resolve, reject) => {
        setImmediate(() => {
          open.delete(q);
          runAll(q, keys).then(resolve, reject);
        });
      });
      batch = { keys, values };
      open.set(q, batch);
    }
    const index = batch.keys.push(key) - 1;
    return batch.values.then((values) => values[index] as V);
  };
}

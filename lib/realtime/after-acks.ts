/**
 * Stored changes go out to their document's room after the acknowledgements of the same turn of
 * the event loop, in the order they were stored. The writer's ack does not wait behind a frame to
 * every reader of the document (two socket writes each for a binary socket.io packet: with 200
 * readers that was hundreds of writes before the "saved"), and the readers' frames follow in the
 * same loop iteration (`setImmediate`, the check phase right after the I/O that finished the
 * write). Every change is still stored before it is acknowledged and before it is broadcast.
 *
 * One queue per process (per namespace), used by every path that relays a stored change (commands,
 * members' own updates, catch-ups from the store), so a document's frames keep their order.
 */
const queues = new WeakMap<object, (emit: () => void) => void>();

export function afterAcks(namespace: object): (emit: () => void) => void {
  let queue = queues.get(namespace);
  if (!queue) {
    let pending: (() => void)[] = [];
    queue = (emit) => {
      pending.push(emit);
      if (pending.length > 1) return;
      setImmediate(() => {
        const due = pending;
        pending = [];
        for (const send of due) {
          try {
            send();
          } catch (error) {
            console.error("[realtime] a broadcast failed:", error);
          }
        }
      });
    };
    queues.set(namespace, queue);
  }
  return queue;
}

import type { Namespace } from "socket.io";

/**
 * The other processes the namespace's adapter counts, by id, when it names them: the
 * heartbeat-based adapters (PostgreSQL) keep each process they heard from until its heartbeat
 * times out (10 s), which is how a dead process is still counted for that long. The Redis adapter
 * counts Redis's subscribers instead (null here), and Redis drops a killed process's subscription
 * at once.
 */
export function countedProcesses(nsp: Namespace): string[] | null {
  const nodes = (nsp.adapter as { nodesMap?: unknown }).nodesMap;
  return nodes instanceof Map ? [...(nodes as Map<string, unknown>).keys()].map(String) : null;
}

/**
 * False only when the adapter names the other processes and there are none: then an event for
 * the others reaches nobody, and sending it costs a PostgreSQL round trip per event (a NOTIFY
 * that comes back to this process alone). A process that starts later announces itself before it
 * serves anyone, and loads what it opens from the store.
 */
export function othersMayListen(nsp: Namespace): boolean {
  const others = countedProcesses(nsp);
  return others === null || others.length > 0;
}

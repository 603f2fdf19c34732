import { randomUUID } from "node:crypto";
import type { Namespace } from "socket.io";
import { countedProcesses } from "@/lib/realtime/cluster-nodes";

/**
 * How long a question to the other processes waits for their answers. A process that died is
 * still counted by the adapter until its heartbeat times out (10 s for the PostgreSQL adapter),
 * so without a short bound every call would wait for it; answers arrive in a few milliseconds
 * otherwise. Callers answer within 200 ms (issue 18) with what they have.
 */
export const FAN_OUT_TIMEOUT_MS = 120;

export type FanOutResult<A> = {
  answers: A[];
  /** True when some process did not answer in time: the answers are what is known. */
  partial: boolean;
};

type Pending<A> = {
  answers: A[];
  answeredBy: Set<string>;
  /** Processes the adapter counts besides this one; unknown until it has counted them. */
  expected: number;
  /** The ones it waits for, when the adapter names them (a process that missed an earlier question is not). */
  waitingFor: Set<string> | null;
  finish: (partial: boolean) => void;
};

/** The adapter's id of this process (socket.io's cluster adapters have one). */
function adapterUid(nsp: Namespace): string | null {
  const uid = (nsp.adapter as { uid?: unknown }).uid;
  return typeof uid === "string" ? uid : null;
}

/**
 * A question every other process answers, over socket.io server-side events (whichever adapter
 * carries them: PostgreSQL or Redis). Unlike the adapter's fetchSockets or serverSideEmit with an
 * ack, which fail or wait 5 s as a whole when one process is missing, this keeps the answers that
 * did arrive and returns after `timeoutMs` at the latest, and does not wait again for a process
 * that missed a question until it answers one.
 */
export function createFanOut<Q, A>(
  nsp: Namespace,
  name: string,
  answer: (query: Q) => Promise<A>,
): (query: Q, options?: { timeoutMs?: number }) => Promise<FanOutResult<A>> {
  const processId = adapterUid(nsp) ?? randomUUID();
  // Processes that missed a question and have not answered one since: not waited for again.
  const missed = new Set<string>();
  const pending = new Map<string, Pending<A>>();
  const queryEvent = `${name}:query`;
  const answerEvent = `${name}:answer`;

  nsp.on(queryEvent, (requestId: unknown, query: unknown) => {
    if (typeof requestId !== "string") return;
    answer(query as Q)
      .then((result) => nsp.serverSideEmit(answerEvent, requestId, result, processId))
      .catch((error: unknown) =>
        console.error(`[realtime] ${name}: could not answer:`, (error as Error).message),
      );
  });
  nsp.on(answerEvent, (requestId: unknown, result: unknown, from: unknown) => {
    if (typeof requestId !== "string") return;
    const sender = typeof from === "string" ? from : null;
    // A late answer still shows its process is alive: it is waited for again.
    if (sender) missed.delete(sender);
    const request = pending.get(requestId);
    if (!request || (sender && request.answeredBy.has(sender))) return;
    if (sender) request.answeredBy.add(sender);
    request.answers.push(result as A);
    if (request.answers.length >= request.expected) request.finish(false);
    else if (
      request.waitingFor &&
      [...request.waitingFor].every((id) => request.answeredBy.has(id))
    )
      request.finish(true);
  });

  return (query, options = {}) =>
    new Promise<FanOutResult<A>>((resolve) => {
      const requestId = randomUUID();
      const request: Pending<A> = {
        answers: [],
        answeredBy: new Set(),
        // Unknown until the adapter counts the processes (a Redis adapter asks Redis, which
        // may be away: that wait is inside the timeout too).
        expected: Number.POSITIVE_INFINITY,
        waitingFor: null,
        finish: (partial) => {
          clearTimeout(timer);
          pending.delete(requestId);
          resolve({ answers: request.answers, partial });
        },
      };
      const timer = setTimeout(() => {
        const partial = request.answers.length < request.expected;
        if (partial)
          for (const id of countedProcesses(nsp) ?? []) {
            if (!request.answeredBy.has(id)) missed.add(id);
          }
        request.finish(partial);
      }, options.timeoutMs ?? FAN_OUT_TIMEOUT_MS);
      pending.set(requestId, request);
      nsp.adapter
        .serverCount()
        .then((count) => {
          if (!pending.has(requestId)) return;
          request.expected = count - 1;
          if (request.expected <= 0) return request.finish(false);
          const counted = countedProcesses(nsp);
          if (counted) {
            // Forget the missed processes the adapter no longer counts (dead and timed out).
            for (const id of missed) if (!counted.includes(id)) missed.delete(id);
            if (missed.size > 0)
              request.waitingFor = new Set(counted.filter((id) => !missed.has(id)));
          }
          nsp.serverSideEmit(queryEvent, requestId, query);
          // Every process the adapter counts missed its last question: nobody to wait for.
          if (request.waitingFor?.size === 0) request.finish(true);
        })
        .catch(() => request.finish(true));
    });
}

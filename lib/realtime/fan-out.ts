import { randomUUID } from "node:crypto";
import type { Namespace } from "socket.io";

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
  expected: number;
  finish: (partial: boolean) => void;
};

/**
 * A question every other process answers, over socket.io server-side events (whichever adapter
 * carries them: PostgreSQL or Redis). Unlike the adapter's fetchSockets or serverSideEmit with an
 * ack, which fail or wait 5 s as a whole when one process is missing, this keeps the answers that
 * did arrive and returns after `timeoutMs` at the latest.
 */
export function createFanOut<Q, A>(
  nsp: Namespace,
  name: string,
  answer: (query: Q) => Promise<A>,
): (query: Q, options?: { timeoutMs?: number }) => Promise<FanOutResult<A>> {
  const pending = new Map<string, Pending<A>>();
  const queryEvent = `${name}:query`;
  const answerEvent = `${name}:answer`;

  nsp.on(queryEvent, (requestId: unknown, query: unknown) => {
    if (typeof requestId !== "string") return;
    answer(query as Q)
      .then((result) => nsp.serverSideEmit(answerEvent, requestId, result))
      .catch((error: unknown) =>
        console.error(`[realtime] ${name}: could not answer:`, (error as Error).message),
      );
  });
  nsp.on(answerEvent, (requestId: unknown, result: unknown) => {
    if (typeof requestId !== "string") return;
    const request = pending.get(requestId);
    if (!request) return;
    request.answers.push(result as A);
    if (request.answers.length >= request.expected) request.finish(false);
  });

  return (query, options = {}) =>
    new Promise<FanOutResult<A>>((resolve) => {
      const requestId = randomUUID();
      const request: Pending<A> = {
        answers: [],
        // Unknown until the adapter counts the processes (a Redis adapter asks Redis, which
        // may be away: that wait is inside the timeout too).
        expected: Number.POSITIVE_INFINITY,
        finish: (partial) => {
          clearTimeout(timer);
          pending.delete(requestId);
          resolve({ answers: request.answers, partial });
        },
      };
      const timer = setTimeout(
        () => request.finish(request.answers.length < request.expected),
        options.timeoutMs ?? FAN_OUT_TIMEOUT_MS,
      );
      pending.set(requestId, request);
      nsp.adapter
        .serverCount()
        .then((count) => {
          if (!pending.has(requestId)) return;
          request.expected = count - 1;
          if (request.expected <= 0) return request.finish(false);
          nsp.serverSideEmit(queryEvent, requestId, query);
        })
        .catch(() => request.finish(true));
    });
}

/**
 * The messages between the soak's coordinator (scripts/lib/soak.ts) and its client workers
 * (scripts/lib/soak-worker.ts). The driver's clients are split over worker processes because
 * each holds a real Y.Doc per client (about 7.7 KB of heap per comment thread): 500 replicas in
 * one Node process reached 10 GB and stalled in garbage collection at the size.
 * Sent with `serialization: "advanced"` (structured clone), so Uint8Arrays pass as they are.
 */

/** An app process as the workers know it: its name (A or B) names one live process at a time. */
export type AppRef = { name: string; url: string };

/** An observer: a client of its own (with a member's cookie) on one document of one process. */
export type ObserverSpec = { cookie: string; doc: string; app: AppRef };

export type WorkerMember = { index: number; cookie: string; doc: string };

export type CommentFields = {
  threadId: string;
  messageId: string;
  commandId: string;
  doc: string;
  body: string;
  anchor: Record<string, unknown>;
};

/** Coordinator → worker. Messages with `rid` are answered once with the same `rid`. */
export type ToWorker =
  | { kind: "init"; members: WorkerMember[] }
  | { kind: "connect"; rid: number; targets: { member: number; app: AppRef }[]; batch: number }
  | { kind: "observe"; rid: number; observers: ObserverSpec[] }
  | { kind: "measure"; on: boolean }
  | {
      kind: "comment";
      id: number;
      member: number;
      command: CommentFields;
      /** Retry refusals (same command id) until this time; none when absent. */
      retryUntil?: number;
      reportRefusals: boolean;
    }
  /** A process was killed: retire every client on it; answered with the members moved. */
  | { kind: "drop"; rid: number; app: string }
  | { kind: "retireObservers"; rid: number }
  /** Every member's socket disconnected at once (the Y.Docs kept); answered with the members. */
  | { kind: "disconnectAll"; rid: number }
  /** The same sockets and Y.Docs connect and join again, all at once. */
  | { kind: "reconnectAll"; rid: number }
  /** Each member's state vector against a fresh reader's, and the comments written meanwhile. */
  | {
      kind: "converge";
      rid: number;
      truth: Record<string, Uint8Array>;
      written: { threadId: string; doc: string }[];
      timeoutMs: number;
    }
  | { kind: "stop" };

export type ConvergeReport = {
  clients: number;
  converged: number;
  missing: number;
  /** Sockets that dropped again after rejoining, before converging (and were reconnected). */
  droppedAgain: number;
};

/** Worker → coordinator. */
export type FromWorker =
  | { kind: "ready" }
  | {
      kind: "reply";
      rid: number;
      error?: string;
      members?: number[];
      converge?: ConvergeReport;
      /**
       * Handshakes tried again, clients that could not rejoin after all tries, and each joined
       * client's time from the order to being joined.
       */
      reconnect?: { connectRetries: number; failed: number; seconds: number[] };
    }
  | { kind: "refusal"; id: number; code: string; at: number }
  | {
      kind: "done";
      id: number;
      ok: boolean;
      /** The refusal that ended it (when not ok). */
      code?: string;
      /** The last attempt's send time and process (absent when no attempt reached a socket). */
      sentAt?: number;
      app?: string;
      /** When the acknowledgement arrived (ok) or the command gave up. */
      at: number;
      retried: boolean;
    }
  /** A thread seen by an observer on `app` (only while measuring). */
  | { kind: "seen"; threadId: string; app: string; at: number }
  | { kind: "memory"; heapUsedMb: number; clients: number };
